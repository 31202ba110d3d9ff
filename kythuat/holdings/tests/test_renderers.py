"""Renderers take rows and give bytes: tested by reopening the files, with no database."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext
from openpyxl import load_workbook

from kythuat.catalog.models import Branch, EquipmentType
from kythuat.core import xlsx
from kythuat.core.xlsx import Column
from kythuat.holdings import renderers
from kythuat.holdings.selectors.reports import PeriodReport, ReportRow
from kythuat.org.models import Unit


def reopen(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_list_xlsx_has_the_header_block_then_the_table():
    data = xlsx.list_xlsx(
        title="DANH SÁCH",
        info=[("Đơn vị", "Bộ CHQS tỉnh Lạng Sơn"), ("Ngày", "22/11/2026")],
        columns=[Column("STT"), Column("Số hiệu"), Column("Số lượng"), Column("Ngày")],
        rows=[(1, "AK-001", Decimal("1234.5"), dt.date(2026, 1, 10)), (2, "AK-002", 3, None)],
    )
    sheet = reopen(data)
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "DANH SÁCH"
    assert values[1][0] == "Đơn vị: Bộ CHQS tỉnh Lạng Sơn"
    header = values.index(["STT", "Số hiệu", "Số lượng", "Ngày"])
    assert values[header + 1][:3] == [1, "AK-001", 1234.5]
    assert values[header + 1][3].date() == dt.date(2026, 1, 10)
    assert sheet.cell(row=header + 2, column=4).number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == f"A{header + 2}"
    assert sheet.cell(row=header + 1, column=1).font.b


@pytest.mark.parametrize("text", ["=1+2", "+84 912", "-5", "@SUM(A1)", '=HYPERLINK("x")'])
def test_text_that_looks_like_a_formula_stays_text(text):
    sheet = reopen(xlsx.list_xlsx(title="T", info=[], columns=[Column("A")], rows=[[text]]))
    cell = sheet.cell(row=sheet.max_row, column=1)
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_ordinary_text_has_no_guard():
    sheet = reopen(xlsx.list_xlsx(title="T", info=[], columns=[Column("A")], rows=[["AK-1"]]))
    assert not sheet.cell(row=sheet.max_row, column=1).quotePrefix


def test_list_xlsx_streams_many_rows():
    rows = ((n, f"S-{n}") for n in range(5000))
    sheet = reopen(
        xlsx.list_xlsx(title="T", info=[], columns=[Column("N"), Column("S")], rows=rows)
    )
    assert sheet.cell(row=sheet.max_row, column=2).value == "S-4999"


def test_csv_has_a_bom_the_header_lines_and_guards():
    data = xlsx.csv_bytes(
        columns=[Column("Số hiệu"), Column("Ngày")],
        rows=[("=cmd", dt.date(2026, 1, 2)), ("Súng", None)],
        info=[("Đơn vị", "Xã Hữu Lũng")],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Đơn vị: Xã Hữu Lũng"
    assert lines[2:] == ["Số hiệu,Ngày", "'=cmd,02/01/2026", "Súng,"]


def test_qty_drops_trailing_zeros():
    assert renderers.qty(Decimal("12.000")) == 12
    assert isinstance(renderers.qty(Decimal("12.000")), int)
    assert str(renderers.qty(Decimal("1234.500"))) == "1234.5"
    assert renderers.qty(None) is None


# The period report


def _types():
    weapons = Branch(pk=1, name="Quân khí", order=1)
    vehicles = Branch(pk=2, name="Xe - máy", order=2)
    rifle = EquipmentType(pk=1, name="Súng tiểu liên AK-47", uom="khẩu", branch=weapons)
    fuel = EquipmentType(pk=2, name="Dầu điêzen", uom="lít", branch=vehicles)
    return rifle, fuel


def _report(*, broken: bool = False) -> PeriodReport:
    rifle, fuel = _types()
    rows = [
        ReportRow(type=rifle, grade=1, opening=Decimal(10), closing=Decimal(12)),
        ReportRow(type=rifle, grade=3, opening=Decimal(2), closing=Decimal(1)),
        ReportRow(type=fuel, grade=1, opening=Decimal("100.5"), closing=Decimal("120.5")),
    ]
    rows[0].increases["receipt"] = Decimal(2)
    rows[1].decreases["loss"] = Decimal(1)
    rows[2].increases["receipt"] = Decimal(25)
    rows[2].decreases["consumption"] = Decimal(5)
    if broken:
        rows[2].closing = Decimal(999)
    return PeriodReport(
        unit=Unit(name="Bộ CHQS tỉnh Lạng Sơn"),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31),
        rows=rows,
        increase_kinds=[("receipt", "receipt")],
        decrease_kinds=[("consumption", "consumption"), ("loss", "loss")],
    )


def test_period_table_groups_by_branch_and_totals_each_unit_of_measure():
    table = renderers.period_table(_report())
    assert [line.kind for line in table.lines] == [
        "branch",
        "row",
        "row",
        "branch",
        "row",
        "total",
        "total",
    ]
    assert [line.number for line in table.lines if line.kind == "row"] == [1, 2, 3]
    rifles, fuel = table.lines[-2:]
    assert (rifles.uom, rifles.opening, rifles.increases, rifles.decreases, rifles.closing) == (
        "khẩu",
        12,
        (2,),
        (0, 1),
        13,
    )
    assert (fuel.uom, fuel.opening, fuel.increases, fuel.decreases, fuel.closing) == (
        "lít",
        Decimal("100.5"),
        (25,),
        (5, 0),
        Decimal("120.5"),
    )
    assert table.all_balance
    assert [line.first_of_type for line in table.lines if line.kind != "branch"] == [
        True,
        False,
        True,
        True,
        False,
    ]


def test_period_table_flags_a_row_that_does_not_balance():
    table = renderers.period_table(_report(broken=True))
    checks = [line.balances for line in table.lines if line.kind != "branch"]
    assert checks == [True, True, False, True, False]  # 3 rows, then khẩu and lít totals
    assert not table.all_balance


def test_period_report_xlsx_is_a4_landscape_with_numbers_and_signatures():
    data = renderers.render_period_report_xlsx(
        renderers.period_table(_report()),
        unit="Bộ CHQS tỉnh Lạng Sơn",
        period="Quý 1/2026 (01/01/2026 – 31/03/2026)",
        today=dt.date(2026, 4, 2),
    )
    sheet = reopen(data)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$7:$8"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    fuel = next(r for r in rows if r[1] == "Dầu điêzen")
    # No. | type | uom | grade | opening | receipt | Σ+ | consumption | loss | Σ− | closing
    assert fuel == [3, "Dầu điêzen", "lít", 1, 100.5, 25, 25, 5, None, 5, 120.5]
    assert all(isinstance(v, (int, float)) for v in fuel[4:] if v is not None)
    cells = [v for row in rows for v in row if v]
    assert "BỘ CHQS TỈNH LẠNG SƠN" in cells
    assert any("02" in str(v) and "2026" in str(v) for v in cells[-6:])
    assert sheet.column_dimensions["B"].width >= len("Súng tiểu liên AK-47")


def test_period_report_xlsx_signature_block_is_under_the_table():
    sheet = reopen(
        renderers.render_period_report_xlsx(
            renderers.period_table(_report()), unit="U", period="P", today=dt.date(2026, 4, 2)
        )
    )
    total_rows = [r[0].row for r in sheet.iter_rows() if r[1].value == gettext("Total")]
    signature_rows = [
        c.row
        for r in sheet.iter_rows()
        for c in r
        if c.value in (gettext("PREPARED BY"), gettext("UNIT COMMANDER"))
    ]
    assert len(signature_rows) == 2
    assert min(signature_rows) > max(total_rows) + 1


# Balances and strength


def test_balances_xlsx_ends_with_one_total_per_unit_of_measure():
    table = renderers.BalanceTable(
        headings=["Chủng loại"],
        rows=[
            renderers.BalanceRow(labels=("Súng",), uom="khẩu", by_grade={1: Decimal(3), 3: 1}),
            renderers.BalanceRow(labels=("Pháo",), uom="khẩu", by_grade={2: Decimal(2)}),
            renderers.BalanceRow(labels=("Dầu",), uom="lít", by_grade={1: Decimal("10.5")}),
        ],
    )
    sheet = reopen(renderers.render_balances_xlsx(table, info=[("Đơn vị", "X")]))
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[-5] == [1, "Súng", "khẩu", 3, None, 1, None, None, 4]
    assert rows[-2] == [None, gettext("Total"), "khẩu", 3, 2, 1, None, None, 6]
    assert rows[-1] == [None, gettext("Total"), "lít", 10.5, None, None, None, None, 10.5]


@pytest.mark.parametrize(
    ("authorized", "on_hand", "difference"), [(5, 2, -3), (2, 5, 3), (4, 4, 0), (None, 4, None)]
)
def test_strength_difference(authorized, on_hand, difference):
    row = renderers.StrengthRow(
        unit="U", depth=0, type_name="T", uom="", authorized=authorized, on_hand=on_hand
    )
    assert row.difference == difference
