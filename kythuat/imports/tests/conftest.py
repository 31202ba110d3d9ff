import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from kythuat.imports import services
from kythuat.imports.specs import template

FILES = Path(__file__).parent / "files"
DAY = dt.date(2026, 1, 10)


def xlsx(headers, rows, *, title_rows=()) -> bytes:
    """A book with optional title rows, a header row and the rows (openpyxl-written)."""
    book = Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(list(row))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def headers_of(code: str) -> list[str]:
    return [str(field.header) for field in template(code).fields]


def item_rows(count: int, *, unit="LS", prefix="AK-", start=1):
    return [
        [unit, "AK-47", f"{prefix}{n:06d}", 1985, 1, "SSCĐ", "", "10/01/2026", ""]
        for n in range(start, start + count)
    ]


@pytest.fixture
def upload(org):
    def make(content, *, code="items", user="officer_a", unit=None, name="tep.xlsx"):
        return services.import_upload(
            actor=org.users[user] if user else None,
            unit=unit or org.province_a,
            template=code,
            file_name=name,
            content=content,
            effective_date=DAY,
        )

    return make
