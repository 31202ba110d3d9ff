"""Rows of a read-only openpyxl sheet, straight from the sheet's XML.

openpyxl's own row reader builds an object per cell and trusts the size the file declares
(some programs write `<dimension ref="A1"/>` and openpyxl then stops after row 1). This reads
the values only — shared strings, inline strings, numbers, dates by their number format,
cached results of formulas — several times faster, and every row there is.
"""

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml import etree
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, INLINE, TEXT, PHONETIC = (
    f"{MAIN}{tag}" for tag in ("row", "c", "v", "is", "t", "rPh")
)
LETTERS = re.compile(r"^([A-Z]+)")


@lru_cache(maxsize=1024)
def _column(ref: str) -> int:
    return column_index_from_string(LETTERS.match(ref).group(1))


def _number(raw: str, style: str | None, dates: set, epoch) -> Any:
    value: Any = float(raw)
    if value.is_integer() and "." not in raw and "E" not in raw.upper():
        value = int(raw)
    if style is not None and int(style) in dates:
        try:
            return from_excel(value, epoch)
        except (ValueError, OverflowError):
            return value
    return value


def _inline(cell) -> str | None:
    node = cell.find(INLINE)
    if node is None:
        return None
    return "".join(t.text or "" for t in node.iter(TEXT) if t.getparent().tag != PHONETIC)


def _value(cell, shared, dates: set, epoch) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _inline(cell)
    raw = cell.findtext(VALUE)
    if not raw:
        return None  # no value, or a formula never calculated (books written by programs)
    if kind == "s":
        return str(shared[int(raw)])
    if kind == "n":
        return _number(raw, cell.get("s"), dates, epoch)
    if kind == "str":
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(raw.rstrip("Z"))
    return None  # "e": an error value such as #REF!


def sheet_rows(
    sheet, min_row: int = 1, max_row: int | None = None, width: int = 0
) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of each row the sheet's XML holds; `width` columns if given."""
    shared = sheet._shared_strings
    book = sheet.parent
    dates, epoch = book._date_formats, book.epoch
    last = 0
    with sheet._get_source() as source:
        parser = etree.iterparse(
            source,
            events=("end",),
            tag=ROW,
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        )
        for _event, element in parser:
            number = int(element.get("r") or last + 1)
            last = number
            if max_row is not None and number > max_row:
                break
            if number >= min_row:
                values: dict[int, Any] = {}
                column = 0
                for cell in element.iterchildren(CELL):
                    ref = cell.get("r")
                    column = _column(ref) if ref else column + 1
                    if not width or column <= width:
                        value = _value(cell, shared, dates, epoch)
                        if value is not None:
                            values[column] = value
                size = width or max(values, default=0)
                yield number, tuple(values.get(index) for index in range(1, size + 1))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


def count_rows(sheet) -> int:
    """How many <row> elements the sheet holds, without reading their cells."""
    with sheet._get_source() as source:
        return count_elements(source, b"row")


def count_elements(source, tag: bytes, *, max_bytes: int | None = None) -> int:
    """How many `tag` elements an XML stream holds, read in chunks (no tree is built).

    Reading stops with OverflowError after `max_bytes` bytes: the sizes a zip declares can lie.
    """
    pattern = re.compile(rb"<(?:\w+:)?" + tag + rb"[\s>/]")
    count, tail, in_tail, read = 0, b"", 0, 0
    while chunk := source.read(1 << 20):
        read += len(chunk)
        if max_bytes is not None and read > max_bytes:
            raise OverflowError(read)
        data = tail + chunk
        count += len(pattern.findall(data)) - in_tail
        tail = data[-16:]
        in_tail = len(pattern.findall(tail))
    return count
