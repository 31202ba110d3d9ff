"""Real files: the LibreOffice-made books of files/ (see files/README.md) and the quirks of
other writers; refused files get a Vietnamese message and store nothing."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kythuat.holdings.models import Balance, Item
from kythuat.imports import services
from kythuat.imports.models import Import

from .conftest import FILES, headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db


def _read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def test_libreoffice_register_with_merged_two_row_header_is_read(org, upload):
    imp = upload(_read("items_libreoffice.xlsx"))
    assert imp.sheet == "Sổ đăng ký"
    assert imp.header_row == 4  # a title, a blank row, then "Trang bị" merged over two names
    assert not services.missing_fields(imp)
    imp = services.import_check(actor=org.users["officer_a"], imp=imp)
    # The row of column numbers (1)…(7) and the blank row are skipped, not errors.
    assert imp.row_count == 4
    assert [entry["row"] for entry in imp.errors] == [10]
    assert "bắt đầu bằng =" in imp.errors[0]["messages"][0]


def test_libreoffice_register_values_are_cleaned_when_posted(org, upload):
    imp = upload(_read("items_libreoffice.xlsx"))
    imp = services.import_check(actor=org.users["officer_a"], imp=imp)
    imp = services.import_confirm(actor=org.users["officer_a"], imp=imp, drop_bad=True)
    assert imp.status == Import.Status.DONE
    assert imp.posted_count == 3
    items = {item.serial: item for item in Item.objects.filter(status="in_service")}
    assert set(items) == {"LO-0001", "LO-0002", "LO-0003"}  # spaces trimmed, no "=" row
    first, second, third = items["LO-0001"], items["LO-0002"], items["LO-0003"]
    assert (first.unit, first.grade, first.manufactured_year) == (org.province_a, 2, 1985)
    assert second.usage_group == org.training  # "Huấn luyện" typed in NFD
    assert (third.unit, third.grade, third.usage_group) == (org.commune_a, 3, org.sscd)
    dates = set(third.entries.values_list("effective_date", flat=True))
    assert dates == {dt.date(2026, 1, 5)}  # "5/1/2026" typed as text


def test_libreoffice_opening_balances_read_numbers_typed_as_text(org, upload):
    imp = upload(_read("opening_libreoffice.xlsx"), code="opening")
    imp = services.import_check(actor=org.users["officer_a"], imp=imp)
    assert imp.error_count == 0, imp.errors
    services.import_confirm(actor=org.users["officer_a"], imp=imp)
    held = {
        (b.type.symbol, b.lot.lot_number if b.lot else "", b.grade, b.usage_group.code): b.quantity
        for b in Balance.objects.filter(unit=org.province_a)
    }
    assert held == {
        ("DẦU-DO", "", 1, "du-tru"): Decimal("1250.5"),  # "1.250,5"
        ("Đ-7,62", "L-2019-07", 2, "sscd"): Decimal("12000"),  # "12.000"
        ("Đ-7,62", "L-2020-01", 1, "huan-luyen"): Decimal("500"),  # NFD symbol, spaces
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xls_renamed.xlsx", "được bảo vệ bằng mật khẩu"),
        ("ods_renamed.xlsx", "OpenDocument"),
    ],
)
def test_renamed_books_are_refused_with_a_message(org, upload, name, message):
    with pytest.raises(ValidationError, match=message):
        upload(_read(name))
    assert Import.objects.count() == 0


def test_text_file_named_xlsx_is_refused(org, upload):
    with pytest.raises(ValidationError, match="không phải là sổ Excel"):
        upload("Mã đơn vị;Số hiệu\nLS;AK-1\n".encode(), name="so.xlsx")


def test_zip_that_is_not_a_workbook_is_refused(org, upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ValidationError, match="không phải là sổ Excel"):
        upload(buffer.getvalue(), name="van-ban.xlsx")


def test_file_over_the_size_limit_is_refused(org, upload, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="chỉ nhận tệp đến"):
        upload(xlsx(headers_of("items"), item_rows(50)))


def test_sheet_without_template_headers_is_refused(org, upload):
    with pytest.raises(ValidationError, match="tiêu đề cột"):
        upload(xlsx(["Cột A", "Cột B"], [[1, 2]]))


def test_every_row_is_read_when_the_file_declares_a_wrong_size(org, upload):
    """Some programs write <dimension ref="A1"/>; openpyxl's reader would stop at row 1."""
    content = xlsx(headers_of("items"), item_rows(5))
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            new.writestr(info, data)
    imp = services.import_check(actor=org.users["officer_a"], imp=upload(target.getvalue()))
    assert imp.row_count == 5
    assert imp.error_count == 0


def test_real_date_cells_and_numbers_as_cells_are_read(org, upload):
    day = dt.datetime(2026, 1, 3)  # noqa: DTZ001  a spreadsheet cell has no time zone
    rows = [["LS", "AK-47", 123456, 1990.0, 2.0, "sscd", "", day, "ghi chú"]]
    imp = services.import_check(
        actor=org.users["officer_a"], imp=upload(xlsx(headers_of("items"), rows))
    )
    assert imp.error_count == 0, imp.errors
    services.import_confirm(actor=org.users["officer_a"], imp=imp)
    item = Item.objects.get(serial="123456")  # a number cell becomes the text "123456"
    assert (item.grade, item.manufactured_year) == (2, 1990)
    assert item.entries.get().effective_date == dt.date(2026, 1, 3)
