"""Excel (and CSV) files from lists: a header block, a table, print settings, a signature block.

Renderers build their files from these pieces; they take plain values, never a request or the
database (STYLE §10). `list_xlsx()` is the one-call export of any list screen.

Formula injection: a text cell starting with = + - @ (or a tab or carriage return) would be read
by Excel as a formula, so a serial number "=HYPERLINK(...)" typed into a document could run when
someone opens the export. Guarding:

* **xlsx**: the text is stored exactly as typed, as a string cell (never a formula) with the
  *quotePrefix* style, which is what Excel itself sets when a user types a leading apostrophe.
  Excel shows the true text ("=AK-01", not "'=AK-01"), never evaluates it, and keeps it text if
  someone edits the cell. Use `put()` (or `list_xlsx()`, which uses it) for every cell.
* **CSV** has no styles, so `csv_text()` puts an apostrophe in front of such text (OWASP's
  advice); Excel hides the apostrophe when it opens the file.

Numbers stay numbers (int or float cells with a "#,##0" format, so Excel groups digits in the
reader's locale) and dates are date cells shown as dd/mm/yyyy.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kythuat.core import xlsx_table
from kythuat.core.text import file_slug, strip_control

FORMULA_TRIGGERS = xlsx_table.FORMULA_TRIGGERS
FONT_NAME = "Times New Roman"  # the font of official documents
DATE_FORMAT = "dd/mm/yyyy"
INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
HEADER_FILL = PatternFill("solid", fgColor="E4ECE3")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = CENTER
SAMPLE_ROWS = 300  # rows read ahead to size the columns of a streamed export


@dataclass(frozen=True)
class Column:
    title: str
    width: float | None = None  # in characters; None: fitted to the title and the first rows
    number_format: str | None = None  # e.g. "0" for years, which are not grouped as 1.980


def is_risky(value: Any) -> bool:
    """True for text that a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_text(value: Any) -> Any:
    """A CSV value: risky text gets a leading apostrophe; other values pass unchanged."""
    return f"'{value}" if is_risky(value) else value


def plain(value: Any) -> Any:
    """The value as an Excel cell takes it: Decimal → int or float, None → empty, str without
    control characters (openpyxl refuses them; old records may hold some)."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def number_format_of(value: Any) -> str | None:
    """The format a plain value is shown with: digits grouped, dates as dd/mm/yyyy."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, int):
        return INT_FORMAT
    if isinstance(value, float):
        return DECIMAL_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def put(
    cell,
    value: Any,
    *,
    font: Font | None = None,
    bold: bool = False,
    border: bool = False,
    align: Alignment | None = None,
):
    """Writes a value into a cell with the guards and formats above; returns the cell."""
    value = plain(value)
    cell.value = value
    quote = is_risky(value)
    if quote:
        cell.data_type = "s"
    font = font or (BOLD if bold else BODY_FONT)
    number_format = number_format_of(value)
    if not cell.has_style:
        cell._style = copy(style_array(cell.parent, font, border, align, number_format, quote))
        return cell
    # A cell styled before (a fill, say) keeps what put() does not set.
    if quote:
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    cell.font = font
    if border:
        cell.border = BORDER
    if align is not None:
        cell.alignment = align
    return cell


def style_array(
    sheet,
    font: Font,
    border: bool,
    align: Alignment | None,
    number_format: str | None,
    quote: bool = False,
) -> StyleArray:
    """The style of a cell (indexes into the workbook's fonts, borders, formats …), built once
    per workbook and combination through openpyxl's style proxies, then copied into each cell.

    Setting `cell.font` or `cell.border` hashes the whole style object to find it in the
    workbook, ~10 µs a cell: 70 % of the time of a 30,000-row list before this cache. The key
    holds the ids of the font and alignment (module constants, or objects the caller keeps),
    and the value keeps the objects themselves, so an id is never reused while cached."""
    book = sheet.parent
    cache = book.__dict__.setdefault("_kythuat_styles", {})
    key = (id(font), border, id(align), number_format, quote)
    hit = cache.get(key)
    if hit is None:
        scratch = WriteOnlyCell(sheet)  # not in the sheet: only its style is used
        scratch.font = font
        if border:
            scratch.border = BORDER
        if align is not None:
            scratch.alignment = align
        if number_format:
            scratch.number_format = number_format
        if quote:
            scratch.quotePrefix = True
        hit = cache[key] = (font, align, scratch._style)
    return hit[2]


def text_width(value: Any) -> float:
    """Rough width in characters of a value as Excel shows it."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, (int, float, Decimal)):
        return len(f"{value:,}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0) * 1.1


def fitted(widths: Iterable[float], *, low: float = 6, high: float = 60) -> list[float]:
    return [min(max(width + 2, low), high) for width in widths]


def header_block(title: str, info: Sequence[tuple[str, Any]]) -> list[list[Any]]:
    """The rows above a table: the title, then one "Label: value" line each, then a gap."""
    return [[title], *([f"{label}: {value}"] for label, value in info), []]


def list_xlsx(
    *,
    title: str,
    info: Sequence[tuple[str, Any]],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "",
) -> bytes:
    """A whole list in one sheet, streamed (any number of rows): a header block (title and
    lines such as unit, date and filters), a frozen, filterable, bordered header row, the
    rows, and page setup that repeats the header row on every printed page."""
    rows = iter(rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    widths = fitted(
        column.width
        if column.width
        else max([text_width(column.title) * 0.8, *(text_width(row[i]) for row in sample)])
        for i, column in enumerate(columns)
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(safe_sheet_title(sheet_title or title))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    top = header_block(title, info)
    header_row = len(top) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    page_setup(sheet, landscape=len(columns) > 6)
    for number, values in enumerate(top, start=1):
        font = TITLE_FONT if number == 1 else ITALIC
        sheet.append([put(WriteOnlyCell(sheet), value, font=font) for value in values])
    sheet.append(
        [
            put(WriteOnlyCell(sheet), column.title, bold=True, border=True, align=WRAP)
            for column in columns
        ]
    )
    # The table's rows go straight into the sheet's XML (xlsx_table), in these styles.
    styles = [table_styles(sheet, column.number_format) for column in columns]
    template = workbook_bytes(book)
    return xlsx_table.with_rows(
        template,
        (list(map(plain, values)) for values in chain(sample, rows)),
        first_row=header_row + 1,
        styles=styles,
        other=table_styles(sheet, None),
    )


def table_styles(sheet, column_format: str | None) -> dict[str, int]:
    """The cell format (xf index) of each kind of value in a bordered column of a list's
    table: what `put(cell, value, border=True)` gives it, with the column's number format (if
    any) on numbers."""
    formats = {
        xlsx_table.INT: column_format or INT_FORMAT,
        xlsx_table.FLOAT: column_format or DECIMAL_FORMAT,
        xlsx_table.BOOL: column_format,
        xlsx_table.DATE: DATE_FORMAT,
    }
    return {
        kind: sheet.parent._cell_styles.add(
            style_array(sheet, BODY_FONT, True, None, formats.get(kind), kind == xlsx_table.RISKY)
        )
        for kind in xlsx_table.KINDS
    }


def csv_bytes(
    *,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    info: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly.

    The header lines (if any) come first as one-cell rows, then an empty row, then the table.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for label, value in info:
        writer.writerow([csv_text(f"{label}: {value}" if label else value)])
    if info:
        writer.writerow([])
    writer.writerow([column.title for column in columns])
    for values in rows:
        writer.writerow([csv_text(_csv_value(value)) for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return plain(value)


# Pieces for report layouts (normal, not streamed, worksheets).


def page_setup(sheet, *, landscape: bool = True, repeat_rows: str | None = None) -> None:
    """A4, fitted to the page width, any number of pages tall; `repeat_rows` like "5:6"."""
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if repeat_rows:
        sheet.print_title_rows = repeat_rows


def merged(sheet: Worksheet, row: int, first: int, last: int, value: Any, **style) -> None:
    """A value across columns first..last of one row."""
    put(sheet.cell(row=row, column=first), value, **style)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def fit_columns(sheet: Worksheet, *, skip_rows: int = 0, low: float = 6, high: float = 50) -> None:
    """Column widths from the longest value of each column below `skip_rows` (merged title
    rows above the table would otherwise widen the first column)."""
    widths: dict[int, float] = {}
    merged_cells = {cell for area in sheet.merged_cells.ranges for cell in area.cells}
    for row in sheet.iter_rows(min_row=skip_rows + 1):
        for cell in row:
            if (cell.row, cell.column) in merged_cells:
                continue
            widths[cell.column] = max(widths.get(cell.column, 0), text_width(cell.value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, low), high)


def signature_block(
    sheet: Worksheet,
    row: int,
    width: int,
    *,
    left: str,
    right: str,
    date_line: str = "",
    hint: str = "",
) -> int:
    """The signatures under a report: preparer on the left, commander on the right.

    Returns the row after the block (room is left for the signatures and names).
    """
    half = max(width // 2, 1)
    if date_line:
        merged(sheet, row, half + 1, width, date_line, font=ITALIC, align=CENTER)
        row += 1
    merged(sheet, row, 1, half, left, bold=True, align=CENTER)
    merged(sheet, row, half + 1, width, right, bold=True, align=CENTER)
    if hint:
        merged(sheet, row + 1, 1, half, hint, font=ITALIC, align=CENTER)
        merged(sheet, row + 1, half + 1, width, hint, font=ITALIC, align=CENTER)
    return row + 6


def safe_sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and more than 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in strip_control(title)).strip()
    return (cleaned or "Sheet")[:31]


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


# Report pieces shared by every printed table


def date_line(day: dt.date, place: str = "") -> str:
    """The place and date line above the signatures: "Lạng Sơn, ngày 05 tháng 01 năm 2026"."""
    from django.utils.translation import gettext

    return gettext("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place or "……",
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def standard_signatures(
    sheet: Worksheet, row: int, width: int, *, day: dt.date, place: str = ""
) -> int:
    """ "NGƯỜI LẬP BIỂU" on the left, "CHỈ HUY ĐƠN VỊ" on the right, under the date line."""
    from django.utils.translation import gettext

    return signature_block(
        sheet,
        row,
        width,
        # Translators: the preparer of a statistical table signs here ("NGƯỜI LẬP BIỂU").
        left=gettext("PREPARED BY"),
        # Translators: the commander of the unit signs here ("CHỈ HUY ĐƠN VỊ").
        right=gettext("UNIT COMMANDER"),
        date_line=date_line(day, place),
        hint=gettext("(signature and full name)"),
    )


# Exports of list screens: one call gives the xlsx or the csv file of what the screen shows.


def export_info(
    *, unit: str, filters: str, count: int | None = None, day: dt.date | None = None
) -> list[tuple[str, Any]]:
    """The header block of a list export: unit, date of export, filters (and the count)."""
    from django.utils import timezone
    from django.utils.translation import gettext

    info: list[tuple[str, Any]] = [
        (gettext("Unit"), unit),
        (gettext("Date of export"), (day or timezone.localdate()).strftime("%d/%m/%Y")),
        (gettext("Filters"), filters or gettext("none")),
    ]
    if count is not None:
        info.append((gettext("Number of rows"), count))
    return info


def export_response(
    fmt: str,
    *,
    name: str,
    title: str,
    info: Sequence[tuple[str, Any]],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
):
    """A FileResponse with the list as xlsx (fmt "xlsx") or csv (anything else), named
    "<name>-<yyyymmdd>.<fmt>"."""
    from django.http import FileResponse
    from django.utils import timezone

    if fmt == "xlsx":
        data = list_xlsx(title=title, info=info, columns=columns, rows=rows, sheet_title=title)
        content_type = XLSX_TYPE
    else:
        fmt = "csv"
        data = csv_bytes(columns=columns, rows=rows, info=[("", title), *info])
        content_type = CSV_TYPE
    stem = file_slug(name)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )
