"""Makes the real-file fixtures of this folder with LibreOffice (run by hand, not by the tests).

    python kythuat/imports/tests/files/make_files.py     # needs /usr/bin/soffice

Each sheet is written as a flat OpenDocument file (.fods, plain XML, so every cell's type is
exactly what a user's book would hold) and converted by LibreOffice itself; see README.md.
"""

import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SOFFICE = "/usr/bin/soffice"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
STYLES = """<office:automatic-styles>
<number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text>
<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>
</number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N37"/>
</office:automatic-styles>"""


def s(value: str, span: int = 1, rows: int = 1) -> str:
    """A text cell (what a user gets typing a number or a date into a text-formatted cell)."""
    spans = (f' table:number-columns-spanned="{span}"' if span > 1 else "") + (
        f' table:number-rows-spanned="{rows}"' if rows > 1 else ""
    )
    covered = "<table:covered-table-cell/>" * (span - 1)
    return (
        f'<table:table-cell office:value-type="string"{spans}><text:p>{escape(value)}'
        f"</text:p></table:table-cell>{covered}"
    )


def n(value: float) -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}"/>'


def d(iso: str) -> str:
    return (
        f'<table:table-cell table:style-name="ce1" office:value-type="date" '
        f'office:date-value="{iso}"/>'
    )


def e(count: int = 1) -> str:
    return "<table:table-cell/>" * count


def c() -> str:
    return "<table:covered-table-cell/>"


def book(sheets: dict[str, list[str]]) -> str:
    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} '
        f'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.'
        f'spreadsheet">{STYLES}<office:body><office:spreadsheet>{body}'
        f"</office:spreadsheet></office:body></office:document>"
    )


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def items_sheet() -> list[str]:
    """A register typed over years: a title, a two-row header with merged cells, a row of
    column numbers, a blank row, numbers and dates as text, NFD text, stray spaces, a row
    whose serial starts with "=" (a formula injection), a real date cell."""
    return [
        s("DANH SÁCH VŨ KHÍ ĐĂNG KÝ NĂM 2026", span=6),
        e(),
        s("Mã đơn vị", rows=2)
        + s("Trang bị", span=2)
        + s("Năm sản xuất", rows=2)
        + s("Phân cấp", rows=2)
        + s("Nhóm sử dụng", rows=2)
        + s("Ngày nhập", rows=2),
        c() + s("Ký hiệu") + s("Số hiệu") + c() + c() + c() + c(),
        s("(1)") + s("(2)") + s("(3)") + s("(4)") + s("(5)") + s("(6)") + s("(7)"),
        s(" LS ") + s("AK-47") + s("  LO-0001 ") + s("1985") + s("2") + s("SSCĐ") + s("10/01/2026"),
        e(7),
        s("ls")
        + s("ak-47")
        + s("LO-0002")
        + n(1986)
        + n(1)
        + s(nfd("Huấn luyện"))
        + d("2026-01-10"),
        s("LS-XA-01")
        + s("AK-47")
        + s("LO-0003")
        + s("1990")
        + s("cấp 3")
        + s(nfd("Sẵn sàng chiến đấu"))
        + s("5/1/2026"),
        s("LS")
        + s("AK-47")
        + s('=HYPERLINK("http://x","LO-0004")')
        + s("1990")
        + s("1")
        + s("SSCĐ")
        + s("10/01/2026"),
    ]


def opening_sheet() -> list[str]:
    """Quantities typed as text with a decimal comma and thousands dots."""
    header = (
        s("Mã đơn vị")
        + s("Ký hiệu chủng loại")
        + s("Số lô")
        + s("Số lượng")
        + s("Cấp chất lượng")
        + s("Nhóm sử dụng")
        + s("Ngày nhập sổ")
    )
    return [
        header,
        s("LS") + s("DẦU-DO") + e() + s("1.250,5") + n(1) + s("Dự trữ") + s("01/01/2026"),
        s("LS") + s("Đ-7,62") + s("L-2019-07") + s("12.000") + s("2") + s("SSCĐ") + d("2026-01-01"),
        s("LS")
        + s(nfd("Đ-7,62"))
        + s(" L-2020-01 ")
        + n(500)
        + n(1)
        + s("Huấn luyện")
        + s("01/01/2026"),
    ]


def convert(source: Path, target_format: str, out_dir: Path) -> Path:
    subprocess.run(  # noqa: S603  fixed arguments, our own paths
        [
            SOFFICE,
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out_dir / f"{source.stem}.{target_format.split(':')[0]}"


def main() -> None:
    if not Path(SOFFICE).exists():
        raise SystemExit("LibreOffice (soffice) is needed to make these files.")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, rows in (
            ("items_libreoffice", items_sheet()),
            ("opening_libreoffice", opening_sheet()),
        ):
            source = work / f"{name}.fods"
            source.write_text(book({"Sổ đăng ký": rows}), encoding="utf-8")
            shutil.copy(convert(source, "xlsx", work), HERE / f"{name}.xlsx")
        # An .ods and an old .xls given the .xlsx extension, as users do when renaming
        # files. The .xls is an OLE compound file (CFB), the very container Excel and
        # LibreOffice put a password-protected xlsx in.
        source = work / "other.fods"
        source.write_text(book({"Dữ liệu": opening_sheet()}), encoding="utf-8")
        shutil.copy(convert(source, "ods", work), HERE / "ods_renamed.xlsx")
        shutil.copy(convert(source, "xls", work), HERE / "xls_renamed.xlsx")


if __name__ == "__main__":
    main()
