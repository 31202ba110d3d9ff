import datetime as dt

import pytest
from django.utils import timezone

from kythuat.storage import services
from kythuat.storage.models import Facility, FacilityKind, FundingSource


def source(code: str) -> FundingSource:
    return FundingSource.objects.get(code=code)


def at(days_ago: int, hour: int = 8) -> dt.datetime:
    """An aware time `days_ago` days before today, at the given hour."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def cabinet(org) -> Facility:
    """The gun cabinet of the commune (Lạng Sơn)."""
    return services.facility_create(
        actor=None, owner_unit=org.commune_a, kind=FacilityKind.objects.get(code="tu-sung"),
        code="TS-HL", name="Tủ súng xã Hữu Lũng", capacity=30, capacity_uom="khẩu")


@pytest.fixture
def depot_b(org) -> Facility:
    return services.facility_create(
        actor=None, owner_unit=org.province_b, kind=FacilityKind.objects.get(code="kho"),
        code="K45", name="Kho K45 Cao Bằng", location="Hòa An")
