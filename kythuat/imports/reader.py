"""Reading users' Excel books: refusing what is not a plain xlsx, finding the header row, and
turning cells into values whatever program wrote them.

Real files come from Excel and LibreOffice, typed by hand over years: title rows above the
table, merged header cells, a row of column numbers under the headers, blank rows, numbers
stored as text, dates typed as text (dd/mm/yyyy), Vietnamese in NFC or NFD form, stray spaces.
"""

import datetime as dt
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.escape import unescape

from kythuat.core.text import fold, strip_control

from . import limits
from .sheetxml import count_rows, sheet_rows
from .specs import Template, header_key

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted xlsx, old xls
ZIP_MAGIC = b"PK\x03\x04"
HEADER_SCAN_ROWS = 30
FORMULA_CHARS = {"=", "+", "-", "@"}
NUMBER_TEXT = re.compile(r"^[+-]?\d[\d.,\s]*$")
DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NOTES_SHEETS = {"huong dan", "ghi chu", "vi du", "notes", "instructions", "example"}
DATA_SHEETS = {"du lieu", "data"}


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_file(name: str, content: bytes) -> None:
    """Refuses, with a message saying what to do, a file this import cannot read."""
    limit = max_bytes()
    if len(content) > limit:
        raise ValidationError(
            _(
                "The file is %(size)s; files up to %(limit)s can be imported. Split it into "
                "several files."
            )
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if content.startswith(CFB_MAGIC):
        raise ValidationError(
            _(
                "The file is protected by a password (or is an old .xls book). Open it in "
                "Excel or LibreOffice, remove the password, save it as an Excel workbook "
                "(.xlsx) and upload it again."
            ),
            code="encrypted",
        )
    if not content.startswith(ZIP_MAGIC):
        raise ValidationError(
            _(
                '%(name)s is not an Excel workbook (.xlsx). Save the book as "Excel '
                'Workbook (.xlsx)" and upload it again.'
            )
            % {"name": name},
            code="not_xlsx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            kind = (
                archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            )
    except zipfile.BadZipFile:
        raise ValidationError(
            _("The file is damaged and cannot be opened. Save it again from Excel or LibreOffice."),
            code="damaged",
        ) from None
    if "opendocument" in kind:
        raise ValidationError(
            _(
                "This is an OpenDocument spreadsheet (.ods). In LibreOffice choose File → Save "
                'As → "Excel 2007-365 (.xlsx)" and upload that file.'
            ),
            code="ods",
        )
    if "xl/workbook.xml" not in names:
        raise ValidationError(
            _(
                '%(name)s is not an Excel workbook (.xlsx). Save the book as "Excel '
                'Workbook (.xlsx)" and upload it again.'
            )
            % {"name": name},
            code="not_xlsx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            limits.check_archive(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise ValidationError(
            _("The file is damaged and cannot be opened. Save it again from Excel or LibreOffice."),
            code="damaged",
        ) from None


def open_book(content: bytes):
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for broken files
        raise ValidationError(
            _("The file is damaged and cannot be opened. Save it again from Excel or LibreOffice."),
            code="damaged",
        ) from None


def data_sheet(book, name: str = ""):
    """The sheet named in `name`, else one called "Dữ liệu", else the first that is not
    the instructions sheet."""
    if name and name in book.sheetnames:
        return book[name]
    for title in book.sheetnames:
        if fold(title) in DATA_SHEETS:
            return book[title]
    for title in book.sheetnames:
        if fold(title) not in NOTES_SHEETS:
            return book[title]
    return book[book.sheetnames[0]]


def text(value: Any) -> str:
    """A cell as text: NFC, no control characters, no-break and other odd spaces made plain,
    trimmed."""
    if value is None:
        return ""
    if type(value) is str and "_x" in value:
        # Excel writes a control character as "_x000B_" (OOXML's escape); shown as what it
        # stands for, it is then dropped like any other control character.
        value = unescape(value)
    if type(value) is str and value.isascii():
        result = strip_control(value)
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (dt.datetime, dt.date)):
            return value.strftime("%d/%m/%Y")
        result = unicodedata.normalize("NFC", strip_control(str(value)))
        result = result.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    if "\n" in result:
        return result.strip()
    result = result.strip()
    return " ".join(result.split()) if "  " in result or "\t" in result else result


@dataclass
class Layout:
    sheet: str
    header_row: int
    headers: list[str]  # one per column, "" where the column has no header


def find_layout(book, template: Template, sheet_name: str = "") -> Layout:
    """The header row is the row (of the first 30) that names most of the template's fields.

    A header cell merged over two rows keeps its text in the upper row: an empty header cell
    takes the text above it.
    """
    sheet = data_sheet(book, sheet_name)
    names = [f.names() for f in template.fields]
    top: list[list[str]] = []
    numbers: list[int] = []
    best, best_score = -1, 0
    for number, row in sheet_rows(sheet, max_row=HEADER_SCAN_ROWS):
        cells = [text(value) for value in row]
        top.append(cells)
        numbers.append(number)
        score = sum(1 for cell in cells if cell and any(header_key(cell) in n for n in names))
        if score > best_score:
            best, best_score = len(top) - 1, score
    if best < 0:
        raise ValidationError(
            _(
                'No row of the first %(rows)s rows of sheet "%(sheet)s" holds the column '
                'headers of the template (for example "%(example)s"). Start from the '
                "downloadable template."
            )
            % {
                "rows": HEADER_SCAN_ROWS,
                "sheet": sheet.title,
                "example": template.fields[0].header,
            },
            code="no_header",
        )
    headers = list(top[best])
    header_row = numbers[best]

    def matches(cell: str) -> bool:
        return bool(cell) and any(header_key(cell) in n for n in names)

    below = top[best + 1] if best + 1 < len(top) and numbers[best + 1] == header_row + 1 else []
    if any(
        matches(cell) and not matches(headers[i] if i < len(headers) else "")
        for i, cell in enumerate(below)
    ):
        # A two-row header: a group title merged over columns whose own names are below it.
        headers += [""] * (len(below) - len(headers))
        for column, cell in enumerate(below):
            if cell and (matches(cell) or not headers[column]):
                headers[column] = cell
        header_row += 1
    for column, value in enumerate(headers):
        if value:
            continue
        for above in range(best - 1, max(best - 2, -1), -1):
            if column < len(top[above]) and top[above][column]:
                headers[column] = top[above][column]
                break
    while headers and not headers[-1]:
        headers.pop()
    return Layout(sheet=sheet.title, header_row=header_row, headers=headers)


def _is_numbering_row(cells: tuple) -> bool:
    """The row of column numbers under a Vietnamese table header: 1 2 3 … or (1) (2) (3) …"""
    values = [text(cell) for cell in cells if cell not in (None, "")]
    if len(values) < 3:
        return False
    numbers = [v.strip("()") for v in values]
    return all(n.isdigit() for n in numbers) and [int(n) for n in numbers] == list(
        range(int(numbers[0]), int(numbers[0]) + len(numbers))
    )


def iter_rows(book, layout: Layout) -> Iterator[tuple[int, tuple]]:
    """(row number in Excel, cell values) of each non-blank row under the header."""
    sheet = data_sheet(book, layout.sheet)
    width = len(layout.headers)
    first = True
    for number, row in sheet_rows(sheet, min_row=layout.header_row + 1, width=width):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
            continue
        if first and _is_numbering_row(row):
            first = False
            continue
        first = False
        yield number, row


# Up to this declared size the filled rows are counted one by one (a template's 500
# pre-formatted empty rows are not rows); above it, the declared size is the estimate until
# the rows are read.
COUNT_FILLED_UP_TO = 20_000


def estimate_rows(book, layout: Layout) -> int:
    """Filled rows under the header; for a very large sheet, the rows its declared size says
    (Excel and LibreOffice write it), else as counted in its XML."""
    sheet = data_sheet(book, layout.sheet)
    max_row = sheet.max_row if sheet.max_row and sheet.max_row > 1 else count_rows(sheet)
    declared = max(max_row - layout.header_row, 0)
    if declared > COUNT_FILLED_UP_TO:
        return declared
    return sum(1 for _row in iter_rows(book, layout))


# Values ------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as the field needs; the message is for the user."""


def is_injection(value: Any) -> bool:
    """Text that a spreadsheet would run as a formula; numbers typed as text are not."""
    if type(value) is not str or not value:
        return False
    stripped = value.lstrip()
    return stripped[:1] in FORMULA_CHARS and not NUMBER_TEXT.match(stripped.rstrip())


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("a number is needed"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if not value.is_integer() else Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    raw = text(value).replace(" ", "")
    if not raw or not NUMBER_TEXT.match(raw):
        raise CellError(_('"%(value)s" is not a number') % {"value": text(value)})
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in raw:
        raw = raw.replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
    elif raw.count(".") > 1 or re.match(r"^[+-]?\d{1,3}\.\d{3}$", raw):
        raw = raw.replace(".", "")  # 1.000 is a thousand in Vietnamese writing
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise CellError(_('"%(value)s" is not a number') % {"value": text(value)}) from None


def to_int(value: Any) -> int:
    if isinstance(value, str):
        match = re.match(r"^\s*(?:cấp|cap|grade)\s*(\d+)\s*$", fold(value))
        if match:
            return int(match.group(1))
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise CellError(_('"%(value)s" is not a whole number') % {"value": text(value)})
    return int(number)


def to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 1 < value < 2958465:
        return from_excel(value).date()  # a date cell without a date format
    raw = text(value)
    match = DATE_TEXT.match(raw)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        match = ISO_DATE_TEXT.match(raw)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError(_('"%(value)s" is not a date') % {"value": raw}) from None
    raise CellError(_('"%(value)s" is not a date in the form dd/mm/yyyy') % {"value": raw})
