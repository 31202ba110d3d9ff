"""The downloaded templates' example rows use codes that exist for the user (and pass the
check as they are), an unknown code's message names the nearest existing ones, and an upload
counts the filled rows, not the template's pre-formatted empty ones."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kythuat.imports import services
from kythuat.imports.examples import example_values
from kythuat.imports.specs import template

from .conftest import DAY, headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db


def _example(client, org, code: str, user: str) -> list:
    client.force_login(org.users[user])
    response = client.get(reverse("imports:template"), {"template": code})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[2]  # "Ví dụ"
    return [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]


@pytest.mark.parametrize("code", ["items", "lots", "opening", "documents"])
def test_example_row_passes_the_check_for_the_user_who_downloads_it(client, org, code):
    org.hq.code = "QK1-HQ"  # a code no template hard-codes
    org.hq.save()
    row = _example(client, org, code, "officer_hq")
    values = dict(zip([f.key for f in template(code).fields], row, strict=True))
    for key in ("unit", "to_unit"):
        if key in values:
            assert values[key] == "QK1-HQ"
    content = xlsx(headers_of(code), [["" if v is None else v for v in row]])
    imp = services.import_upload(actor=org.users["officer_hq"], unit=org.hq, template=code,
                                 file_name="vi-du.xlsx", content=content, effective_date=DAY)
    imp = services.import_check(actor=org.users["officer_hq"], imp=imp)
    assert imp.error_count == 0, imp.errors


def test_example_type_has_the_tracking_the_template_needs(org):
    user = org.users["officer_a"]
    assert example_values(template("items"), user)["type"] == org.rifle.symbol
    assert example_values(template("lots"), user)["type"] == org.ammo.symbol
    assert example_values(template("opening"), user)["type"] == org.fuel.symbol


def test_unknown_codes_name_the_nearest_existing_ones(org, upload):
    org.province_a.code = "QK1-LS"
    org.province_a.save()
    rows = [["LS", "AK-47", "AK-000001", 1985, 1, "SSCĐ", "", "10/01/2026", ""],
            ["QK1-LS", "AK47", "AK-000002", 1985, 1, "SSCĐ", "", "10/01/2026", ""]]
    imp = services.import_check(actor=org.users["officer_a"],
                                imp=upload(xlsx(headers_of("items"), rows)))
    messages = {entry["row"]: " ".join(entry["messages"]) for entry in imp.errors}
    assert "QK1-LS" in messages[2]  # the unit code the clerk meant
    assert "AK-47" in messages[3]  # the symbol the clerk meant
    # Nothing outside the user's subtree is suggested.
    assert org.province_b.code not in messages[2]
    assert org.hq.code not in messages[2].replace("QK1-LS", "")


def test_upload_counts_filled_rows_not_the_formatted_empty_ones(client, org, upload):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("imports:template"), {"template": "items"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data = book.worksheets[0]
    for number, row in enumerate(item_rows(3), start=2):
        for column, value in enumerate(row, start=1):
            data.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    assert data.max_row > 100  # the template's pre-formatted rows are still there
    imp = upload(buffer.getvalue())
    assert imp.row_count == 3
