"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

import io

from openpyxl import Workbook

from kythuat.imports.models import Import

OBJECT: dict = {
    "imports:import-detail": "import",
    "imports:import-mapping": "import",
    "imports:import-file": "import",
    "imports:import-confirm": "import",
    "imports:import-cancel": "import",
    "imports:import-errors": "import",
    "import-detail": "import",
    "import-confirm": "import",
}
LIST: dict = {
    "imports:import-list": {"unit": True},
    "imports:import-export": {"unit": True},
    "imports:template": {"template": "items"},
    "import-list": None,
}
CREATE: dict = {
    "imports:import-create": (
        Import,
        lambda w: {
            "template": "items",
            "unit": w["unit"].pk,
            "effective_date": "10/01/2026",
            "file": _upload("SECRET-A-upload.xlsx"),
        },
    ),
    "import-list": (Import, lambda w: {"template": "items", "unit": w["unit"].pk}),
}
REFERENCE: set = set()


def _book() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Ký hiệu trang bị", "Số hiệu", "Cấp chất lượng", "Nhóm sử dụng"])
    sheet.append(["LS", "AK-47", "SECRET-A-900", 1, "SSCĐ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, _book())


def extend_world(world: dict) -> None:
    from kythuat.imports import services

    imp = services.import_upload(
        actor=None,
        unit=world["unit"],
        template="items",
        file_name="SECRET-A-sổ Lạng Sơn.xlsx",
        content=_book(),
    )
    world["import"] = services.import_check(actor=None, imp=imp)
