"""The table of a list export is written straight into the sheet's XML (core/xlsx_table):
the cells a user opens must be the ones openpyxl would have written, value for value and
style for style."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from kythuat.core import xlsx
from kythuat.core.xlsx import Column

COLUMNS = [Column("STT", 6), Column("Số hiệu"), Column("Năm", 8, "0"), Column("Số lượng")]
VALUES = [
    1,
    "AK-47 <Đặc biệt> & \"mới\"",
    1980,
    Decimal("1234.5"),
    2,
    "  khoảng trắng ở hai đầu  ",
    None,
    Decimal("7"),
    3,
    "=HYPERLINK(\"http://x\")",
    True,
    2.5,
    4,
    "",
    dt.date(2026, 1, 10),
    dt.datetime(2026, 3, 2, 13, 45, tzinfo=dt.UTC),  # stored without its zone
    5,
    "+84 912 345 678",
    False,
    -12,
    6,
    "x" * 40000,
    "dòng 1\ndòng 2",
    10**12,
]
ROWS = [VALUES[i : i + 4] for i in range(0, len(VALUES), 4)] + [[7, "thêm", 1, 2, "ngoài cột", 3]]


def reference(columns, rows) -> bytes:
    """The same list with every cell written by openpyxl (`put()` into a WriteOnlyCell)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("T")
    for values in xlsx.header_block("DANH SÁCH", [("Đơn vị", "Sư đoàn 3")]):
        sheet.append([xlsx.put(WriteOnlyCell(sheet), value) for value in values])
    sheet.append([xlsx.put(WriteOnlyCell(sheet), column.title, bold=True) for column in columns])
    for values in rows:
        cells = []
        for index, value in enumerate(values):
            cell = xlsx.put(WriteOnlyCell(sheet), value, border=True)
            number_format = columns[index].number_format if index < len(columns) else None
            if number_format and isinstance(cell.value, (int, float)):
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    return xlsx.workbook_bytes(book)


def table(data: bytes) -> list[list[tuple]]:
    sheet = load_workbook(io.BytesIO(data)).active
    header = next(
        row[0].row for row in sheet.iter_rows() if row[0].value == "STT"
    )
    return [
        [
            (cell.value, cell.data_type, cell.number_format, cell.quotePrefix, cell.font.name,
             cell.font.b, cell.border.left.style, cell.border.bottom.style)
            for cell in row
        ]
        for row in sheet.iter_rows(min_row=header + 1)
    ]


def test_table_cells_are_the_ones_openpyxl_writes():
    data = xlsx.list_xlsx(
        title="DANH SÁCH", info=[("Đơn vị", "Sư đoàn 3")], columns=COLUMNS, rows=ROWS
    )
    assert table(data) == table(reference(COLUMNS, ROWS))


def test_table_keeps_text_as_typed():
    data = xlsx.list_xlsx(title="T", info=[], columns=COLUMNS, rows=ROWS)
    sheet = load_workbook(io.BytesIO(data)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "AK-47 <Đặc biệt> & \"mới\"" in values
    assert "  khoảng trắng ở hai đầu  " in values
    assert "dòng 1\ndòng 2" in values
    assert "x" * 32767 in values  # Excel keeps no more characters in a cell


def test_empty_list_has_the_header_row_only():
    data = xlsx.list_xlsx(title="T", info=[], columns=COLUMNS, rows=[])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [cell.value for cell in sheet[sheet.max_row]] == ["STT", "Số hiệu", "Năm", "Số lượng"]


def test_put_into_a_styled_cell_keeps_its_fill():
    from openpyxl.styles import PatternFill

    sheet = Workbook().active
    cell = sheet.cell(row=1, column=1)
    cell.fill = PatternFill("solid", fgColor="FFEEAA")
    xlsx.put(cell, 1234, border=True)
    assert cell.fill.fgColor.rgb == "00FFEEAA"
    assert cell.number_format == xlsx.INT_FORMAT
    assert cell.border.left.style == "thin"
