import datetime as dt
from types import SimpleNamespace

import pytest

from kythuat.commendations import services
from kythuat.commendations.models import CommendationForm
from kythuat.commendations.services import RecipientSpec
from kythuat.documents import services as documents
from kythuat.documents.models import FormatProfile

DAY = dt.date(2025, 12, 15)


def form(code: str) -> CommendationForm:
    return CommendationForm.objects.get(code=code)


@pytest.fixture
def issuers(org):
    """The state commands of Lạng Sơn and Cao Bằng, and the region's command."""
    state = FormatProfile.objects.get(code="state")

    def make(unit, name, abbreviation):
        return documents.issuer_create(actor=None, unit=unit, profile=state, name=name,
                                       abbreviation=abbreviation, parent_name="Quân khu 1",
                                       place="Lạng Sơn", valid_from=dt.date(2015, 1, 1))

    return SimpleNamespace(
        a=make(org.province_a, "Bộ Chỉ huy quân sự tỉnh Lạng Sơn", "BCH"),
        b=make(org.province_b, "Bộ Chỉ huy quân sự tỉnh Cao Bằng", "BCH"),
        region=make(org.hq, "Bộ Tư lệnh Quân khu 1", "BTL"))


@pytest.fixture
def decide(org, issuers):
    """decide(issuer=…, recipients=…, **values) records a draft giấy khen decision."""

    def make(**values):
        defaults = {"actor": None, "issuer": issuers.a, "form": form("giay-khen"),
                    "decided_on": DAY, "title": "Về việc tặng Giấy khen",
                    "recipients": [RecipientSpec(unit=org.commune_a),
                                   RecipientSpec(unit=org.province_a, kind="individual",
                                                 full_name="Hoàng Văn Chung", rank="Thượng tá",
                                                 position="Trưởng phòng Kỹ thuật")]}
        return services.decision_create(**{**defaults, **values})

    return make


@pytest.fixture
def propose(org):
    """propose(**values): a draft proposal of the commune to Lạng Sơn for a giấy khen."""

    def make(**values):
        defaults = {"actor": None, "proposer": org.commune_a, "awarding_unit": org.province_a,
                    "form": form("giay-khen"), "title": "Đề nghị tặng Giấy khen",
                    "summary": "Bảo quản tốt vũ khí của dân quân",
                    "period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31),
                    "recipients": [RecipientSpec(unit=org.commune_a),
                                   RecipientSpec(unit=org.commune_a, kind="individual",
                                                 full_name="Hà Văn Dũng", rank="Trung úy")]}
        return services.proposal_create(**{**defaults, **values})

    return make
