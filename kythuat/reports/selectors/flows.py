"""Increases and decreases of a period (báo cáo tăng, giảm), regrouped from the holdings
period report."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from kythuat.catalog.models import EquipmentType
from kythuat.holdings.choices import RESTATES, MovementKind, ReceiptSource
from kythuat.holdings.models import LedgerEntry
from kythuat.holdings.renderers import qty
from kythuat.holdings.selectors import period_report
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

ZERO = Decimal(0)


def _increase_labels() -> dict[str, str]:
    labels = {
        f"{MovementKind.RECEIPT}:{source}": _("Receipt: %(source)s") % {"source": label}
        for source, label in ReceiptSource.choices
    }
    return {
        **labels,
        MovementKind.RECEIPT: _("Receipt"),
        MovementKind.ISSUE: _("Issued by the higher level"),
        MovementKind.TRANSFER: _("Transferred in"),
        MovementKind.RETURN: _("Returned in"),
        MovementKind.FOUND: _("Found"),
        MovementKind.ADJUST_IN: _("Stocktake surplus"),
        MovementKind.GRADE_CHANGE: _("Grade change (in)"),
    }


def _decrease_labels() -> dict[str, str]:
    return {
        MovementKind.ISSUE: _("Issued out"),
        MovementKind.TRANSFER: _("Transferred out"),
        MovementKind.RETURN: _("Returned to the higher level"),
        MovementKind.CONSUMPTION: _("Consumed"),
        MovementKind.LOSS: _("Lost"),
        MovementKind.WRITE_OFF: _("Written off"),
        MovementKind.ADJUST_OUT: _("Stocktake shortage"),
        MovementKind.GRADE_CHANGE: _("Grade change (out)"),
    }


@dataclass
class FlowRow:
    """Opening, increases and decreases by column key, closing of one type (and grade)."""

    type: EquipmentType
    grade: int | None
    opening: Decimal = ZERO
    increases: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    decreases: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    closing: Decimal = ZERO

    @property
    def total_increase(self) -> Decimal:
        return sum(self.increases.values(), ZERO)

    @property
    def total_decrease(self) -> Decimal:
        return sum(self.decreases.values(), ZERO)

    @property
    def balances(self) -> bool:
        return self.opening + self.total_increase - self.total_decrease == self.closing

    def add(self, other: "FlowRow") -> None:
        self.opening += other.opening
        self.closing += other.closing
        for key, value in other.increases.items():
            self.increases[key] += value
        for key, value in other.decreases.items():
            self.decreases[key] += value


@dataclass(frozen=True)
class FlowLine:
    """A printed line: "branch" (a heading), "row", "subtotal" (of a branch, per unit of
    measure) or "total" (of the report, per unit of measure)."""

    kind: str
    label: str
    number: int = 0
    uom: str = ""
    grade: int | None = None
    type_id: int | None = None
    opening: Decimal | int = 0
    increases: tuple = ()
    total_increase: Decimal | int = 0
    decreases: tuple = ()
    total_decrease: Decimal | int = 0
    closing: Decimal | int = 0
    balances: bool = True


@dataclass
class IncreaseDecreaseReport:
    unit: Unit
    start: dt.date
    end: dt.date
    by_grade: bool
    increase_columns: list[tuple[str, str]]  # (key, label)
    decrease_columns: list[tuple[str, str]]
    rows: list[FlowRow]
    lines: list[FlowLine]

    @property
    def all_balance(self) -> bool:
        return all(line.balances for line in self.lines)

    @property
    def row_count(self) -> int:
        return len(self.lines)

    @property
    def width(self) -> int:
        """Columns: No., type, unit of measure, (grade,) opening, the kinds and their two
        totals, closing."""
        return len(self.increase_columns) + len(self.decrease_columns) + 7 + self.by_grade


def _receipts_by_source(unit: Unit, start: dt.date, end: dt.date, filters: dict) -> dict:
    """{(type_id, grade): {source: quantity}} of the receipts of the period (reversals net)."""
    result: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    entries = (
        LedgerEntry.objects.filter(
            unit__in=subtree_ids(unit),
            kind=MovementKind.RECEIPT,
            direction=LedgerEntry.Direction.IN,
            effective_date__gte=start,
            effective_date__lte=end,
            **filters,
        )
        .values("type_id", "grade", "movement__source")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    for entry in entries:
        key = (entry["type_id"], entry["grade"])
        result[key][entry["movement__source"] or ""] += entry["total"]
    return result


def increase_decrease_report(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    branch_id: int | None = None,
    type_id: int | None = None,
    by_grade: bool = False,
) -> IncreaseDecreaseReport:
    """The period report of the holdings app regrouped for the statistics book: receipts split
    by source, moves named by direction, restatements (grade and usage-group changes) netted
    inside a row, rows by type (or type and grade) under branch headings with subtotals."""
    base = period_report(unit=unit, start=start, end=end, branch_id=branch_id)
    filters = {"type__branch_id": branch_id} if branch_id else {}
    receipts = _receipts_by_source(unit, start, end, filters)
    rows: dict[tuple, FlowRow] = {}
    for source_row in base.rows:
        if type_id and source_row.type.pk != type_id:
            continue
        key = (source_row.type.pk, source_row.grade if by_grade else None)
        row = rows.setdefault(key, FlowRow(type=source_row.type, grade=key[1]))
        row.opening += source_row.opening
        row.closing += source_row.closing
        for kind, quantity in source_row.increases.items():
            if kind == MovementKind.RECEIPT:
                by_source = receipts.get((source_row.type.pk, source_row.grade), {})
                for source, part in by_source.items():
                    row.increases[f"{kind}:{source}" if source else kind] += part
                rest = quantity - sum(by_source.values(), ZERO)
                if rest:
                    row.increases[kind] += rest
            else:
                row.increases[kind] += quantity
        for kind, quantity in source_row.decreases.items():
            row.decreases[kind] += quantity
    for row in rows.values():
        for kind in RESTATES:  # a restatement moves within a row: net it out
            common = min(row.increases.get(kind, ZERO), row.decreases.get(kind, ZERO))
            if common > 0:
                row.increases[kind] -= common
                row.decreases[kind] -= common
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.type.branch.order, r.type.branch.name, r.type.name, r.grade or 0),
    )
    increase_columns = _columns(ordered, "increases", _increase_labels())
    decrease_columns = _columns(ordered, "decreases", _decrease_labels())
    return IncreaseDecreaseReport(
        unit=unit,
        start=start,
        end=end,
        by_grade=by_grade,
        increase_columns=increase_columns,
        decrease_columns=decrease_columns,
        rows=ordered,
        lines=_flow_lines(ordered, increase_columns, decrease_columns),
    )


def _columns(rows: list[FlowRow], side: str, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The keys used by some row, in the order of `labels` (unknown keys last)."""
    used = {key for row in rows for key, value in getattr(row, side).items() if value}
    known = [(key, str(label)) for key, label in labels.items() if key in used]
    others = sorted(used - set(labels))
    return known + [
        (key, str(MovementKind(key.split(":")[0]).label).capitalize()) for key in others
    ]


def _flow_line(kind: str, label: str, row: FlowRow, inc: list, dec: list, **extra) -> FlowLine:
    return FlowLine(
        kind=kind,
        label=label,
        opening=qty(row.opening),
        increases=tuple(qty(row.increases.get(key, ZERO)) for key, _label in inc),
        total_increase=qty(row.total_increase),
        decreases=tuple(qty(row.decreases.get(key, ZERO)) for key, _label in dec),
        total_decrease=qty(row.total_decrease),
        closing=qty(row.closing),
        balances=row.balances,
        **extra,
    )


def _flow_lines(rows: list[FlowRow], inc: list, dec: list) -> list[FlowLine]:
    lines: list[FlowLine] = []
    totals: dict[str, FlowRow] = {}
    subtotals: dict[str, FlowRow] = {}
    branch = None

    def close_branch() -> None:
        for uom, subtotal in subtotals.items():
            label = _("Subtotal %(branch)s") % {"branch": branch_name}
            lines.append(_flow_line("subtotal", label, subtotal, inc, dec, uom=uom))
        subtotals.clear()

    branch_name = ""
    for number, row in enumerate(rows, start=1):
        if row.type.branch_id != branch:
            if branch is not None:
                close_branch()
            branch, branch_name = row.type.branch_id, row.type.branch.name
            lines.append(FlowLine(kind="branch", label=branch_name))
        for group in (subtotals, totals):
            group.setdefault(row.type.uom, FlowRow(type=row.type, grade=None)).add(row)
        lines.append(
            _flow_line(
                "row",
                row.type.name,
                row,
                inc,
                dec,
                number=number,
                uom=row.type.uom,
                grade=row.grade,
                type_id=row.type.pk,
            )
        )
    if branch is not None:
        close_branch()
    for uom, total in totals.items():
        lines.append(_flow_line("total", _("Grand total"), total, inc, dec, uom=uom))
    return lines
