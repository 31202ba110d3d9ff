import datetime as dt
from types import SimpleNamespace

import pytest

from kythuat.documents import services as documents
from kythuat.documents.models import FormatProfile
from kythuat.people import services
from kythuat.people.models import CertificateKind, PersonCategory, Trade

D = dt.date


@pytest.fixture
def ref(db):
    return SimpleNamespace(
        qncn=PersonCategory.objects.get(code="qncn"),
        cnqp=PersonCategory.objects.get(code="cnqp"),
        weapons=Trade.objects.get(code="sua-chua-vu-khi"),  # 7 levels
        ammo=Trade.objects.get(code="dan"),  # 6 levels
        battery=Trade.objects.get(code="ac-quy"),  # 3 levels
        electrical=CertificateKind.objects.get(code="an-toan-dien"),
    )


@pytest.fixture
def person(org, ref):
    """person(name, unit=province_a, level=(trade, level, since)) serving since 2015."""

    def make(name="Nguyễn Văn An", unit=None, level=None, **extra):
        someone = services.person_create(
            actor=None, unit=unit or org.province_a, full_name=name, category=ref.qncn,
            started_on=extra.pop("started_on", D(2015, 3, 1)), rank="Thượng úy QNCN",
            position="Thợ sửa chữa vũ khí", order_number="15/QĐ-BCH", **extra)
        if level is not None:
            trade, value, since = level
            services.skill_level_grant(actor=None, person=someone, trade=trade, level=value,
                                       started_on=since, evidence=f"QĐ số 1/QĐ ngày {since}")
        return someone

    return make


@pytest.fixture
def issuer_a(org):
    return documents.issuer_create(
        actor=None, unit=org.province_a, profile=FormatProfile.objects.get(code="state"),
        name="Bộ Chỉ huy quân sự tỉnh Lạng Sơn", abbreviation="BCH", parent_name="Quân khu 1",
        place="Lạng Sơn", valid_from=D(2015, 1, 1))
