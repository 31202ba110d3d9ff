"""Books too big to import are refused from the zip alone, before openpyxl parses anything
(issue 15, item 1); cells lose control characters; a look-alike serial is a duplicate."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from kythuat.imports import reader, services
from kythuat.imports.models import Import

from .conftest import headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_shared_strings(content: bytes, count: int) -> bytes:
    """The book with a table of `count` shared strings, as Excel writes its texts."""
    table = "".join(f"<si><t>{n}</t></si>" for n in range(count))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info))
        copy.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{table}</sst>')
    return buffer.getvalue()


@pytest.fixture
def no_parsing(monkeypatch):
    def refuse(content):
        raise AssertionError("the book was parsed")

    monkeypatch.setattr(reader, "open_book", refuse)


@pytest.mark.parametrize(
    ("setting", "limit", "code"),
    [
        ("IMPORT_MAX_ROWS", 10, "too_many_rows"),
        ("IMPORT_MAX_SHARED_STRINGS", 30, "too_many_strings"),
        ("IMPORT_MAX_UNZIPPED_BYTES", 20_000, "too_big_unzipped"),
    ],
)
def test_a_book_over_a_limit_is_refused_before_it_is_parsed(
    org, upload, settings, no_parsing, setting, limit, code
):
    setattr(settings, setting, limit)
    with pytest.raises(ValidationError) as refused:
        upload(with_shared_strings(xlsx(headers_of("items"), item_rows(60)), 60))
    assert refused.value.code == code
    assert not Import.objects.exists()


def test_a_book_within_the_limits_is_read(org, upload, settings):
    settings.IMPORT_MAX_ROWS = 60
    imp = upload(xlsx(headers_of("items"), item_rows(60)))
    assert imp.row_count == 60


def test_cells_with_control_characters_are_imported_without_them(org, upload):
    # As Excel writes them: "_x000B_" stands for U+000B.
    row = ["LS", "AK-47", "AK_x000B_-77_x0001_", 1985, 1, "SSCĐ", "", "10/01/2026", "ghi_x001F_"]
    imp = services.import_check(actor=org.users["officer_a"],
                                imp=upload(xlsx(headers_of("items"), [row])))
    assert (imp.status, imp.error_count) == (Import.Status.CHECKED, 0)
    imp = services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert org.rifle.items.get().serial == "AK-77"


def test_a_lookalike_serial_in_a_file_is_refused_as_registered(org, upload):
    org.rifles(org.province_a, "AK-000001")
    rows = item_rows(1, prefix="AK\u2011")  # a non-breaking hyphen
    imp = services.import_check(actor=org.users["officer_a"],
                                imp=upload(xlsx(headers_of("items"), rows)))
    assert imp.error_count == 1
    assert "AK-000001" in " ".join(imp.errors[0]["messages"]).upper()
