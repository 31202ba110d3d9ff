"""Stocktake files: printable count sheets (read back when filled) and the variance table.
Plain values in, bytes out; no database, no request (STYLE §10)."""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from kythuat.core import xlsx
from kythuat.core.xlsx import Column
from kythuat.holdings.renderers import qty

from .selectors import VarianceReport

CODES_MARKER = "#stocktake-columns"
FIND_ROWS = 5  # empty rows under each sheet for finds written in by hand


@dataclass(frozen=True)
class SheetRow:
    line_id: int
    type_name: str
    symbol: str
    uom: str
    detail: str  # serial or lot number
    grade: int
    usage_group: str
    booked: Decimal
    counted: Decimal | None
    grade_found: int | None
    regraded: Decimal | None
    note: str


@dataclass(frozen=True)
class SheetPrint:
    sheet_id: int
    number: int
    unit: str
    parent: str
    facility: str
    rows: Sequence[SheetRow]


def _columns(blind: bool) -> list[tuple[str, str, float]]:
    columns = [
        ("key", "key", 4), ("no", _("No."), 5), ("type", _("Equipment type"), 30),
        ("symbol", _("Symbol"), 12), ("uom", _("Unit of measure"), 8),
        ("detail", _("Serial / lot number"), 16), ("grade", _("Grade"), 7),
        ("group", _("Usage group"), 22), ("booked", _("Booked"), 10),
        ("counted", _("Counted"), 10), ("grade_found", _("Re-assessed grade"), 10),
        ("regraded", _("Re-assessed quantity"), 11), ("note", _("Note"), 24),
    ]
    return [c for c in columns if not (blind and c[0] == "booked")]


def _date_line() -> str:
    """Left for the committee to write: the sheet is printed before it is counted."""
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": "……………", "day": "……", "month": "……", "year": "………"}


def render_sheets_xlsx(sheets: Sequence[SheetPrint], *, title: str, as_of: dt.date,
                       blind: bool) -> bytes:
    """One worksheet per count sheet: A4 landscape, the header row repeated on every page, a
    hidden key column that the import matches on, empty rows for finds, the signatures."""
    book = Workbook()
    book.remove(book.active)
    columns = _columns(blind)
    width = len(columns)
    index = {code: number for number, (code, _t, _w) in enumerate(columns, start=1)}
    for sheet_print in sheets:
        sheet = book.create_sheet(xlsx.safe_sheet_title(
            f"{sheet_print.number}. {sheet_print.unit}"))
        xlsx.merged(sheet, 1, 2, 6, sheet_print.parent.upper(), align=xlsx.CENTER)
        xlsx.merged(sheet, 2, 2, 6, sheet_print.unit.upper(), bold=True, align=xlsx.CENTER)
        xlsx.merged(sheet, 3, 2, width, _("STOCKTAKE COUNT SHEET No. %(number)s") % {
            "number": sheet_print.number}, font=xlsx.TITLE_FONT, align=xlsx.CENTER)
        place = sheet_print.unit + (f" — {sheet_print.facility}" if sheet_print.facility
                                    else "")
        xlsx.merged(sheet, 4, 2, width, _("As at 0h %(date)s · %(place)s") % {
            "date": as_of.strftime("%d/%m/%Y"), "place": place},
            font=xlsx.ITALIC, align=xlsx.CENTER)
        xlsx.merged(sheet, 5, 2, width, title, font=xlsx.ITALIC, align=xlsx.CENTER)
        for number, (code, _title, _width) in enumerate(columns, start=1):
            sheet.cell(row=6, column=number, value=CODES_MARKER if code == "key" else code)
        sheet.row_dimensions[6].hidden = True
        top = 7
        for number, (_code, column_title, column_width) in enumerate(columns, start=1):
            xlsx.put(sheet.cell(row=top, column=number), column_title, bold=True, border=True,
                     align=xlsx.CENTER)
            sheet.column_dimensions[get_column_letter(number)].width = column_width
        sheet.row_dimensions[top].height = 32  # two lines of a wrapped column title
        row = top + 1
        for n, line in enumerate(sheet_print.rows, start=1):
            values = {"key": f"L:{line.line_id}", "no": n, "type": line.type_name,
                      "symbol": line.symbol, "uom": line.uom, "detail": line.detail,
                      "grade": line.grade, "group": line.usage_group,
                      "booked": qty(line.booked), "counted": qty(line.counted),
                      "grade_found": line.grade_found,
                      "regraded": qty(line.regraded) or None, "note": line.note}
            for code, column in index.items():
                xlsx.put(sheet.cell(row=row, column=column), values[code], border=True)
            row += 1
        xlsx.merged(sheet, row, 2, width, _("Found but not in the book (write the symbol as "
                                            "in the catalogue, the serial or lot number, the "
                                            "grade and the quantity):"), font=xlsx.ITALIC)
        row += 1
        for _n in range(FIND_ROWS):
            for column in range(1, width + 1):
                xlsx.put(sheet.cell(row=row, column=column), None, border=True)
            sheet.cell(row=row, column=1, value=f"S:{sheet_print.sheet_id}")
            row += 1
        sheet.column_dimensions["A"].hidden = True
        sheet.freeze_panes = sheet.cell(row=top + 1, column=3)
        xlsx.page_setup(sheet, landscape=True, repeat_rows=f"{top}:{top}")
        xlsx.signature_block(sheet, row + 1, width, left=_("COUNTED BY"),
                             right=_("CHAIR OF THE STOCKTAKE COMMITTEE"),
                             date_line=_date_line(),
                             hint=_("(signature and full name)"))
    return xlsx.workbook_bytes(book)


# Reading filled sheets back

@dataclass(frozen=True)
class ReadCount:
    row: int
    counted: Decimal | None
    grade_found: int | None
    regraded: Decimal | None
    note: str


@dataclass(frozen=True)
class ReadFind:
    sheet_id: int
    row: int
    symbol: str
    detail: str
    grade: int | None
    counted: Decimal | None
    note: str
    group: str = ""


class SheetFileError(ValueError):
    pass


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    text = text.replace(".", "").replace(",", ".") if "," in text else text
    try:
        return Decimal(text)
    except InvalidOperation:
        raise SheetFileError(str(value)) from None


def read_sheets_xlsx(content: bytes) -> tuple[dict[int, ReadCount], list[ReadFind],
                                              list[str]]:
    """Counts by line id, finds written in, and the rows that could not be read."""
    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise SheetFileError(_("The file is not an Excel workbook (.xlsx).")) from error
    counts: dict[int, ReadCount] = {}
    finds: list[ReadFind] = []
    problems: list[str] = []
    for sheet in book.worksheets:
        codes: dict[str, int] = {}
        for row in sheet.iter_rows(min_row=1, max_row=20):
            if row[0].value == CODES_MARKER:
                codes = {str(cell.value): cell.column - 1 for cell in row if cell.value}
                break
        if not codes:
            continue
        for row in sheet.iter_rows(min_row=1):
            key = str(row[0].value or "")
            if not key.startswith(("L:", "S:")):
                continue

            def get(code: str, row=row, codes=codes):
                position = codes.get(code)
                return row[position].value if position is not None and position < len(row) \
                    else None
            number = row[0].row
            try:
                counted, regraded = _decimal(get("counted")), _decimal(get("regraded"))
                grade = _decimal(get("grade_found"))
                grade_found = int(grade) if grade is not None else None
            except (SheetFileError, ValueError):
                problems.append(_("Sheet %(sheet)s, row %(row)s: a quantity or grade is not a "
                                  "number.") % {"sheet": sheet.title, "row": number})
                continue
            note = str(get("note") or "").strip()
            if key.startswith("L:") and key[2:].isdigit():
                counts[int(key[2:])] = ReadCount(number, counted, grade_found, regraded, note)
            elif key.startswith("S:") and key[2:].isdigit() and (get("symbol") or counted):
                try:
                    find_grade = _decimal(get("grade"))
                except SheetFileError:
                    find_grade = None
                finds.append(ReadFind(int(key[2:]), number, str(get("symbol") or "").strip(),
                                      str(get("detail") or "").strip(),
                                      int(find_grade) if find_grade is not None else None,
                                      counted, note, str(get("group") or "").strip()))
    return counts, finds, problems


# The variance table

def variance_columns() -> list[Column]:
    return [
        Column(_("No."), 6), Column(_("Equipment type")), Column(_("Symbol")),
        Column(_("Unit of measure"), 9), Column(_("Grade"), 7, "0"), Column(_("Booked"), 11),
        Column(_("Counted"), 11), Column(_("Surplus"), 11), Column(_("Shortage"), 11),
        Column(_("Re-graded in"), 11), Column(_("Re-graded out"), 11),
        Column(_("Difference"), 11),
    ]


def render_variance_xlsx(report: VarianceReport, *, title: str,
                         info: Sequence[tuple[str, str]]) -> bytes:
    def values():
        for number, row in enumerate(report.rows, start=1):
            yield (number, row.type_name, row.symbol, row.uom, row.grade, qty(row.booked),
                   qty(row.counted), qty(row.surplus), qty(row.shortage), qty(row.regraded_in),
                   qty(row.regraded_out), qty(row.difference))
        for total in report.totals:  # one line per unit of measure
            yield (None, _("Total"), None, total.uom, None, qty(total.booked),
                   qty(total.counted), qty(total.surplus), qty(total.shortage),
                   qty(total.regraded_in), qty(total.regraded_out), qty(total.difference))

    return xlsx.list_xlsx(title=title, info=info, columns=variance_columns(), rows=values(),
                          sheet_title=_("Variances"))
