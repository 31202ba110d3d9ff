"""The composer: an official document described as data, rendered to .docx in the layout of
its format profile (NĐ 30/2020 for state documents, HD 36-HD/VPTW for Party documents).

    doc = OfficialDocument(profile="state", issuer_name="Bộ CHQS tỉnh Lạng Sơn",
                           issuer_parent="Quân khu 1", kind_code="BB", number="15/BB-BCH",
                           title="Biên bản", subtitle="Kiểm kê vũ khí trang bị kỹ thuật",
                           place="Lạng Sơn", date=date(2026, 1, 5),
                           blocks=[Heading("Thành phần"), Paragraph("…"),
                                   Table(header=["TT", "Tên"], rows=[[1, "Súng AK"]])],
                           signatures=[Signature("TM.", "Ban Chỉ huy", "Chỉ huy trưởng", "…")],
                           recipients=["Bộ Tư lệnh Quân khu 1"])
    content = render_docx(doc)

Header and signature blocks are borderless two-column tables, as real templates are built.
"""

import dataclasses
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from kythuat.core.text import strip_control

from . import ooxml
from .formatting import date_line, format_figure, format_symbol, is_figure, number_line

_FIGURE_TEXT = re.compile(r"^[-+]?\d[\d.]*(,\d+)?%?$")  # "1.234", "21,5", "95%"


@dataclass
class Heading:
    text: str
    level: int = 1
    numeral: str = ""  # "I" → "I. …" (state) or "I- …" (Party), per profile


@dataclass
class Paragraph:
    """Body text; several lines ("\\n") become several paragraphs."""

    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | left | center | right
    indent: bool = True


@dataclass
class Table:
    header: list
    rows: list
    widths_cm: list | None = None
    total_row: list | None = None
    # Several total lines (one per unit of measure), printed bold after the rows.
    total_rows: list | None = None
    caption: str = ""
    # Per column "left" | "center" | "right"; by default figures (and text that reads as a
    # figure, "1.234") go right and text left.
    align: list | None = None


@dataclass
class PageBreak:
    pass


@dataclass
class Signature:
    prefix: str = ""  # "TM.", "KT.", "TL.", "Q.", "TUQ." or ""; Party spelling from the profile
    office: str = ""  # "Ban Chỉ huy", "Đảng uỷ"
    title: str = ""  # "Chỉ huy trưởng", "Bí thư"
    name: str = ""  # may start with the military rank
    note: str = ""  # an italic line under the title, e.g. "(Ký, ghi rõ họ tên)"


@dataclass
class OfficialDocument:
    profile: object  # "state" | "party" (a FormatProfile code) or a FormatProfile
    issuer_name: str
    issuer_parent: str = ""
    kind_code: str = "BB"
    number: str | None = None  # "15/BB-BCH", or "15" (formatted here), or None (blank)
    title: str = ""  # the document type name, e.g. "Biên bản"
    subtitle: str = ""  # trích yếu
    place: str = ""
    date: dt.date | None = None
    blocks: list = field(default_factory=list)
    signatures: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    # optional
    issuer_abbreviation: str = ""
    classification: str = ""  # "MẬT" …
    landscape: bool = False
    archive: str = ""  # drafting unit after "Lưu: VT, "


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    return _Renderer(_clean(doc), _profile(doc.profile)).render()


def _clean(value):
    """The document without control characters in any text: Word's XML cannot hold them, and
    records saved before input was cleaned may contain some."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(member) for member in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **changes)
    return value


def _profile(value):
    from .models import FormatProfile

    if isinstance(value, FormatProfile):
        return value
    return FormatProfile.objects.get(code=value)


def _pt(value) -> Pt:
    return Pt(float(value))


class _Renderer:
    def __init__(self, doc: OfficialDocument, profile):
        self.doc = doc
        self.p = profile
        self.document = Document()

    # -- page ------------------------------------------------------------------------------
    def render(self) -> bytes:
        self._setup_page()
        self._header()
        self._title()
        for block in self.doc.blocks:
            self._block(block)
        self._keep_end_with_signatures()
        self._signatures()
        self._closing_paragraph()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    @property
    def text_width_cm(self) -> float:
        section = self.document.sections[0]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    def _setup_page(self) -> None:
        p = self.p
        normal = self.document.styles["Normal"]
        normal.font.name = p.font_name
        normal.font.size = _pt(p.size_body)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), p.font_name)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if self.doc.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin = Mm(float(p.margin_top_mm))
        section.bottom_margin = Mm(float(p.margin_bottom_mm))
        section.left_margin = Mm(float(p.margin_left_mm))
        section.right_margin = Mm(float(p.margin_right_mm))
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        if p.page_numbers:
            # Centred in the top margin, not on page 1 (NĐ 30; HD 36 likewise).
            section.different_first_page_header_footer = True
            para = section.header.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run()
            run.font.size = _pt(p.size_body)
            ooxml.add_field(run, "PAGE")

    # -- pieces ----------------------------------------------------------------------------
    def _para(self, container, text: str = "", *, size=None, bold=False, italic=False,
              underline=False, align=WD_ALIGN_PARAGRAPH.CENTER, upper=False, space_after=0):
        para = container.add_paragraph()
        para.alignment = align
        para.paragraph_format.space_after = Pt(space_after)
        if text:
            run = para.add_run(text.upper() if upper else text)
            run.font.size = _pt(size or self.p.size_body)
            run.bold = bold
            run.italic = italic
            run.underline = underline
        return para

    def _rule(self, para, width_cm: float, column_cm: float) -> None:
        """A centred rule of `width_cm` as the bottom border of an empty paragraph."""
        para.paragraph_format.space_after = Pt(0)
        side = max((column_cm - width_cm) / 2, 0)
        para.paragraph_format.left_indent = Cm(side)
        para.paragraph_format.right_indent = Cm(side)
        para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        para.paragraph_format.line_spacing = Pt(3)
        p_pr = para._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                           ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        p_pr.append(borders)

    def _layout_table(self, rows: int, widths: list[float], keep: bool = False):
        table = self.document.add_table(rows=rows, cols=len(widths))
        if keep:
            for row in table.rows:
                ooxml.cant_split(row)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        ooxml.fixed_layout(table, widths)
        ooxml.cell_margins(table, 0.05)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        return table

    def _symbol(self) -> str:
        doc, p = self.doc, self.p
        number = doc.number
        if number is not None and str(number).strip().isdigit():
            return format_symbol(p.number_pattern, int(number), doc.kind_code,
                                 doc.issuer_abbreviation, p.pad_number)
        if number:
            return str(number).strip()
        if doc.issuer_abbreviation:
            return format_symbol(p.number_pattern, None, doc.kind_code, doc.issuer_abbreviation)
        return "       "

    def _header(self) -> None:
        doc, p = self.doc, self.p
        width = self.text_width_cm
        # The right column holds the national title on one line (about 10 cm at 13 pt for the
        # state, 7 cm at 15 pt for the Party); the issuer takes the rest.
        title_w = ooxml.text_width_cm(p.national_title.upper(), float(p.size_national_title), True)
        right_w = round(min(max(title_w + 1.0, width * 0.5), width * 0.66), 2)
        left_w = round(width - right_w, 2)
        table = self._layout_table(2, [left_w, right_w])
        left, right = table.cell(0, 0), table.cell(0, 1)
        inner_l, inner_r = left_w - 0.1, right_w - 0.1
        # Issuer: superior body upper case not bold, issuer upper case bold, then rule or "*".
        if doc.issuer_parent:
            self._para(left, doc.issuer_parent, size=p.size_issuer, upper=True)
        self._para(left, doc.issuer_name, size=p.size_issuer, bold=True, upper=True)
        if p.issuer_mark == p.IssuerMark.ASTERISK:
            self._para(left, "*", size=p.size_issuer)
        else:
            line = min(ooxml.text_width_cm(doc.issuer_name.upper(), float(p.size_issuer), True),
                       inner_l)
            self._rule(self._para(left), line * 0.4, inner_l)
        # National title (and motto with a rule as long as the motto; Party: rule as long as
        # the title).
        self._para(right, p.national_title, size=p.size_national_title, bold=True, upper=True)
        if p.national_motto:
            self._para(right, p.national_motto, size=p.size_motto, bold=True)
            last, last_size = p.national_motto, p.size_motto
        else:
            last, last_size = p.national_title.upper(), p.size_national_title
        self._rule(self._para(right),
                   min(ooxml.text_width_cm(last, float(last_size), True), inner_r), inner_r)
        if doc.classification:
            self._para(left, doc.classification, size=p.size_number, bold=True)
        # Number and symbol | place and date (italic), on one row.
        number_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
        self._para(number_cell, number_line(p.number_label, self._symbol()), size=p.size_number)
        if doc.date is not None:
            para = self._para(date_cell, date_line(doc.place, doc.date), size=p.size_date,
                              italic=True)
            para.paragraph_format.space_before = Pt(6)
        number_cell.paragraphs[0].paragraph_format.space_before = Pt(6)

    def _title(self) -> None:
        doc, p = self.doc, self.p
        body = self.document
        self._para(body).paragraph_format.space_after = Pt(6)
        if doc.title:
            self._para(body, doc.title, size=p.size_kind, bold=True, upper=True)
        if doc.subtitle:
            self._para(body, doc.subtitle, size=p.size_subject, bold=True)
        if p.subject_separator:
            self._para(body, p.subject_separator, size=p.size_subject)
        else:
            self._rule(self._para(body), 3.0, self.text_width_cm)
        self._para(body).paragraph_format.space_after = Pt(6)

    def _block(self, block) -> None:
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, PageBreak):
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"Unknown block {block!r}")

    def _body_format(self, para, indent: bool = True) -> None:
        fmt = para.paragraph_format
        fmt.space_after = _pt(self.p.space_after_pt)
        fmt.line_spacing = float(self.p.line_spacing)
        if indent:
            fmt.first_line_indent = Cm(float(self.p.first_line_indent_cm))

    def _heading(self, block: Heading) -> None:
        text = block.text
        if block.numeral:
            text = f"{block.numeral}{self.p.heading_separator}{text}"
        para = self._para(self.document, text, size=self.p.size_body, bold=True,
                          italic=block.level >= 3, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        self._body_format(para)
        para.paragraph_format.keep_with_next = True

    def _paragraph(self, block: Paragraph) -> None:
        aligns = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
                  "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
        for line in str(block.text).splitlines() or [""]:
            para = self._para(self.document, line.strip(), size=self.p.size_body,
                              bold=block.bold, italic=block.italic,
                              align=aligns.get(block.align, WD_ALIGN_PARAGRAPH.JUSTIFY))
            self._body_format(para, indent=block.indent)

    def _table(self, block: Table) -> None:
        p = self.p
        if block.caption:
            para = self._para(self.document, block.caption, size=p.size_body, bold=True,
                              italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            para.paragraph_format.keep_with_next = True
            para.paragraph_format.space_after = Pt(3)
        columns = len(block.header)
        widths = [float(w) for w in block.widths_cm or []]
        if len(widths) != columns:
            widths = [self.text_width_cm / columns] * columns
        if sum(widths) > self.text_width_cm:  # never wider than the page allows
            widths = [w * self.text_width_cm / sum(widths) for w in widths]
        totals = [*(block.total_rows or []), *([block.total_row] if block.total_row else [])]
        rows = [*block.rows, *totals]
        table = self.document.add_table(rows=1 + len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        ooxml.fixed_layout(table, widths)
        ooxml.cell_margins(table, 0.1)
        ooxml.repeat_header(table.rows[0])
        for index, text in enumerate(block.header):
            self._cell(table.cell(0, index), text, bold=True, center=True)
        for r, row in enumerate(rows, start=1):
            ooxml.cant_split(table.rows[r])  # a row never breaks across two pages
            is_total = r > len(block.rows)
            for c in range(columns):
                value = row[c] if c < len(row) else ""
                align = block.align[c] if block.align and c < len(block.align) else None
                self._cell(table.cell(r, c), value, bold=is_total, align=align)
        self._para(self.document).paragraph_format.space_after = Pt(6)

    def _cell(self, cell, value, *, bold=False, center=False, align=None) -> None:
        para = cell.paragraphs[0]
        if align in ("left", "center", "right"):
            para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                              "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        elif center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif is_figure(value) or _FIGURE_TEXT.match(str(value or "")):
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        run = para.add_run(format_figure(value))
        run.font.size = _pt(self.p.size_table)
        run.bold = bold

    # -- signatures and recipients ---------------------------------------------------------
    def _signature(self, cell, signature: Signature) -> None:
        p = self.p
        size = p.size_signature
        prefix = p.prefix_for(signature.prefix) if signature.prefix else ""
        first = " ".join(part for part in (prefix, signature.office.upper()) if part)
        if first:
            self._para(cell, first, size=size, bold=True)
        if signature.title:
            self._para(cell, signature.title, size=size, bold=True, upper=True)
        if signature.note:
            self._para(cell, signature.note, size=size, italic=True)
        for _ in range(4):
            self._para(cell, "", size=size)
        if signature.name:
            self._para(cell, signature.name, size=size, bold=True)

    def _recipients(self, cell) -> None:
        p, doc = self.p, self.doc
        style = p.recipients_label_style
        para = self._para(cell, p.recipients_label, size=p.size_recipients_label,
                          bold=style in (p.LabelStyle.BOLD_ITALIC, p.LabelStyle.BOLD),
                          italic=style == p.LabelStyle.BOLD_ITALIC,
                          underline=style == p.LabelStyle.UNDERLINE,
                          align=WD_ALIGN_PARAGRAPH.LEFT)
        para.paragraph_format.space_before = Pt(6)
        lines = [str(r).strip().rstrip(";.") for r in doc.recipients if str(r).strip()]
        if not any(line.startswith("Lưu") for line in lines):
            archive = p.archive_line
            lines.append(f"{archive}, {doc.archive}" if doc.archive else archive)
        for index, line in enumerate(lines):
            end = "." if index == len(lines) - 1 else ";"
            self._para(cell, f"- {line}{end}", size=p.size_recipients,
                       align=WD_ALIGN_PARAGRAPH.LEFT)

    def _keep_end_with_signatures(self) -> None:
        """The last lines of the text go to the next page with the signature block, so the
        signatures and "Nơi nhận" never stand alone on a page: the last body paragraph (or
        the last two rows of a closing table) keeps with what follows."""
        body = self.document.element.body
        elements = [e for e in body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]
        if not elements:
            return
        last = elements[-1]
        if last.tag == qn("w:p"):
            # the spacing paragraph after a table: keep the table's last rows with it too
            if len(elements) > 1 and elements[-2].tag == qn("w:tbl") and not last.xpath(
                    "string(.)").strip():
                last = elements[-2]
            else:
                self._keep_with_next(last)
                return
        for row in last.findall(qn("w:tr"))[-2:]:
            for para in row.iter(qn("w:p")):
                self._keep_with_next(para)
        if elements[-1] is not last:
            self._keep_with_next(elements[-1])

    @staticmethod
    def _keep_with_next(paragraph) -> None:
        paragraph.get_or_add_pPr().keepNext_val = True  # in the schema's order

    def _closing_paragraph(self) -> None:
        """A document that ends with a table needs a paragraph after it; made 1 pt high with
        no spacing, it can never push an empty last page."""
        para = self.document.add_paragraph()
        fmt = para.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)
        para.add_run("").font.size = Pt(1)

    def _signatures(self) -> None:
        doc = self.doc
        self._para(self.document).paragraph_format.keep_with_next = True
        width = self.text_width_cm
        signatures = list(doc.signatures)
        if len(signatures) <= 1:
            left_w = round(width * 0.45, 2)
            table = self._layout_table(1, [left_w, round(width - left_w, 2)], keep=True)
            if doc.recipients is not None:
                self._recipients(table.cell(0, 0))
            if signatures:
                self._signature(table.cell(0, 1), signatures[0])
            else:
                self._para(table.cell(0, 1))
            return
        table = self._layout_table(1, [round(width / len(signatures), 2)] * len(signatures),
                                   keep=True)
        for index, signature in enumerate(signatures):
            self._signature(table.cell(0, index), signature)
        if doc.recipients:
            holder = self._layout_table(1, [round(width * 0.45, 2), round(width * 0.55, 2)])
            self._recipients(holder.cell(0, 0))
            self._para(holder.cell(0, 1))


__all__ = ["Heading", "OfficialDocument", "PageBreak", "Paragraph", "Signature", "Table",
           "render_docx"]
