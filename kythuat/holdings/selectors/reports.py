"""The period report: opening + increases − decreases = closing, by kind, type and grade.

Moves between two units inside the reported subtree are left out of increases and decreases:
the report is the subtree's account with the outside world, as a consolidated report is.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from kythuat.catalog.models import EquipmentType
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from ..choices import MOVES, MovementKind
from ..models import LedgerEntry
from .balances import subtree_balances_as_of

KEY = ("type_id", "grade")


@dataclass
class ReportRow:
    type: EquipmentType
    grade: int
    opening: Decimal = Decimal(0)
    increases: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    decreases: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    closing: Decimal = Decimal(0)

    @property
    def total_increase(self) -> Decimal:
        return sum(self.increases.values(), Decimal(0))

    @property
    def total_decrease(self) -> Decimal:
        return sum(self.decreases.values(), Decimal(0))

    @property
    def balances(self) -> bool:
        return self.opening + self.total_increase - self.total_decrease == self.closing


@dataclass
class PeriodReport:
    unit: Unit
    start: dt.date
    end: dt.date
    rows: list[ReportRow]
    increase_kinds: list[tuple[str, str]]
    decrease_kinds: list[tuple[str, str]]

    def totals(self) -> list[dict]:
        """One total per unit of measure (khẩu and lít are never added together)."""
        totals: dict[str, dict] = {}
        for row in self.rows:
            total = totals.setdefault(row.type.uom, {
                "uom": row.type.uom, "opening": Decimal(0), "increase": Decimal(0),
                "decrease": Decimal(0), "closing": Decimal(0)})
            total["opening"] += row.opening
            total["increase"] += row.total_increase
            total["decrease"] += row.total_decrease
            total["closing"] += row.closing
        return list(totals.values())


def period_report(*, unit: Unit, start: dt.date, end: dt.date,
                  branch_id: int | None = None) -> PeriodReport:
    """The caller has checked that the unit is visible to the user."""
    filters = {"type__branch_id": branch_id} if branch_id else {}
    opening = subtree_balances_as_of(unit=unit, day=start - dt.timedelta(days=1), fields=KEY,
                                     filters=filters)
    closing = subtree_balances_as_of(unit=unit, day=end, fields=KEY, filters=filters)
    ids = subtree_ids(unit)
    # A move between two units of the subtree is internal: it changes neither the subtree's
    # increases nor its decreases, only where things sit inside it.
    internal = Q(kind__in=MOVES, movement__from_unit__in=ids, movement__to_unit__in=ids)
    flows = (LedgerEntry.objects.filter(unit__in=ids, effective_date__gte=start,
                                        effective_date__lte=end, **filters)
             .exclude(internal)
             .values("type_id", "grade", "kind", "direction")
             .annotate(total=Sum("quantity")).order_by())
    rows: dict[tuple, ReportRow] = {}
    types = {}

    def row(key: tuple) -> ReportRow:
        if key not in rows:
            types.setdefault(key[0], None)
            rows[key] = ReportRow(type=None, grade=key[1])  # type: ignore[arg-type]
        return rows[key]

    for key, quantity in opening.items():
        row(key).opening = quantity
    for key, quantity in closing.items():
        row(key).closing = quantity
    used_in, used_out = set(), set()
    for flow in flows:
        target = row((flow["type_id"], flow["grade"]))
        if flow["direction"] == LedgerEntry.Direction.IN:
            target.increases[flow["kind"]] += flow["total"]
            used_in.add(flow["kind"])
        else:
            target.decreases[flow["kind"]] -= flow["total"]
            used_out.add(flow["kind"])
    type_objects = EquipmentType.objects.select_related("branch").in_bulk(list(types))
    for (type_id, _grade), report_row in rows.items():
        report_row.type = type_objects[type_id]
    ordered = sorted(rows.values(), key=lambda r: (r.type.branch.order, r.type.branch.name,
                                                   r.type.name, r.grade))
    return PeriodReport(
        unit=unit, start=start, end=end, rows=ordered,
        increase_kinds=[(k, MovementKind(k).label) for k in MovementKind.values if k in used_in],
        decrease_kinds=[(k, MovementKind(k).label) for k in MovementKind.values if k in used_out],
    )
