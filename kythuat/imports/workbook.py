"""The downloadable templates and the error report, as xlsx bytes (no database, no request)."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kythuat.core.xlsx import ITALIC, TITLE_FONT, WRAP, Column, list_xlsx, put, workbook_bytes

from .specs import DATE, Template

REQUIRED_FILL = PatternFill("solid", fgColor="F6D7A7")
OPTIONAL_FILL = PatternFill("solid", fgColor="E4ECE3")
RED = Font(name="Times New Roman", size=11, bold=True, color="9C0006")


def template_xlsx(template: Template, samples: dict[str, object] | None = None) -> bytes:
    """Three sheets: "Dữ liệu" (the headers, to fill in), "Hướng dẫn" (each column explained)
    and "Ví dụ" (a filled-in row). `samples` (field key → value) replaces the template's own
    examples with codes that exist for the user downloading it (imports.examples)."""
    samples = samples or {}

    def sample(field):
        value = samples.get(field.key, field.sample)
        return value if value != "" else None

    book = Workbook()
    data = book.active
    data.title = _("Data")
    _header(data, template)
    data.freeze_panes = "A2"
    for index, field in enumerate(template.fields, start=1):
        if field.kind != DATE:  # codes and serials stay text ("007" keeps its zeros)
            for row in range(2, 502):
                data.cell(row=row, column=index).number_format = "@"
    notes = book.create_sheet(_("Instructions"))
    put(
        notes.cell(row=1, column=1),
        _("Template: %(title)s") % {"title": template.title},
        font=TITLE_FONT,
    )
    put(notes.cell(row=2, column=1), str(template.description), font=ITALIC)
    put(
        notes.cell(row=3, column=1),
        _(
            'Fill in the sheet "%(sheet)s" from row 2, one row per '
            "record. Columns marked in orange are required. Dates "
            "are written dd/mm/yyyy."
        )
        % {"sheet": _("Data")},
        font=ITALIC,
    )
    titles = [_("Column"), _("Required"), _("What to write"), _("Example")]
    for index, title in enumerate(titles, start=1):
        put(notes.cell(row=5, column=index), title, bold=True, border=True, align=WRAP)
    for number, field in enumerate(template.fields, start=6):
        values = [
            str(field.header),
            _("yes") if field.required else "",
            str(field.note),
            sample(field) or "",
        ]
        for index, value in enumerate(values, start=1):
            put(
                notes.cell(row=number, column=index),
                value,
                border=True,
                font=RED if index == 2 and field.required else None,
            )
    for letter, width in zip("ABCD", (28, 10, 70, 24), strict=True):
        notes.column_dimensions[letter].width = width
    example = book.create_sheet(_("Example"))
    _header(example, template)
    for index, field in enumerate(template.fields, start=1):
        put(example.cell(row=2, column=index), sample(field))
    return workbook_bytes(book)


def _header(sheet, template: Template) -> None:
    for index, field in enumerate(template.fields, start=1):
        cell = put(
            sheet.cell(row=1, column=index), str(field.header), bold=True, border=True, align=WRAP
        )
        cell.fill = REQUIRED_FILL if field.required else OPTIONAL_FILL
        sheet.column_dimensions[get_column_letter(index)].width = max(
            14, len(str(field.header)) + 4
        )
    sheet.row_dimensions[1].height = 32


def errors_xlsx(*, title: str, info: Sequence[tuple[str, object]], errors: Sequence[dict]) -> bytes:
    """One line per message of each bad row: row number and the message."""
    rows = ([entry["row"], message] for entry in errors for message in entry["messages"])
    return list_xlsx(
        title=title,
        info=info,
        columns=[Column(_("Row"), width=8), Column(_("Error"), width=100)],
        rows=rows,
        sheet_title=_("Errors"),
    )
