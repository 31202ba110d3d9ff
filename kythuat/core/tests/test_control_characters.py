"""Control characters: dropped at input (forms, API, import), and never break an export of
what was stored before (issue 15, item 2)."""

import io
import json

import pytest
from django import forms
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.core.xlsx import Column, list_xlsx
from kythuat.documents.compose import OfficialDocument, Paragraph, Table, render_docx
from kythuat.holdings.models import Item, Movement
from kythuat.imports.reader import text

pytestmark = pytest.mark.django_db
DIRTY = "Nhập\x01 kho\x0b K19\x1f\x7f\ud800"
CLEAN = "Nhập kho K19"
STORED = "Nhập\x01 kho\x0b K19\x1f\x7f"  # what a database can hold (no lone surrogate)


@pytest.mark.parametrize("field", [forms.CharField(), forms.CharField(widget=forms.Textarea)])
def test_form_text_fields_drop_control_characters_but_keep_line_breaks(field):
    assert field.clean(DIRTY + "\r\nDòng 2\tcột") == CLEAN + "\r\nDòng 2\tcột"


def test_api_text_fields_drop_control_characters():
    assert serializers.CharField().run_validation(DIRTY) == CLEAN
    assert serializers.CharField(allow_blank=True).run_validation("\x0b") == ""


def test_import_cells_drop_control_characters():
    assert text(DIRTY) == CLEAN
    assert text("AK\x0b-01") == "AK-01"


def test_a_document_sent_to_the_api_is_stored_without_control_characters(org):
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=org.users["officer_a"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = json.dumps({  # "\ud800" travels as an escape, as any JSON client sends it
        "kind": "receipt", "source": "higher_level", "effective_date": "2026-03-02",
        "to_unit": org.province_a.pk, "reason": DIRTY,
        "lines": [{"type": org.rifle.pk, "serial": "AK\x0b-9\x01", "grade": 1,
                   "usage_group": org.sscd.pk}],
    })
    response = client.post("/api/v1/movements/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    movement = Movement.objects.get(pk=response.json()["id"])
    assert (movement.reason, movement.lines.get().serial) == (CLEAN, "AK-9")


def test_item_export_with_control_characters_already_stored_opens(client, org):
    org.rifles(org.province_a, "AK-1")
    Item.objects.filter(serial="AK-1").update(serial="AK\x0b-1\x1f", note=STORED)
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("holdings:item-export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = {cell for row in book.active.iter_rows(values_only=True) for cell in row}
    assert "AK-1" in values


def test_list_export_drops_control_characters_in_titles_and_cells():
    content = list_xlsx(title="Danh\x01 sách", info=[("Đơn\x0b vị", DIRTY)],
                        columns=[Column("Tên\x1f")], rows=[[DIRTY]], sheet_title="Tờ\x01 1")
    sheet = load_workbook(io.BytesIO(content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert sheet.title == "Tờ 1"
    assert values == ["Danh sách", f"Đơn vị: {CLEAN}", "Tên", CLEAN]


def test_word_document_with_control_characters_opens():
    doc = OfficialDocument(profile="state", issuer_name="Bộ CHQS\x0b tỉnh Lạng Sơn",
                           title="Báo cáo", blocks=[Paragraph(DIRTY),
                                                   Table(header=["Tên\x01"], rows=[[DIRTY]])])
    document = Document(io.BytesIO(render_docx(doc)))
    texts = [p.text for p in document.paragraphs]
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert CLEAN in texts
    assert CLEAN in cells
