"""Authorised strength against holdings (biên chế / hiện có)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kythuat.holdings.renderers import StrengthRow, qty
from kythuat.holdings.selectors import strength_rows
from kythuat.org.models import Unit

ZERO = Decimal(0)


@dataclass(frozen=True)
class StrengthLine:
    kind: str  # "row" or "total" (per type, over the rows)
    unit: str
    type_name: str
    uom: str
    authorized: Decimal | int | None
    on_hand: Decimal | int
    type_id: int = 0
    unit_id: int = 0

    @property
    def difference(self) -> Decimal | int | None:
        """On hand minus authorised: below zero a shortage (thiếu), above it a surplus."""
        if self.authorized is None:
            return None
        return qty(Decimal(self.on_hand) - Decimal(self.authorized))

    @property
    def percent(self) -> Decimal | None:
        """On hand as a share of the authorised strength, one decimal place."""
        if not self.authorized:
            return None
        return (Decimal(self.on_hand) * 100 / Decimal(self.authorized)).quantize(Decimal("0.1"))


@dataclass
class StrengthReport:
    unit: Unit
    day: dt.date
    rows: list[StrengthLine]
    totals: list[StrengthLine]

    @property
    def row_count(self) -> int:
        return len(self.rows) + len(self.totals)


def strength_report(
    *, unit: Unit, day: dt.date, branch=None, type_id: int | None = None, collapse: bool = True
) -> StrengthReport:
    """Rows of the holdings strength screen (per direct subordinate with its subtree, or per
    unit), then one total per type over those rows."""
    source: list[StrengthRow] = strength_rows(unit, collapse=collapse, branch=branch)
    rows = [
        StrengthLine(
            "row",
            r.unit,
            r.type_name,
            r.uom,
            r.authorized,
            r.on_hand,
            type_id=r.type_id,
            unit_id=r.unit_id,
        )
        for r in source
        if not type_id or r.type_id == type_id
    ]
    sums: dict[int, list] = {}
    for row in rows:
        total = sums.setdefault(row.type_id, [row, None, ZERO])
        if row.authorized is not None:
            total[1] = (total[1] or ZERO) + Decimal(row.authorized)
        total[2] += Decimal(row.on_hand)
    totals = [
        StrengthLine(
            "total",
            _("Total"),
            first.type_name,
            first.uom,
            qty(authorized),
            qty(on_hand),
            type_id=type_pk,
        )
        for type_pk, (first, authorized, on_hand) in sums.items()
    ]
    totals.sort(key=lambda line: line.type_name)
    return StrengthReport(unit=unit, day=day, rows=rows, totals=totals)
