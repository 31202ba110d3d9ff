"""Reads on stocktakes: scoped lists, the book as at the stocktake date, progress, variances."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from kythuat.catalog.models import Tracking
from kythuat.core.text import fold
from kythuat.holdings.models import LedgerEntry
from kythuat.holdings.selectors import subtree_balances_as_of
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from .models import CountLine, CountSheet, Stocktake


def stocktake_list(*, user: User, filters: Mapping[str, str] | None = None,
                   unit: Unit | None = None) -> QuerySet[Stocktake]:
    stocktakes = Stocktake.objects.visible_to(user)
    if unit is not None:
        stocktakes = stocktakes.filter(unit__in=subtree_ids(unit))
    filters = filters or {}
    if filters.get("status"):
        stocktakes = stocktakes.filter(status=filters["status"])
    if filters.get("kind"):
        stocktakes = stocktakes.filter(kind=filters["kind"])
    if str(filters.get("year") or "").isdigit():
        stocktakes = stocktakes.filter(as_of__year=int(filters["year"]))
    if text := fold(filters.get("q") or ""):
        rows = stocktakes.values_list("pk", "title", "decision_ref")
        matches = [pk for pk, title, decision in rows if text in fold(f"{title} {decision}")]
        stocktakes = stocktakes.filter(pk__in=matches)
    # The line counts last: the search above reads titles without joining the lines.
    return stocktakes.select_related("unit").annotate(
        line_count=Count("sheets__lines"),
        counted_count=Count("sheets__lines", filter=Q(sheets__lines__counted__isnull=False)),
    ).order_by("-as_of", "-id")


def sheet_list(*, user: User, stocktake: Stocktake | None = None) -> QuerySet[CountSheet]:
    sheets = CountSheet.objects.visible_to(user).select_related(
        "unit", "facility", "stocktake").annotate(
        line_count=Count("lines"),
        counted_count=Count("lines", filter=Q(lines__counted__isnull=False)))
    if stocktake is not None:
        sheets = sheets.filter(stocktake=stocktake)
    return sheets.order_by("stocktake", "number")


@dataclass(frozen=True)
class Progress:
    counted: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.counted / self.total) if self.total else 100


def progress(stocktake: Stocktake) -> Progress:
    lines = CountLine.objects.filter(sheet__stocktake=stocktake)
    totals = lines.aggregate(total=Count("id"), counted=Count("id", filter=Q(
        counted__isnull=False)))
    return Progress(counted=totals["counted"], total=totals["total"])


# The book as at the stocktake date

@dataclass(frozen=True)
class BookedLine:
    unit_id: int
    facility_id: int | None
    type_id: int
    lot_id: int | None
    grade: int
    usage_group_id: int
    quantity: Decimal
    item_id: int | None = None


def book_as_of(*, unit: Unit, day: dt.date) -> list[BookedLine]:
    """What the books of the subtree held at the end of `day`: one line per balance of lot and
    bulk types, one per serial item."""
    rows = subtree_balances_as_of(unit=unit, day=day, filters={
        "type__tracking__in": [Tracking.LOT, Tracking.BULK]})
    booked = [BookedLine(*key, quantity=quantity) for key, quantity in rows.items()
              if quantity > 0]
    items = (LedgerEntry.objects.filter(unit__in=subtree_ids(unit), item__isnull=False,
                                        effective_date__lte=day)
             .values("item_id", "unit_id", "facility_id", "type_id", "grade", "usage_group_id")
             .annotate(total=Sum("quantity")).filter(total__gt=0).order_by())
    booked += [BookedLine(unit_id=row["unit_id"], facility_id=row["facility_id"],
                          type_id=row["type_id"], lot_id=None, grade=row["grade"],
                          usage_group_id=row["usage_group_id"], quantity=Decimal(1),
                          item_id=row["item_id"]) for row in items]
    return booked


# Variances

@dataclass
class VarianceRow:
    type_id: int
    type_name: str
    symbol: str
    uom: str
    grade: int
    booked: Decimal = Decimal(0)
    counted: Decimal = Decimal(0)
    surplus: Decimal = Decimal(0)
    shortage: Decimal = Decimal(0)
    regraded_in: Decimal = Decimal(0)
    regraded_out: Decimal = Decimal(0)

    @property
    def difference(self) -> Decimal:
        return self.counted - self.booked

    @property
    def has_variance(self) -> bool:
        return bool(self.surplus or self.shortage or self.regraded_in or self.regraded_out)


@dataclass
class VarianceReport:
    rows: list[VarianceRow] = field(default_factory=list)
    uncounted: int = 0
    serials_missing: list[CountLine] = field(default_factory=list)
    serials_unexpected: list[CountLine] = field(default_factory=list)
    serials_found: int = 0

    @property
    def totals(self) -> list[VarianceRow]:
        """One total per unit of measure (khẩu, viên and chiếc are never added together), in
        the order the units of measure first appear."""
        totals: dict[str, VarianceRow] = {}
        for row in self.rows:
            total = totals.setdefault(row.uom, VarianceRow(
                type_id=0, type_name="", symbol="", uom=row.uom, grade=0))
            for name in ("booked", "counted", "surplus", "shortage", "regraded_in",
                         "regraded_out"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return list(totals.values())


def variance_report(lines: Iterable[CountLine], *, only_variances: bool = False
                    ) -> VarianceReport:
    """Booked against counted by type and grade. Counted figures are after re-assessment:
    a quantity re-graded from 2 to 3 counts under grade 3."""
    rows: dict[tuple[int, int], VarianceRow] = {}
    report = VarianceReport()

    def row(line: CountLine, grade: int) -> VarianceRow:
        key = (line.type_id, grade)
        if key not in rows:
            rows[key] = VarianceRow(type_id=line.type_id, type_name=line.type.name,
                                    symbol=line.type.symbol, uom=line.type.uom, grade=grade)
        return rows[key]

    for line in lines:
        here = row(line, line.grade)
        here.booked += line.booked
        if not line.is_counted:
            report.uncounted += 1
            continue
        here.counted += line.counted
        here.surplus += line.surplus
        here.shortage += line.shortage
        if line.is_regraded:
            here.counted -= line.regraded
            here.regraded_out += line.regraded
            there = row(line, line.grade_found)
            there.counted += line.regraded
            there.regraded_in += line.regraded
        if line.type.tracking == Tracking.SERIAL:
            if line.is_unexpected and line.counted:
                report.serials_unexpected.append(line)
            elif not line.counted:
                report.serials_missing.append(line)
            else:
                report.serials_found += 1
    report.rows = sorted((r for r in rows.values() if r.has_variance or not only_variances),
                         key=lambda r: (r.type_name, r.grade))
    return report


def stocktake_lines(stocktake: Stocktake) -> QuerySet[CountLine]:
    return (CountLine.objects.filter(sheet__stocktake=stocktake)
            .select_related("type", "item", "lot", "usage_group", "sheet", "sheet__unit",
                            "sheet__facility")
            .order_by("sheet__number", "is_unexpected", "type__name", "serial", "grade", "id"))


def by_sheet(lines: Iterable[CountLine]) -> dict[int, list[CountLine]]:
    grouped: dict[int, list[CountLine]] = defaultdict(list)
    for line in lines:
        grouped[line.sheet_id].append(line)
    return grouped
