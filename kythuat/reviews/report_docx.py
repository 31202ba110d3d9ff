"""The Word document of a review report, built from data (no database, no request): the header
of its issuer's profile (NĐ 30 or HD 36), Phần I / Phần II / Đề xuất, kiến nghị, the signature
and "Nơi nhận", then the annexes (Phụ lục) on pages of their own after the signature.

The composer renders the body (`documents.compose`); the annexes come after the signature,
which the composer does not place, so `render()` appends them to its document, and makes
every table row unsplittable across pages (the composer repeats header rows but lets body rows
split)."""

import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from kythuat.documents import ooxml
from kythuat.documents.compose import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from kythuat.documents.formatting import format_figure, roman, vn_date

WIDE_COLUMNS = 6  # an annex with more columns is printed on landscape pages


@dataclass
class DocSection:
    part: str  # Section.Part value
    text: str  # the text with its figures written out


@dataclass
class DocAnnex:
    title: str
    header: list
    rows: list
    note: str = ""
    widths_cm: list | None = None


@dataclass
class ReportDocument:
    """Everything the document shows, already read and formatted."""

    profile: object  # "state" | "party" or a FormatProfile
    issuer_name: str
    issuer_parent: str
    issuer_abbreviation: str
    place: str
    date: dt.date | None
    number: str | None
    title: str  # the subject line, "Báo cáo tổng kết 15 năm …"
    unit_name: str
    period_text: str
    sections: list[DocSection]
    target_table: Table | None = None
    subordinate_table: Table | None = None
    missing: list[str] = field(default_factory=list)
    annexes: list[DocAnnex] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    recipients: list[str] = field(default_factory=list)
    is_draft: bool = False


def _text(text: str) -> list:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return [Paragraph(line) for line in lines] or [Paragraph("…")]


def _subject(title: str) -> str:
    """"Báo cáo tổng kết …" → "Tổng kết …": the document type name is printed above it."""
    words = title.strip()
    if words.lower().startswith("báo cáo "):
        words = words[len("báo cáo "):]
    return words[:1].upper() + words[1:]


def build_document(data: ReportDocument) -> OfficialDocument:
    sections = {section.part: section.text for section in data.sections}
    blocks: list = []
    if data.is_draft:
        blocks.append(Paragraph("(Dự thảo – các số liệu được tính tại thời điểm in)",
                                italic=True, align="center", indent=False))
    blocks.append(Paragraph(f"Phạm vi: {data.unit_name} và các đơn vị trực thuộc, "
                            f"{data.period_text}.", italic=True))
    blocks.append(Paragraph("Phần thứ nhất\nKẾT QUẢ THỰC HIỆN", bold=True, align="center",
                            indent=False))
    blocks.append(Heading("ĐẶC ĐIỂM TÌNH HÌNH", numeral="I"))
    blocks.extend(_text(sections.get("situation", "")))
    blocks.append(Heading("KẾT QUẢ THỰC HIỆN", numeral="II"))
    blocks.append(Heading("1. Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền", level=2))
    blocks.extend(_text(sections.get("leadership", "")))
    blocks.append(Heading("2. Kết quả thực hiện các chỉ tiêu, nhiệm vụ", level=2))
    blocks.extend(_text(sections.get("results", "")))
    if data.target_table is not None:
        blocks.append(data.target_table)
    if data.subordinate_table is not None:
        blocks.append(data.subordinate_table)
    if data.missing:
        blocks.append(Paragraph(
            "Đến thời điểm ban hành báo cáo, các đơn vị sau chưa gửi báo cáo: "
            + "; ".join(data.missing) + ".", italic=True))
    blocks.append(Heading("HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", numeral="III"))
    blocks.extend(_text(sections.get("shortcomings", "")))
    blocks.append(Heading("BÀI HỌC KINH NGHIỆM", numeral="IV"))
    blocks.extend(_text(sections.get("lessons", "")))
    blocks.append(Paragraph("Phần thứ hai\nPHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP", bold=True,
                            align="center", indent=False))
    blocks.extend(_text(sections.get("directions", "")))
    blocks.append(Paragraph("ĐỀ XUẤT, KIẾN NGHỊ", bold=True, align="center", indent=False))
    blocks.extend(_text(sections.get("proposals", "")))
    return OfficialDocument(
        profile=data.profile, issuer_name=data.issuer_name, issuer_parent=data.issuer_parent,
        issuer_abbreviation=data.issuer_abbreviation, kind_code="BC", number=data.number,
        title="Báo cáo", subtitle=_subject(data.title), place=data.place, date=data.date,
        blocks=blocks, signatures=[data.signature], recipients=data.recipients)


def render(data: ReportDocument) -> bytes:
    """The .docx bytes: the composer's document, the annexes appended after the signature,
    and no table row split across two pages."""
    doc = build_document(data)
    document = Document(io.BytesIO(render_docx(doc)))
    _keep_end_together(document)
    if data.annexes:
        _append_annexes(document, data)
    for table in document.tables:
        for row in table.rows:
            ooxml.cant_split(row)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _keep_end_together(document) -> None:
    """The last paragraph of the text stays on the page of the signature block, so the
    signature and "Nơi nhận" are never alone on the last page."""
    body = [p for p in document.paragraphs if p.text.strip()]
    if body:
        body[-1].paragraph_format.keep_with_next = True


def _paragraph(document, text: str, *, size: float, bold=False, italic=False,
               align=WD_ALIGN_PARAGRAPH.CENTER, space_after: float = 0):
    para = document.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    para.paragraph_format.keep_with_next = True
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return para


def _append_annexes(document, data: ReportDocument) -> None:
    reference = (f"(Kèm theo Báo cáo số {data.number} ngày "
                 f"{data.date.strftime('%d/%m/%Y')} của {data.issuer_name})"
                 if data.number and data.date else f"(Kèm theo Báo cáo của {data.issuer_name})")
    size = 11.0
    for index, annex in enumerate(data.annexes, start=1):
        # Each annex starts a section of its own: landscape when its table is wide.
        wide = len(annex.header) > WIDE_COLUMNS
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210),
                                                                                  Mm(297))
        width = (section.page_width - section.left_margin - section.right_margin) / 360000
        _paragraph(document, f"Phụ lục {roman(index)}", size=13, bold=True)
        _paragraph(document, annex.title.upper(), size=13, bold=True)
        _paragraph(document, reference, size=12, italic=True, space_after=6)
        columns = len(annex.header)
        widths = [float(w) for w in annex.widths_cm or []]
        if len(widths) != columns or sum(widths) > width:
            widths = ([w * width / sum(widths) for w in widths] if len(widths) == columns
                      else [width / columns] * columns)
        table = document.add_table(rows=1 + len(annex.rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        ooxml.fixed_layout(table, widths)
        ooxml.cell_margins(table, 0.1)
        ooxml.repeat_header(table.rows[0])
        for c, text in enumerate(annex.header):
            _cell(table.cell(0, c), text, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for r, row in enumerate(annex.rows, start=1):
            for c in range(columns):
                value = row[c] if c < len(row) else ""
                numeric = value == "–" or isinstance(value, int | float) or (
                    hasattr(value, "is_finite") and not isinstance(value, str))
                _cell(table.cell(r, c), format_figure(value), size,
                      align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT)
        if annex.note:
            note = document.add_paragraph()
            note.paragraph_format.first_line_indent = Cm(1)
            note.paragraph_format.space_before = Pt(6)
            run = note.add_run(annex.note)
            run.italic = True
            run.font.size = Pt(12)


def _cell(cell, text, size: float, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    para = cell.paragraphs[0]
    para.alignment = align
    run = para.add_run(str(text))
    run.font.size = Pt(size)
    run.bold = bold


def period_text(start: dt.date, end: dt.date) -> str:
    return f"từ {vn_date(start)} đến {vn_date(end)}"
