"""Holdings reports as files: typed rows in, bytes out; no database, no request (STYLE §10).

`period_table()` also feeds the period report screen, so the screen and the file agree.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kythuat.core import xlsx
from kythuat.core.xlsx import Column

from .selectors.reports import PeriodReport, ReportRow

GRADES = (1, 2, 3, 4, 5)
Info = Sequence[tuple[str, str]]


def qty(value: Decimal | int | None) -> Decimal | int | None:
    """A quantity as people write it: 12, 1234.5 (no trailing zeros of the 3 stored places)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


# The register of items


@dataclass(frozen=True)
class ItemRow:
    type_name: str
    symbol: str
    serial: str
    year: int | None
    grade: int
    usage_group: str
    unit: str
    facility: str
    status: str
    complete: bool
    missing_parts: str


def item_columns() -> list[Column]:
    return [
        Column(_("No."), 6),
        Column(_("Equipment type")),
        Column(_("Symbol")),
        Column(_("Serial number")),
        Column(_("Year of manufacture"), 10, "0"),
        Column(_("Grade"), 7, "0"),
        Column(_("Usage group")),
        Column(_("Holding unit")),
        Column(_("Facility")),
        Column(_("Status")),
        Column(_("Complete set"), 10),
        Column(_("Missing parts")),
    ]


def _item_values(rows: Iterable[ItemRow]):
    yes, no = _("yes"), _("no")
    for number, row in enumerate(rows, start=1):
        yield (
            number,
            row.type_name,
            row.symbol,
            row.serial,
            row.year,
            row.grade,
            row.usage_group,
            row.unit,
            row.facility,
            row.status,
            yes if row.complete else no,
            row.missing_parts,
        )


def render_items_xlsx(rows: Iterable[ItemRow], *, info: Info) -> bytes:
    return xlsx.list_xlsx(
        title=_("REGISTER OF WEAPONS AND TECHNICAL EQUIPMENT"),
        info=info,
        columns=item_columns(),
        rows=_item_values(rows),
        sheet_title=_("Items"),
    )


def render_items_csv(rows: Iterable[ItemRow], *, info: Info) -> bytes:
    return xlsx.csv_bytes(columns=item_columns(), rows=_item_values(rows), info=info)


# Balances as at a date


@dataclass
class BalanceRow:
    labels: tuple[str, ...]  # one per grouping column
    uom: str
    by_grade: dict[int, Decimal] = field(default_factory=dict)
    depth: int = 0  # indentation of a unit name
    links: dict[int, str] = field(default_factory=dict)  # grade (0: total) → item list query

    @property
    def total(self) -> Decimal:
        return sum(self.by_grade.values(), Decimal(0))

    @property
    def shown_total(self) -> Decimal | int:
        return qty(self.total)

    def cells(self) -> list[Decimal | int | None]:
        return [qty(self.by_grade.get(grade)) for grade in GRADES]

    def linked_cells(self) -> list[tuple[Decimal | int | None, str]]:
        """(figure, item-list query or "") per grade."""
        return [(qty(self.by_grade.get(grade)), self.links.get(grade, "")) for grade in GRADES]


@dataclass
class BalanceTable:
    """Rows keyed by the grouping columns and a unit of measure; figures by grade."""

    headings: list[str]  # titles of the grouping columns
    rows: list[BalanceRow]

    @property
    def totals(self) -> list[BalanceRow]:
        """One total row per unit of measure: rifles and litres do not add up."""
        by_uom: dict[str, BalanceRow] = {}
        for row in self.rows:
            total = by_uom.setdefault(row.uom, BalanceRow(labels=(), uom=row.uom))
            for grade, quantity in row.by_grade.items():
                total.by_grade[grade] = total.by_grade.get(grade, Decimal(0)) + quantity
        return list(by_uom.values())


def render_balances_xlsx(table: BalanceTable, *, info: Info, fmt: str = "xlsx") -> bytes:
    columns = [
        Column(_("No."), 6),
        *(Column(h) for h in table.headings),
        Column(_("Unit of measure"), 10),
        *(Column(_("Grade %(grade)s") % {"grade": g}, 11) for g in GRADES),
        Column(_("Total"), 12),
    ]

    def values():
        for number, row in enumerate(table.rows, start=1):
            yield [number, *row.labels, row.uom, *row.cells(), row.shown_total]
        pad = [""] * (len(table.headings) - 1)
        for total in table.totals:
            yield ["", _("Total"), *pad, total.uom, *total.cells(), total.shown_total]

    if fmt == "csv":
        return xlsx.csv_bytes(columns=columns, rows=values(), info=info)
    return xlsx.list_xlsx(
        title=_("HOLDINGS BY QUALITY GRADE"),
        info=info,
        columns=columns,
        rows=values(),
        sheet_title=_("Balances"),
    )


# The period report (báo cáo tăng, giảm)


@dataclass(frozen=True)
class PeriodLine:
    kind: str  # "branch" (a heading), "row", "total"
    label: str
    number: int = 0  # of a row, counted through the report
    uom: str = ""
    grade: int | None = None
    first_of_type: bool = True
    opening: Decimal | int = 0
    increases: tuple = ()
    total_increase: Decimal | int = 0
    decreases: tuple = ()
    total_decrease: Decimal | int = 0
    closing: Decimal | int = 0
    balances: bool = True


@dataclass(frozen=True)
class PeriodTable:
    increase_kinds: list[tuple[str, str]]
    decrease_kinds: list[tuple[str, str]]
    lines: list[PeriodLine]

    @property
    def width(self) -> int:
        """Columns of the table: No., type, uom, grade, opening, the kinds and their totals,
        closing, and the check."""
        return len(self.increase_kinds) + len(self.decrease_kinds) + 9

    @property
    def all_balance(self) -> bool:
        return all(line.balances for line in self.lines)


def _line(
    kind: str, label: str, row: ReportRow, kinds_in: list, kinds_out: list, **extra
) -> PeriodLine:
    return PeriodLine(
        kind=kind,
        label=label,
        opening=qty(row.opening),
        increases=tuple(qty(row.increases.get(k, Decimal(0))) for k in kinds_in),
        total_increase=qty(row.total_increase),
        decreases=tuple(qty(row.decreases.get(k, Decimal(0))) for k in kinds_out),
        total_decrease=qty(row.total_decrease),
        closing=qty(row.closing),
        balances=row.balances,
        **extra,
    )


def period_table(report: PeriodReport) -> PeriodTable:
    """The report as printed: a heading per branch, its rows by type and grade, then one total
    line per unit of measure (rifles and litres do not add up)."""
    kinds_in = [k for k, _label in report.increase_kinds]
    kinds_out = [k for k, _label in report.decrease_kinds]
    lines: list[PeriodLine] = []
    totals: dict[str, ReportRow] = {}
    branch = previous_type = None
    for number, row in enumerate(report.rows, start=1):
        if row.type.branch_id != branch:
            branch = row.type.branch_id
            lines.append(PeriodLine(kind="branch", label=row.type.branch.name))
        total = totals.setdefault(row.type.uom, ReportRow(type=row.type, grade=0))
        total.opening += row.opening
        total.closing += row.closing
        for kind, quantity in row.increases.items():
            total.increases[kind] += quantity
        for kind, quantity in row.decreases.items():
            total.decreases[kind] += quantity
        lines.append(
            _line(
                "row",
                row.type.name,
                row,
                kinds_in,
                kinds_out,
                number=number,
                uom=row.type.uom,
                grade=row.grade,
                first_of_type=row.type.pk != previous_type,
            )
        )
        previous_type = row.type.pk
    for index, (uom, total) in enumerate(totals.items()):
        lines.append(
            _line(
                "total", _("Total"), total, kinds_in, kinds_out, uom=uom, first_of_type=index == 0
            )
        )
    return PeriodTable(report.increase_kinds, report.decrease_kinds, lines)


def render_period_report_xlsx(
    table: PeriodTable, *, unit: str, period: str, branch: str = "", today: dt.date, place: str = ""
) -> bytes:
    """A4 landscape: title, unit and period, a two-row header repeated on every page, the
    rows, and the signature block."""
    book = Workbook()
    sheet = book.active
    sheet.title = xlsx.safe_sheet_title(_("Period report"))
    n_in, n_out = len(table.increase_kinds), len(table.decrease_kinds)
    # No. | type | uom | grade | opening | increases… | total | decreases… | total | closing
    first_in = 6
    first_out = first_in + n_in + 1
    closing_col = first_out + n_out + 1
    width = closing_col
    xlsx.merged(sheet, 1, 1, width // 2, unit.upper(), bold=True, align=xlsx.CENTER)
    xlsx.merged(
        sheet,
        3,
        1,
        width,
        _("REPORT OF INCREASES AND DECREASES OF WEAPONS AND TECHNICAL EQUIPMENT"),
        font=xlsx.TITLE_FONT,
        align=xlsx.CENTER,
    )
    xlsx.merged(
        sheet,
        4,
        1,
        width,
        _("Period: %(period)s") % {"period": period},
        font=xlsx.ITALIC,
        align=xlsx.CENTER,
    )
    if branch:
        xlsx.merged(
            sheet,
            5,
            1,
            width,
            _("Branch: %(branch)s") % {"branch": branch},
            font=xlsx.ITALIC,
            align=xlsx.CENTER,
        )
    top = 7
    head = {"bold": True, "border": True, "align": xlsx.CENTER}
    for column, title in (
        (1, _("No.")),
        (2, _("Equipment type")),
        (3, _("Unit of measure")),
        (4, _("Grade")),
        (5, _("Opening")),
        (closing_col, _("Closing")),
    ):
        xlsx.put(sheet.cell(row=top, column=column), title, **head)
        xlsx.put(sheet.cell(row=top + 1, column=column), None, **head)
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for first, kinds, title in (
        (first_in, table.increase_kinds, _("Increases in the period")),
        (first_out, table.decrease_kinds, _("Decreases in the period")),
    ):
        for offset in range(len(kinds) + 1):
            xlsx.put(sheet.cell(row=top, column=first + offset), None, **head)
        xlsx.merged(sheet, top, first, first + len(kinds), title, **head)
        for offset, (_kind, label) in enumerate(kinds):
            xlsx.put(
                sheet.cell(row=top + 1, column=first + offset), str(label).capitalize(), **head
            )
        xlsx.put(
            sheet.cell(row=top + 1, column=first + len(kinds)),
            pgettext("sum of a column group", "Total"),
            **head,
        )
    row_number = top + 2
    for line in table.lines:
        bold = line.kind != "row"
        if line.kind == "branch":
            for column in range(1, width + 1):
                xlsx.put(sheet.cell(row=row_number, column=column), None, border=True)
            xlsx.put(sheet.cell(row=row_number, column=2), line.label, bold=True, border=True)
            row_number += 1
            continue
        values = [
            line.number or None,
            line.label if line.first_of_type else None,
            line.uom,
            line.grade,
            line.opening,
            *(value or None for value in line.increases),  # a blank cell reads better than 0
            line.total_increase,
            *(value or None for value in line.decreases),
            line.total_decrease,
            line.closing,
        ]
        for column, value in enumerate(values, start=1):
            xlsx.put(sheet.cell(row=row_number, column=column), value, bold=bold, border=True)
        row_number += 1
    # Widths from the figures and names only: the kind titles wrap inside the header.
    xlsx.fit_columns(sheet, skip_rows=top + 1, low=9, high=42)
    sheet.column_dimensions["A"].width = 6
    for row in sheet.iter_rows(min_row=top + 1, max_row=top + 1):
        for cell in row:  # a wrapped title must not break inside a word
            words = str(cell.value or "").split()
            letter = get_column_letter(cell.column)
            longest = max((len(word) for word in words), default=0) * 1.15 + 2
            if longest > (sheet.column_dimensions[letter].width or 0):
                sheet.column_dimensions[letter].width = longest
    sheet.row_dimensions[top].height = 20
    sheet.row_dimensions[top + 1].height = 45  # up to three lines of a kind's title
    sheet.freeze_panes = sheet.cell(row=top + 2, column=3)
    xlsx.page_setup(sheet, landscape=True, repeat_rows=f"{top}:{top + 1}")
    day = today
    date_line = _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place or "……",
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }
    # Translators: the preparer of a statistical table signs here ("NGƯỜI LẬP BIỂU").
    left = _("PREPARED BY")
    # Translators: the commander of the unit signs here ("CHỈ HUY ĐƠN VỊ").
    right = _("UNIT COMMANDER")
    xlsx.signature_block(
        sheet,
        row_number + 1,
        width,
        left=left,
        right=right,
        date_line=date_line,
        hint=_("(signature and full name)"),
    )
    return xlsx.workbook_bytes(book)


# Authorised strength against holdings


@dataclass(frozen=True)
class StrengthRow:
    unit: str
    depth: int
    type_name: str
    uom: str
    authorized: Decimal | int | None
    on_hand: Decimal | int
    unit_id: int = 0
    type_id: int = 0

    @property
    def difference(self) -> Decimal | int | None:
        """On hand minus authorised: below zero a shortage (thiếu), above it a surplus."""
        if self.authorized is None:
            return None
        return qty(Decimal(self.on_hand) - Decimal(self.authorized))


def render_strength_xlsx(
    rows: Sequence[StrengthRow], *, info: Info, fmt: str = "xlsx"
) -> bytes:
    columns = [
        Column(_("No."), 6),
        Column(_("Unit")),
        Column(_("Equipment type")),
        Column(_("Unit of measure"), 10),
        Column(_("Authorised"), 12),
        Column(_("On hand"), 12),
        Column(_("Difference"), 12),
        Column(_("Assessment")),
    ]

    def values():
        for number, row in enumerate(rows, start=1):
            yield [
                number,
                row.unit,
                row.type_name,
                row.uom,
                row.authorized,
                row.on_hand,
                row.difference,
                strength_word(row.difference),
            ]

    if fmt == "csv":
        return xlsx.csv_bytes(columns=columns, rows=values(), info=info)
    return xlsx.list_xlsx(
        title=_("AUTHORISED STRENGTH AND HOLDINGS"),
        info=info,
        columns=columns,
        rows=values(),
        sheet_title=_("Strength"),
    )


def strength_word(difference) -> str:
    if difference is None:
        return _("no authorised strength set")
    if difference < 0:
        return _("short")
    if difference > 0:
        return _("surplus")
    return _("as authorised")
