import datetime as dt

import pytest

from kythuat.documents import services
from kythuat.documents.models import DocumentType, FormatProfile


@pytest.fixture
def state():
    return FormatProfile.objects.get(code="state")


@pytest.fixture
def party():
    return FormatProfile.objects.get(code="party")


@pytest.fixture
def doc_type():
    return lambda code: DocumentType.objects.get(code=code)


@pytest.fixture
def command(org, state):
    """The Lạng Sơn provincial command, state style."""
    return services.issuer_create(
        actor=None, unit=org.province_a, profile=state, name="Bộ Chỉ huy quân sự tỉnh Lạng Sơn",
        abbreviation="BCH", parent_name="Bộ Tư lệnh Quân khu 1", place="Lạng Sơn",
        valid_from=dt.date(2020, 1, 1))


@pytest.fixture
def committee(org, party):
    """The Party committee of the Lạng Sơn command, term 2025–2030."""
    return services.issuer_create(
        actor=None, unit=org.province_a, profile=party, name="Đảng uỷ Quân sự tỉnh",
        abbreviation="ĐUQS", parent_name="Đảng bộ tỉnh Lạng Sơn", place="Lạng Sơn",
        valid_from=dt.date(2020, 1, 1), term_start=dt.date(2025, 7, 20),
        term_end=dt.date(2030, 7, 19))
