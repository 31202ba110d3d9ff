import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from kythuat.holdings.models import Item
from kythuat.imports.models import Import

from .conftest import headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db


def test_api_upload_checks_and_confirm_posts(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        "/api/v1/imports/",
        {
            "template": "items",
            "unit": org.province_a.pk,
            "effective_date": "2026-01-10",
            "file": SimpleUploadedFile("so.xlsx", xlsx(headers_of("items"), item_rows(2))),
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["row_count"], data["errors"]) == ("checked", 2, [])
    response = client.post(
        f"/api/v1/imports/{data['id']}/confirm/", {}, content_type="application/json"
    )
    assert response.json()["status"] == "done"
    assert Item.objects.count() == 2


def test_api_lists_only_the_subtree_and_shows_errors(client, org, upload):
    mine = upload(xlsx(headers_of("items"), [["LS", "AK-99", "X", 1, 1, "SSCĐ", "", "", ""]]))
    client.force_login(org.users["officer_a"])
    detail = client.get(f"/api/v1/imports/{mine.pk}/").json()
    assert detail["status"] == "uploaded"
    client.force_login(org.users["officer_b"])
    assert client.get("/api/v1/imports/").json()["count"] == 0
    assert client.get(f"/api/v1/imports/{mine.pk}/").status_code == 404


def test_api_confirm_with_bad_rows_answers_400_in_vietnamese(client, org, upload):
    from kythuat.imports import services

    imp = services.import_check(
        actor=org.users["officer_a"],
        imp=upload(xlsx(headers_of("items"), [["LS", "AK-99", "X", 1, 1, "SSCĐ", "", "", ""]])),
    )
    client.force_login(org.users["officer_a"])
    response = client.post(
        f"/api/v1/imports/{imp.pk}/confirm/", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "bỏ qua các dòng lỗi" in str(response.json())


def test_command_imports_and_drops_bad_rows(org, tmp_path, capsys):
    path = tmp_path / "so.xlsx"
    path.write_bytes(
        xlsx(headers_of("items"), [*item_rows(3), ["LS", "AK-99", "X", 1, 1, "SSCĐ", "", "", ""]])
    )
    args = [
        "import_xlsx",
        "items",
        str(path),
        "--unit",
        "LS",
        "--user",
        "officer_a",
        "--date",
        "10/01/2026",
    ]
    with pytest.raises(CommandError, match="--drop-bad"):
        call_command(*args)
    assert "Dòng 5: chủng loại trang bị AK-99" in capsys.readouterr().err
    assert Item.objects.count() == 0
    call_command(*args, "--drop-bad")
    out = capsys.readouterr().out
    assert "3 dòng trong 1 phiếu" in out
    assert "[" in out
    assert Item.objects.count() == 3
    assert Import.objects.filter(status="done").count() == 1


def test_command_refuses_an_outside_unit(org, tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(xlsx(headers_of("items"), item_rows(1)))
    with pytest.raises(CommandError, match="CB"):
        call_command("import_xlsx", "items", str(path), "--unit", "CB", "--user", "officer_a")
