"""Low-level OOXML pieces python-docx has no API for: fields, fixed table layout, cell
margins, rows kept on one page, header rows repeated, and a rough text width."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm


def text_width_cm(text: str, size: float, bold: bool = False) -> float:
    """A rough width of a line in Times New Roman (no font metrics at hand): enough to size a
    rule under a line of the header."""
    em = 0.0
    for char in text:
        if char == " ":
            em += 0.25
        elif char.isupper():
            em += 0.70 if bold else 0.66
        elif char.isdigit():
            em += 0.5
        elif char.isalpha():
            em += 0.55 if bold else 0.47
        else:
            em += 0.33
    return em * size / 72 * 2.54


def add_field(run, instruction: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    value = OxmlElement("w:t")
    value.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, value, end):
        run._r.append(element)


def fixed_layout(table, widths_cm: list) -> None:
    """Fixed column widths that Word and LibreOffice both honour: the table width, the grid
    and every cell (python-docx's autofit=False already writes the fixed layout)."""
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.insert(0 if tbl_pr.find(qn("w:tblStyle")) is None else 1, width)
    width.set(qn("w:w"), str(int(sum(float(w) for w in widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, value in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(float(value) * 567)))
    for row in table.rows:
        for cell, value in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(float(value))


def cell_margins(table, cm: float) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(int(cm * 567)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def cant_split(row) -> None:
    node = OxmlElement("w:cantSplit")
    node.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(node)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    tr_pr.append(node)
