"""The rows of a list's table, written straight into the sheet's XML.

openpyxl makes a Cell object for every value, binds its type, looks its style up and writes
it through lxml: about 10 µs a cell, 4 s for 30,000 items of 12 columns. The table of a list
is plain (text, numbers, dates and booleans in a few styles), so `xlsx.list_xlsx()` has
openpyxl write the workbook without it (header block, header row, widths, frozen panes, print
settings and every style the table uses) and `with_rows()` then writes the rows into the
sheet's `<sheetData>` while it copies the file, at about 1 µs a cell. The cells are the ones
openpyxl writes (`kythuat/core/tests/test_xlsx.py` compares them cell by cell).
"""

import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH, to_excel

from kythuat.core.text import strip_control

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32767  # Excel keeps no more characters in a cell; openpyxl cuts there too
CHUNK_ROWS = 2000  # rows joined into one write to the zip entry
END_OF_ROWS = b"</sheetData>"
SHEET = "xl/worksheets/sheet1.xml"  # the one sheet of a list

# What a value is, for its cell's style: see `kind()`.
KINDS = ("empty", "text", "risky", "bool", "int", "float", "date")
EMPTY, TEXT, RISKY, BOOL, INT, FLOAT, DATE = KINDS
Styles = Sequence[Mapping[str, int]]  # per column: kind → index of the cell format (xf)


def kind(value: Any) -> str:
    """The kind of a plain value (`xlsx.plain()`): it decides the cell's type and style."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return RISKY if value.startswith(FORMULA_TRIGGERS) else TEXT
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, dt.date):
        return DATE
    return TEXT  # anything else is written as its text


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_xml(ref: str, value: Any, styles: Mapping[str, int]) -> str:
    """One `<c>` element of a plain value (`xlsx.plain()`), as openpyxl writes it: text
    inline (`inlineStr`), numbers, dates as Excel serial numbers, booleans as 1/0, an empty
    value as a styled empty cell."""
    what = kind(value)
    style = styles[what]
    if what == EMPTY:
        return f'<c r="{ref}" s="{style}"/>'
    if what in (TEXT, RISKY):
        text = (value if isinstance(value, str) else strip_control(str(value)))[:MAX_TEXT]
        if not text:
            return f'<c r="{ref}" s="{style}" t="inlineStr"></c>'
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
    if what == BOOL:
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if what == DATE:
        value = to_excel(value, WINDOWS_EPOCH)
    elif what == FLOAT and not math.isfinite(value):
        return f'<c r="{ref}" s="{style}" t="n"><v></v></c>'  # NaN, infinity: no number
    return f'<c r="{ref}" s="{style}" t="n"><v>{value:.16g}</v></c>'


def rows_xml(
    rows: Iterable[Sequence[Any]],
    *,
    first_row: int,
    styles: Styles,
    other: Mapping[str, int],
) -> Iterable[str]:
    """The `<row>` elements of the table, a chunk of rows at a time; `styles` are those of the
    columns, `other` those of any value beyond the last column."""
    letters: list[str] = []
    chunk: list[str] = []
    for number, values in enumerate(rows, start=first_row):
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        cells = "".join(
            cell_xml(
                f"{letters[index]}{number}",
                value,
                styles[index] if index < len(styles) else other,
            )
            for index, value in enumerate(values)
        )
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) == CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def with_rows(
    book: bytes,
    rows: Iterable[Sequence[Any]],
    *,
    first_row: int,
    styles: Styles,
    other: Mapping[str, int],
) -> bytes:
    """The workbook `book` (one sheet, written by openpyxl) with `rows` added at the end of its
    sheet, from row `first_row` on, streamed: only the compressed file grows in memory."""
    source = zipfile.ZipFile(io.BytesIO(book))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename != SHEET:
                target.writestr(entry, content)
                continue
            head, tail = content.replace(b"<sheetData/>", b"<sheetData></sheetData>").split(
                END_OF_ROWS, 1
            )
            written = zipfile.ZipInfo(SHEET, date_time=entry.date_time)
            written.compress_type = zipfile.ZIP_DEFLATED
            with target.open(written, "w") as sheet:
                sheet.write(head)
                for chunk in rows_xml(rows, first_row=first_row, styles=styles, other=other):
                    sheet.write(chunk.encode())
                sheet.write(END_OF_ROWS + tail)
    return output.getvalue()
