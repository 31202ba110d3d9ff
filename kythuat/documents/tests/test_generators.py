"""Generated documents: every figure comes from the books; checked against figures computed
here independently from what the test puts in."""

import datetime as dt
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from docx import Document

from kythuat.documents.compose import Signature, render_docx
from kythuat.documents.generators import ReportInput, handover_document, report_document
from kythuat.documents.selectors import letterhead
from kythuat.holdings import services as holdings
from kythuat.holdings.models import Item

pytestmark = pytest.mark.django_db


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _table(document, first_header: str, second_header: str):
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if len(header) > 1 and header[0] == first_header and header[1] == second_header:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table {second_header}")


@pytest.fixture
def stocked(org):
    org.rifles(org.province_a, "A-1", "A-2", grade=1, day=dt.date(2026, 1, 10))
    org.rifles(org.commune_a, "C-1", grade=3, day=dt.date(2026, 1, 12))
    org.rifles(org.province_b, "B-1", "B-2", "B-3", grade=1, day=dt.date(2026, 1, 12))
    org.bulk(org.province_a, org.ammo, 5000, lot_number="L-1", day=dt.date(2026, 1, 10))
    return org


def test_report_figures_come_from_the_books(stocked, command):
    org = stocked
    data = ReportInput(
        unit=org.province_a, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31),
        letterhead=letterhead(org.province_a, dt.date(2026, 4, 2)), date=dt.date(2026, 4, 2),
        number="15/BC-BCH", situation="Thuận lợi: SECRET đơn vị ổn định.",
        shortcomings="Còn thiếu kho.", direction="Tiếp tục củng cố.",
        signature=Signature("TM.", "Bộ Chỉ huy", "Chỉ huy trưởng", "Đại tá Nguyễn Văn A"),
        recipients=["Bộ Tư lệnh Quân khu 1"])
    document = Document(io.BytesIO(render_docx(report_document(data))))
    texts = _texts(document)
    assert "BÁO CÁO" in texts
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in texts
    assert "Thuận lợi: SECRET đơn vị ổn định." in texts
    assert "III. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN" in texts
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ" in texts
    # By branch: Lạng Sơn and its commune only (2 rifles grade 1, 1 rifle grade 3); the
    # ammunition (counted in rounds) and Cao Bằng's rifles are not in it.
    by_branch = _table(document, "TT", "Chuyên ngành kỹ thuật")
    assert by_branch[0][2:] == ["Cấp 1", "Cấp 2", "Cấp 3", "Cấp 4", "Cấp 5", "Cộng"]
    assert by_branch[1][1:] == [org.rifle.branch.name, "2", "0", "1", "0", "0", "3"]
    assert by_branch[-1][1:] == ["Cộng", "2", "0", "1", "0", "0", "3"]
    by_type = _table(document, "TT", "Chủng loại trang bị")
    assert by_type[1][1:] == ["Súng tiểu liên AK-47", "khẩu", "2", "0", "1", "0", "0", "3"]
    # 2 of 3 pieces in the serviceable grades 1–2.
    assert any("Hệ số kỹ thuật: 66,7%" in text for text in texts)
    posted = _table(document, "TT", "Loại chứng từ")
    assert posted[-1] == ["", "Cộng", "3"]  # three receipts inside the subtree
    assert _cell_text(document.tables[0], 1, 0) == "Số: 15/BC-BCH"


def _cell_text(table, row, col):
    return " ".join(p.text for p in table.cell(row, col).paragraphs if p.text.strip())


def test_report_of_a_past_period_uses_balances_at_its_end(stocked):
    org = stocked
    data = ReportInput(unit=org.province_a, start=dt.date(2026, 1, 1),
                       end=dt.date(2026, 1, 11), letterhead=letterhead(
                           org.province_a, dt.date(2026, 1, 11)), date=dt.date(2026, 1, 11))
    document = Document(io.BytesIO(render_docx(report_document(data))))
    by_branch = _table(document, "TT", "Chuyên ngành kỹ thuật")
    assert by_branch[-1][1:] == ["Cộng", "2", "0", "0", "0", "0", "2"]  # the commune's came 12/1
    # Without an issuer the header falls back on the unit under its parent.
    header = document.tables[0]
    assert _cell_text(header, 0, 0).startswith("QUÂN KHU 1 BỘ CHQS TỈNH LẠNG SƠN")
    # … and the date line names no place rather than the unit's name.
    assert _cell_text(header, 1, 1) == "Ngày 11 tháng 01 năm 2026"


def test_handover_record_of_an_issue(stocked, command):
    org = stocked
    item = Item.objects.get(serial="A-1")
    movement = holdings.movement_create(
        actor=None, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=dt.date(2026, 2, 3), decision_ref="Quyết định số 12/QĐ-BCH",
        lines=[holdings.LineSpec(type=org.rifle, item=item, grade=1, usage_group=org.sscd)])
    movement = holdings.movement_post(actor=None, movement=movement)
    head = letterhead(org.province_a, movement.effective_date)
    document = Document(io.BytesIO(render_docx(handover_document(movement, head))))
    texts = _texts(document)
    assert "BIÊN BẢN" in texts
    with translation.override("vi"):
        assert gettext("Handover and receipt of weapons and technical equipment") in texts
    assert "Căn cứ Quyết định số 12/QĐ-BCH;" in texts
    assert "BÊN GIAO: Bộ CHQS tỉnh Lạng Sơn" in texts
    assert "BÊN NHẬN: Ban CHQS xã Hữu Lũng" in texts
    assert any("ngày 03 tháng 02 năm 2026" in text for text in texts)
    lines = _table(document, "TT", "Tên vũ khí trang bị kỹ thuật")
    assert lines[1][:7] == ["1", "Súng tiểu liên AK-47", "AK-47", "A-1", "khẩu", "1", "1"]
    header = document.tables[0]
    assert _cell_text(header, 1, 0).replace(" ", "") == "Số:/BB-BCH"
    assert _cell_text(header, 1, 1) == "Lạng Sơn, ngày 03 tháng 02 năm 2026"
    signatures = document.tables[-1]
    assert _cell_text(signatures, 0, 0).startswith("ĐẠI DIỆN BÊN GIAO")
    assert _cell_text(signatures, 0, 1).startswith("ĐẠI DIỆN BÊN NHẬN")
