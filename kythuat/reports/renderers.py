"""The statistical reports as printed xlsx tables: rows in, bytes out (STYLE §10).

Layout of every sheet: the unit's name at the top left (its parent above it, as on official
forms), the title and the period or date, a header of one or two rows repeated on every
printed page, the rows, then the date line and the signatures ("NGƯỜI LẬP BIỂU" / "CHỈ HUY
ĐƠN VỊ"). A4 landscape, fitted to the page width.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kythuat.core import xlsx

from .selectors import GRADES, GradeReport, IncreaseDecreaseReport, StrengthReport

LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
INDENT = Alignment(horizontal="left", vertical="center", indent=2)
SMALL_ITALIC = Font(name=xlsx.FONT_NAME, size=10, italic=True)


@dataclass(frozen=True)
class Head:
    """A header cell: its title, first column, and how many columns and rows it covers."""

    title: str
    column: int
    span: int = 1
    rows: int = 1


@dataclass(frozen=True)
class Heading:
    """Who and what the sheet is about."""

    unit: str
    parent: str
    title: str
    lines: tuple[str, ...]
    day: dt.date
    place: str = ""


class ReportSheet:
    """Writes a report top to bottom; `finish()` returns the file."""

    def __init__(self, heading: Heading, *, width: int, sheet_title: str) -> None:
        self.book = Workbook()
        self.sheet = self.book.active
        self.sheet.title = xlsx.safe_sheet_title(sheet_title)
        self.width = width
        self.heading = heading
        half = max(width // 2, 2)
        xlsx.merged(self.sheet, 1, 1, half, heading.parent.upper(), align=xlsx.CENTER)
        xlsx.merged(self.sheet, 2, 1, half, heading.unit.upper(), bold=True, align=xlsx.CENTER)
        xlsx.merged(self.sheet, 4, 1, width, heading.title, font=xlsx.TITLE_FONT, align=xlsx.CENTER)
        row = 5
        for line in heading.lines:
            xlsx.merged(self.sheet, row, 1, width, line, font=xlsx.ITALIC, align=xlsx.CENTER)
            row += 1
        self.row = row + 1
        self.header_rows = ""

    def header(self, cells: Sequence[Head]) -> None:
        top = self.row
        depth = max(cell.rows for cell in cells)
        style = {"bold": True, "border": True, "align": xlsx.CENTER}
        for cell in cells:
            for r in range(cell.rows):
                for c in range(cell.span):
                    xlsx.put(self.sheet.cell(row=top + r, column=cell.column + c), None, **style)
        for cell in cells:
            xlsx.put(self.sheet.cell(row=top, column=cell.column), cell.title, **style)
            if cell.span > 1 or cell.rows > 1:
                self.sheet.merge_cells(
                    start_row=top,
                    start_column=cell.column,
                    end_row=top + cell.rows - 1,
                    end_column=cell.column + cell.span - 1,
                )
        self.header_rows = f"{top}:{top + depth - 1}"
        self.row = top + depth
        self.first_body_row = self.row

    def add_subheader(self, cells: Sequence[Head]) -> None:
        """Titles under the merged groups, in the last header row."""
        for cell in cells:
            xlsx.put(
                self.sheet.cell(row=self.row - 1, column=cell.column),
                cell.title,
                bold=True,
                border=True,
                align=xlsx.CENTER,
            )

    def line(self, values: Sequence[Any], *, bold: bool = False, indent_label: int = 0) -> None:
        for column, value in enumerate(values, start=1):
            cell = xlsx.put(
                self.sheet.cell(row=self.row, column=column), value, bold=bold, border=True
            )
            if column == indent_label:
                cell.alignment = INDENT
        for column in range(len(values) + 1, self.width + 1):
            xlsx.put(self.sheet.cell(row=self.row, column=column), None, border=True)
        self.row += 1

    def section(self, label: str, *, column: int = 2) -> None:
        """A heading across the table (a branch, an equipment type)."""
        for c in range(1, self.width + 1):
            xlsx.put(self.sheet.cell(row=self.row, column=c), None, border=True)
        xlsx.merged(
            self.sheet, self.row, column, self.width, label, bold=True, border=True, align=LEFT
        )
        self.row += 1

    def note(self, text: str) -> None:
        xlsx.merged(self.sheet, self.row, 1, self.width, text, font=SMALL_ITALIC, align=LEFT)
        self.row += 1

    def finish(self, *, narrow: Sequence[int] = (1,), low: float = 8, high: float = 42) -> bytes:
        sheet = self.sheet
        top = int(self.header_rows.split(":")[0])
        xlsx.fit_columns(sheet, skip_rows=self.first_body_row - 1, low=low, high=high)
        # A wrapped header title must not break inside a word.
        for row in sheet.iter_rows(min_row=top, max_row=self.first_body_row - 1):
            for cell in row:
                words = str(cell.value or "").split()
                letter = get_column_letter(cell.column)
                longest = max((len(word) for word in words), default=0) * 1.15 + 2
                if longest > (sheet.column_dimensions[letter].width or 0):
                    sheet.column_dimensions[letter].width = longest
        for column in narrow:
            sheet.column_dimensions[get_column_letter(column)].width = 6
        for number in range(top, self.first_body_row):
            sheet.row_dimensions[number].height = 48 if top == self.first_body_row - 1 else 30
        sheet.freeze_panes = f"C{self.first_body_row}"
        xlsx.page_setup(sheet, landscape=True, repeat_rows=self.header_rows)
        xlsx.standard_signatures(
            sheet, self.row + 1, self.width, day=self.heading.day, place=self.heading.place
        )
        return xlsx.workbook_bytes(self.book)


def _blank(value: Any) -> Any:
    """A blank cell reads better than a 0 in a wide table of kinds."""
    return value or None


# Increases and decreases


def render_increase_decrease_xlsx(report: IncreaseDecreaseReport, heading: Heading) -> bytes:
    n_in, n_out = len(report.increase_columns), len(report.decrease_columns)
    grade = 1 if report.by_grade else 0
    first_in = 5 + grade
    first_out = first_in + n_in + 1
    closing = first_out + n_out + 1
    doc = ReportSheet(heading, width=closing, sheet_title=_("Increases and decreases"))
    heads = [
        Head(_("No."), 1, rows=2),
        Head(_("Equipment type"), 2, rows=2),
        Head(_("Unit of measure"), 3, rows=2),
        *([Head(_("Grade"), 4, rows=2)] if grade else []),
        Head(_("Opening"), 4 + grade, rows=2),
        Head(_("Increases in the period"), first_in, span=n_in + 1),
        Head(_("Decreases in the period"), first_out, span=n_out + 1),
        Head(_("Closing"), closing, rows=2),
    ]
    doc.header(heads)
    total_title = pgettext("sum of a column group", "Total")
    doc.add_subheader(
        [
            *(Head(label, first_in + i) for i, (_key, label) in enumerate(report.increase_columns)),
            Head(total_title, first_in + n_in),
            *(
                Head(label, first_out + i)
                for i, (_key, label) in enumerate(report.decrease_columns)
            ),
            Head(total_title, first_out + n_out),
        ],
    )
    for line in report.lines:
        if line.kind == "branch":
            doc.section(line.label)
            continue
        values = [
            line.number or None,
            line.label,
            line.uom,
            *([line.grade] if grade else []),
            line.opening,
            *(_blank(v) for v in line.increases),
            line.total_increase,
            *(_blank(v) for v in line.decreases),
            line.total_decrease,
            line.closing,
        ]
        doc.line(values, bold=line.kind != "row")
    if not report.rows:
        doc.note(_("Nothing was held or moved in this period with these filters."))
    return doc.finish()


# Holdings by grade and unit


def render_grades_xlsx(report: GradeReport, heading: Heading) -> bytes:
    width = 2 + len(GRADES) + 2
    doc = ReportSheet(heading, width=width, sheet_title=_("Holdings by grade"))
    doc.header(
        [
            Head(_("No."), 1, rows=2),
            Head(_("Unit"), 2, rows=2),
            Head(_("Quality grade"), 3, span=len(GRADES)),
            Head(_("Total"), 3 + len(GRADES), rows=2),
            Head(_("Technical coefficient (%)"), 4 + len(GRADES), rows=2),
        ]
    )
    doc.add_subheader([Head(_("Grade %(grade)s") % {"grade": g}, 2 + g) for g in GRADES])
    for section in report.sections:
        doc.section(f"{section.type.name} ({section.type.uom})")
        for row in section.rows:
            label = row.label
            if row.kind in ("usage", "total_usage"):
                label = _("of which %(group)s") % {"group": row.label}
            doc.line(
                [
                    row.number,
                    label,
                    *row.cells(),
                    row.shown_total,
                    row.coefficient,
                ],
                bold=row.kind in ("total", "total_usage"),
                indent_label=2 if row.kind in ("usage", "total_usage") else 0,
            )
    if not report.sections:
        doc.note(_("Nothing is held with these filters."))
    doc.note(_("Technical coefficient: share of the grades counted as serviceable."))
    return doc.finish()


# Authorised strength against holdings


def strength_assessment(difference) -> str:
    if difference is None:
        return _("no authorised strength set")
    if difference < 0:
        return _("short")
    if difference > 0:
        return _("surplus")
    return _("as authorised")


def render_strength_xlsx(report: StrengthReport, heading: Heading) -> bytes:
    width = 9
    doc = ReportSheet(heading, width=width, sheet_title=_("Authorised strength"))
    doc.header(
        [
            Head(_("No."), 1),
            Head(_("Unit"), 2),
            Head(_("Equipment type"), 3),
            Head(_("Unit of measure"), 4),
            Head(_("Authorised"), 5),
            Head(_("On hand"), 6),
            Head(_("Surplus (+) / shortage (−)"), 7),
            Head(_("On hand / authorised (%)"), 8),
            Head(_("Assessment"), 9),
        ]
    )

    def values(number, line) -> list:
        return [
            number,
            line.unit,
            line.type_name,
            line.uom,
            line.authorized,
            line.on_hand,
            line.difference,
            line.percent,
            strength_assessment(line.difference),
        ]

    for number, line in enumerate(report.rows, start=1):
        doc.line(values(number, line))
    if report.totals:
        doc.section(_("Total by equipment type"))
        for line in report.totals:
            doc.line(values(None, line), bold=True)
    else:
        doc.note(_("No authorised strength or holdings with these filters."))
    return doc.finish()
