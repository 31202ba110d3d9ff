"""An officer imports a register from Excel: one row is wrong, the page names it; the
corrected file is uploaded, checked and posted; the period report then counts the rifles."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from conftest import PASSWORD
from kythuat.holdings.models import Item
from kythuat.imports.models import Import

from .conftest import browser_db, confirm_in_page, login, shot

pytestmark = [pytest.mark.browser, browser_db]

HEADERS = [
    "Mã đơn vị",
    "Ký hiệu chủng loại",
    "Số hiệu",
    "Năm sản xuất",
    "Cấp chất lượng",
    "Nhóm sử dụng",
    "Ngày nhập sổ",
]


def book(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(name: str, rows) -> dict:
    return {
        "name": name,
        "buffer": book(rows),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def test_import_with_a_bad_row_fixed_and_posted(page, org):
    good = [["LS", "AK-47", f"NX-{n}", 1990, 1, "SSCĐ", "10/01/2026"] for n in range(1, 4)]
    bad = ["LS", "AK-74", "NX-9", 1990, 1, "SSCĐ", "10/01/2026"]  # no such type
    login(page, "officer_a", PASSWORD)
    page.goto("/imports/")
    with page.expect_navigation():
        page.click("#new-import")
    page.select_option("select[name=template]", "items")
    page.set_input_files("input[name=file]", xlsx_file("so-dang-ky.xlsx", [*good, bad]))
    with page.expect_navigation():
        page.click("#upload")
    expect(page.locator("#import-status")).to_have_attribute("data-status", "uploaded")
    expect(page.locator("select[name=serial]")).to_have_value("2")  # "Số hiệu" found
    with page.expect_navigation():
        page.click("#check-rows")
    row = page.locator("#import-errors tr[data-row='5']")
    expect(row).to_contain_text("AK-74 không có trong danh mục")
    expect(page.locator("#check-summary")).to_contain_text("1/4 dòng có lỗi")
    shot(page, "import-1-errors.png")

    page.set_input_files(
        "input[name=file]", xlsx_file("so-dang-ky-da-sua.xlsx", [*good, ["LS", "AK-47", *bad[2:]]])
    )
    with page.expect_navigation():
        page.click("#upload-corrected")
    expect(page.locator("#check-summary")).to_contain_text("Tất cả 4 dòng đều đúng")
    expect(page.locator("#import-errors")).to_have_count(0)
    page.click("#confirm-import")
    with page.expect_navigation():
        confirm_in_page(page)
    expect(page.locator("#import-done")).to_contain_text("Đã ghi sổ 4 dòng")
    shot(page, "import-2-posted.png")
    assert Import.objects.get().status == Import.Status.DONE
    assert Item.objects.filter(unit=org.province_a, status="in_service").count() == 4

    page.goto(f"/holdings/reports/period/?unit={org.province_a.pk}&year=2026")
    with page.expect_download() as download:
        page.click("a[data-export='xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    report = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    cells = [
        str(cell)
        for sheet in report
        for line in sheet.iter_rows(values_only=True)
        for cell in line
        if cell is not None
    ]
    assert any("AK-47" in cell for cell in cells)
