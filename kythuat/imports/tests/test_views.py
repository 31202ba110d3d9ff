"""The import screens: upload → columns → errors with row numbers → corrected file → post."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kythuat.holdings.models import Item
from kythuat.imports.models import Import

from .conftest import headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db


def _file(rows, name="so.xlsx"):
    return SimpleUploadedFile(name, xlsx(headers_of("items"), rows))


def _upload(client, org, rows, user="officer_a"):
    client.force_login(org.users[user])
    response = client.post(
        reverse("imports:import-create"),
        {
            "template": "items",
            "unit": org.province_a.pk,
            "effective_date": "10/01/2026",
            "file": _file(rows),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Import.objects.latest("pk")


def test_upload_shows_the_recognised_columns(client, org):
    imp = _upload(client, org, item_rows(2))
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "Ghép cột" in page
    assert "Kiểm tra các dòng" in page
    assert 'value="2" selected' in page  # "Số hiệu" recognised in column C


def test_check_shows_bad_rows_then_a_corrected_file_posts(client, org):
    imp = _upload(client, org, [*item_rows(2), ["LS", "AK-99", "X", 1990, 1, "SSCĐ", "", "", ""]])
    response = client.post(
        reverse("imports:import-mapping", args=[imp.pk]),
        {k: str(v) for k, v in imp.mapping.items()},
        follow=True,
    )
    page = response.content.decode()
    assert "1/3 dòng có lỗi" in page
    assert 'data-row="4"' in page
    assert "AK-99 không có trong danh mục" in page
    response = client.post(
        reverse("imports:import-file", args=[imp.pk]),
        {"file": _file(item_rows(3), "so-da-sua.xlsx")},
        follow=True,
    )
    page = response.content.decode()
    assert "Tất cả 3 dòng đều đúng" in page
    response = client.post(reverse("imports:import-confirm", args=[imp.pk]), follow=True)
    assert "Đã ghi sổ 3 dòng" in response.content.decode()
    assert Item.objects.filter(status="in_service").count() == 3


def test_errors_download_lists_row_and_message(client, org):
    imp = _upload(client, org, [["LS", "AK-47", "@SUM(1)", 1990, 1, "SSCĐ", "", "", ""]])
    client.post(
        reverse("imports:import-mapping", args=[imp.pk]),
        {k: str(v) for k, v in imp.mapping.items()},
    )
    response = client.get(reverse("imports:import-errors", args=[imp.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert any(row[0] == 2 and "bắt đầu bằng @" in row[1] for row in rows if row[1])


def test_upload_of_a_bad_file_shows_the_message_under_the_form(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        reverse("imports:import-create"),
        {
            "template": "items",
            "unit": org.province_a.pk,
            "file": SimpleUploadedFile("so.xlsx", b"not a workbook"),
        },
    )
    assert response.status_code == 200
    assert "không phải là sổ Excel" in response.content.decode()
    assert Import.objects.count() == 0


def test_clerk_sees_no_post_button(client, org):
    imp = _upload(client, org, item_rows(1), user="clerk_a")
    client.post(
        reverse("imports:import-mapping", args=[imp.pk]),
        {k: str(v) for k, v in imp.mapping.items()},
    )
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "confirm-import" not in page
    assert "Trợ lý kỹ thuật của đơn vị xác nhận" in page
    response = client.post(reverse("imports:import-confirm", args=[imp.pk]))
    assert response.status_code == 403
    assert Item.objects.count() == 0


def test_list_export_and_template_download(client, org):
    imp = _upload(client, org, item_rows(1))
    page = client.get(reverse("imports:import-list")).content.decode()
    assert imp.file_name in page
    rows = client.get(reverse("imports:import-list"), headers={"HX-Request": "true"})
    assert "<html" not in rows.content.decode()
    export = client.get(reverse("imports:import-export"))
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert any(
        "so.xlsx" in str(cell) for row in book.active.iter_rows(values_only=True) for cell in row
    )
    template = client.get(reverse("imports:template"), {"template": "lots"})
    book = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn", "Ví dụ"]
    assert client.get(reverse("imports:template"), {"template": "x"}).status_code == 404


def test_progress_poll_of_a_background_import(client, org, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    imp = _upload(client, org, item_rows(3))
    Import.objects.filter(pk=imp.pk).update(status=Import.Status.POSTING)
    response = client.get(imp.get_absolute_url(), {"poll": "1"}, headers={"HX-Request": "true"})
    assert 'id="import-progress"' in response.content.decode()
    Import.objects.filter(pk=imp.pk).update(status=Import.Status.DONE)
    response = client.get(imp.get_absolute_url(), {"poll": "1"}, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == imp.get_absolute_url()


def test_outside_import_answers_404(client, org):
    imp = _upload(client, org, item_rows(1))
    client.force_login(org.users["officer_b"])
    assert client.get(imp.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:import-confirm", args=[imp.pk])).status_code == 404
