"""The composer read back as a reader would: python-docx opens the file and we check what a
văn thư checks (header blocks, the Số line, the date line, sizes, margins, signatures)."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kythuat.documents.compose import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from kythuat.documents.models import FormatProfile

pytestmark = pytest.mark.django_db


def _doc(profile: str, **extra) -> OfficialDocument:
    values = {
        "profile": profile, "issuer_name": "Bộ Chỉ huy quân sự tỉnh Lạng Sơn",
        "issuer_parent": "Bộ Tư lệnh Quân khu 1", "kind_code": "BC", "number": "15/BC-BCH",
        "title": "Báo cáo", "subtitle": "Kết quả công tác kỹ thuật năm 2025", "place": "Lạng Sơn",
        "date": dt.date(2026, 1, 5),
        "blocks": [Heading("ĐẶC ĐIỂM TÌNH HÌNH", numeral="I"), Paragraph("Thuận lợi.\nKhó khăn."),
                Table(header=["TT", "Loại", "Số lượng"], rows=[[1, "Súng AK", 1200]],
                      widths_cm=[1, 8, 3], total_row=["", "Cộng", 1200])],
        "signatures": [Signature("TM.", "Bộ Chỉ huy", "Chỉ huy trưởng", "Đại tá Nguyễn Văn A")],
        "recipients": ["Bộ Tư lệnh Quân khu 1", "Cục Kỹ thuật"], "archive": "KT"}
    values.update(extra)
    return OfficialDocument(**values)


def _open(doc: OfficialDocument):
    return Document(io.BytesIO(render_docx(doc)))


def _cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def test_state_header_blocks_number_and_date():
    document = _open(_doc("state"))
    header = document.tables[0]
    left = _cell_paragraphs(header.cell(0, 0))
    right = _cell_paragraphs(header.cell(0, 1))
    assert [p.text for p in left] == ["BỘ TƯ LỆNH QUÂN KHU 1", "BỘ CHỈ HUY QUÂN SỰ TỈNH LẠNG SƠN"]
    parent_run, issuer_run = _runs(left[0])[0], _runs(left[1])[0]
    assert not parent_run.bold
    assert issuer_run.bold
    assert issuer_run.font.size == Pt(13)
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                       "Độc lập - Tự do - Hạnh phúc"]
    title, motto = _runs(right[0])[0], _runs(right[1])[0]
    assert title.bold
    assert title.font.size == Pt(13)
    assert motto.bold
    assert motto.font.size == Pt(14)
    # A rule under the issuer and under the motto: a bottom border on a paragraph.
    for cell in (header.cell(0, 0), header.cell(0, 1)):
        assert any("w:bottom" in p._p.xml for p in cell.paragraphs)
    number = _cell_paragraphs(header.cell(1, 0))[0]
    assert number.text == "Số: 15/BC-BCH"
    assert _runs(number)[0].font.size == Pt(13)
    date = _cell_paragraphs(header.cell(1, 1))[0]
    assert date.text == "Lạng Sơn, ngày 05 tháng 01 năm 2026"
    assert _runs(date)[0].italic
    assert _runs(date)[0].font.size == Pt(14)


def test_party_header_has_the_asterisk_and_no_colon():
    document = _open(_doc("party", issuer_name="Đảng uỷ Quân sự tỉnh",
                          issuer_parent="Đảng bộ tỉnh Lạng Sơn", kind_code="NQ",
                          number="382-NQ/ĐUQSTW"))
    header = document.tables[0]
    left = [p.text for p in _cell_paragraphs(header.cell(0, 0))]
    assert left == ["ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG UỶ QUÂN SỰ TỈNH", "*"]
    assert not any("w:bottom" in p._p.xml for p in header.cell(0, 0).paragraphs)
    right = _cell_paragraphs(header.cell(0, 1))
    assert [p.text for p in right] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert _runs(right[0])[0].font.size == Pt(15)
    assert _runs(right[0])[0].bold
    assert any("w:bottom" in p._p.xml for p in header.cell(0, 1).paragraphs)
    assert _cell_paragraphs(header.cell(1, 0))[0].text == "Số 382-NQ/ĐUQSTW"
    kind = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert _runs(kind)[0].font.size == Pt(16)
    assert any(p.text == "I- ĐẶC ĐIỂM TÌNH HÌNH" for p in document.paragraphs)


def test_a_bare_number_is_formatted_with_the_profile_pattern():
    state = _open(_doc("state", number="7", issuer_abbreviation="BCH"))
    assert _cell_paragraphs(state.tables[0].cell(1, 0))[0].text == "Số: 07/BC-BCH"
    party = _open(_doc("party", number="7", kind_code="NQ", issuer_abbreviation="ĐUQS"))
    assert _cell_paragraphs(party.tables[0].cell(1, 0))[0].text == "Số 07-NQ/ĐUQS"
    blank = _open(_doc("state", number=None, kind_code="BB", issuer_abbreviation="BCH"))
    assert _cell_paragraphs(blank.tables[0].cell(1, 0))[0].text.replace(" ", "") == "Số:/BB-BCH"


@pytest.mark.parametrize(("code", "margins"), [("state", (20, 20, 30, 15)),
                                               ("party", (20, 20, 30, 15))])
def test_page_font_and_margins_come_from_the_profile(code, margins):
    document = _open(_doc(code))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    got = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in got) == margins
    assert document.styles["Normal"].font.name == "Times New Roman"
    # Page numbers in the header, not on page 1.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_profile_edits_change_the_output():
    profile = FormatProfile.objects.get(code="state")
    profile.margin_left_mm = 35
    profile.font_name = "Liberation Serif"
    profile.save()
    document = _open(_doc("state"))
    assert round(document.sections[0].left_margin.mm) == 35
    assert document.styles["Normal"].font.name == "Liberation Serif"


def test_body_table_and_signature_block():
    document = _open(_doc("state"))
    heading = next(p for p in document.paragraphs if p.text.startswith("I. "))
    assert heading.text == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    assert _runs(heading)[0].bold
    body = next(p for p in document.paragraphs if p.text == "Thuận lợi.")
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent is not None
    assert _runs(body)[0].font.size == Pt(14)
    figures = document.tables[1]
    assert [c.text for c in figures.rows[0].cells] == ["TT", "Loại", "Số lượng"]
    assert [c.text for c in figures.rows[1].cells] == ["1", "Súng AK", "1.200"]
    assert figures.rows[2].cells[2].paragraphs[0].runs[0].bold
    assert figures.style.name == "Table Grid"
    signature = document.tables[2]
    recipients = [p.text for p in _cell_paragraphs(signature.cell(0, 0))]
    assert recipients == ["Nơi nhận:", "- Bộ Tư lệnh Quân khu 1;", "- Cục Kỹ thuật;",
                          "- Lưu: VT, KT."]
    label = _runs(_cell_paragraphs(signature.cell(0, 0))[0])[0]
    assert label.bold
    assert label.italic
    assert label.font.size == Pt(12)
    signer = [p.text for p in _cell_paragraphs(signature.cell(0, 1))]
    assert signer == ["TM. BỘ CHỈ HUY", "CHỈ HUY TRƯỞNG", "Đại tá Nguyễn Văn A"]


def test_party_prefixes_and_recipient_label():
    document = _open(_doc("party", signatures=[
        Signature("TM.", "Ban Thường vụ", "Bí thư", "Nguyễn Văn B")]))
    signature = document.tables[-1]
    assert _cell_paragraphs(signature.cell(0, 1))[0].text == "T/M BAN THƯỜNG VỤ"
    label = _runs(_cell_paragraphs(signature.cell(0, 0))[0])[0]
    assert label.underline
    assert not label.bold
    assert label.font.size == Pt(14)
    assert _cell_paragraphs(signature.cell(0, 0))[-1].text == "- Lưu: Văn phòng, KT."


def test_two_sides_sign_side_by_side():
    document = _open(_doc("state", recipients=[], signatures=[
        Signature("", "Bên giao", "Thủ kho", "Trần B"),
        Signature("", "Bên nhận", "Trợ lý kỹ thuật", "Lê C")]))
    table = document.tables[-1]
    assert [p.text for p in _cell_paragraphs(table.cell(0, 0))] == ["BÊN GIAO", "THỦ KHO",
                                                                     "Trần B"]
    assert next(p.text for p in _cell_paragraphs(table.cell(0, 1))) == "BÊN NHẬN"


def test_table_alignment_of_figures_and_text():
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

    document = _open(_doc("state", blocks=[
        Table(header=["Số hiệu", "Số lượng", "Tên"], rows=[["060007", "1.234", "Súng"]]),
        Table(header=["Số hiệu", "Số lượng"], rows=[["060007", 3]], align=["left", "right"])]))
    first, second = document.tables[1], document.tables[2]
    assert [c.paragraphs[0].alignment for c in first.rows[1].cells] == [
        ALIGN.RIGHT, ALIGN.RIGHT, ALIGN.LEFT]
    assert [c.paragraphs[0].alignment for c in second.rows[1].cells] == [ALIGN.LEFT, ALIGN.RIGHT]


def _has(element, tag: str) -> bool:
    from docx.oxml.ns import qn

    return element.find(f".//{qn(tag)}") is not None


def test_rows_never_split_and_the_signatures_never_stand_alone():
    """On paper: a table row is never cut across two pages, the header row repeats, the last
    lines of the text go over with the signature block, and the document ends with a 1-pt
    paragraph that cannot push an empty page."""
    document = _open(_doc("state", blocks=[
        Paragraph("Nội dung."), Paragraph("Kết luận."),
        Table(header=["TT", "Loại"], rows=[[n, f"Loại {n}"] for n in range(1, 4)],
              total_rows=[["", "Cộng (khẩu)"], ["", "Cộng (viên)"]])]))
    table = document.tables[1]
    assert _has(table.rows[0]._tr, "w:tblHeader")
    assert all(_has(row._tr, "w:cantSplit") for row in table.rows[1:])
    # Both total lines are printed bold after the rows.
    assert [row.cells[1].text for row in table.rows[-2:]] == ["Cộng (khẩu)", "Cộng (viên)"]
    assert table.rows[-1].cells[1].paragraphs[0].runs[0].bold
    # The table ends the text: its last two rows keep with the signature block.
    assert all(p.paragraph_format.keep_with_next
               for row in table.rows[-2:] for cell in row.cells for p in cell.paragraphs)
    assert not table.rows[1].cells[1].paragraphs[0].paragraph_format.keep_with_next
    last = document.paragraphs[-1]
    assert last.text == ""
    assert last.paragraph_format.line_spacing == Pt(1)
    text_last = _open(_doc("state", blocks=[Paragraph("Nội dung."), Paragraph("Kết luận.")]))
    closing = next(p for p in text_last.paragraphs if p.text == "Kết luận.")
    assert closing.paragraph_format.keep_with_next
    assert not next(p for p in text_last.paragraphs
                    if p.text == "Nội dung.").paragraph_format.keep_with_next
