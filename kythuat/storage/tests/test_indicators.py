import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kythuat.indicators.registry import Period, compute
from kythuat.storage import services
from kythuat.storage.forms import NumberField
from kythuat.storage.models import Facility, FacilityStandard

from .conftest import at, source

pytestmark = pytest.mark.django_db
YEARS = Period(dt.date(2019, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def records(org, cabinet, depot_b):
    services.facility_update(actor=None, facility=org.depot_a, data={
        "standard": FacilityStandard.objects.get(code="qcvn-11-2018-bqp")})
    services.facility_update(actor=None, facility=depot_b,
                             data={"status": Facility.Status.DECOMMISSIONED})
    for facility, year, kind, cost, code in (
            (org.depot_a, 2019, "built", 9_000_000_000, "cap-tren-dau-tu"),
            (org.depot_a, 2024, "upgraded", 500_000_000, "ngan-sach-dia-phuong"),
            (cabinet, 2023, "built", 70_000_000, "ngan-sach-dia-phuong"),
            (cabinet, 2018, "built", 5_000_000, "xa-hoi-hoa"),
            (depot_b, 2020, "built", 1_000_000_000, "cap-tren-dau-tu")):
        services.investment_create(actor=None, facility=facility, year=year, kind=kind,
                                   description="X", cost_vnd=cost, funding_source=source(code))
    day = timezone.localdate() - dt.timedelta(days=30)
    services.inspection_create(actor=None, facility=cabinet, inspected_on=day, inspector="X",
                               fix_deadline=day)
    services.inspection_create(actor=None, facility=depot_b, inspected_on=day, inspector="Y")
    services.reading_record(actor=None, facility=cabinet, taken_at=at(1), temperature=60)
    services.reading_record(actor=None, facility=org.depot_a, taken_at=at(1), temperature=20)


def test_facility_indicators(org, records):
    assert compute("storage_facilities_by_kind", org.province_a, YEARS) == {"Kho": 1,
                                                                              "Tủ súng": 1}
    assert compute("storage_facilities_by_kind", org.hq, YEARS) == {"Kho": 1, "Tủ súng": 1}
    assert compute("storage_facilities_by_standard", org.province_a, YEARS) == {
        "QCVN 11:2018/BQP": 1, "chưa ghi tiêu chuẩn": 1}


def test_investment_indicators(org, records):
    assert compute("storage_investment_total", org.province_a, YEARS) == 9_570_000_000
    assert compute("storage_investment_total", org.hq, YEARS) == 10_570_000_000
    assert compute("storage_facilities_built", org.province_a, YEARS) == 2
    recent = Period(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert compute("storage_facilities_built", org.province_a, recent) == 1
    by_source = compute("storage_investment_by_source", org.province_a, YEARS)
    assert {row["funding_source__name"]: row["total"] for row in by_source} == {
        "Cấp trên đầu tư": 9_000_000_000, "Ngân sách địa phương": 570_000_000}


def test_inspection_and_reading_indicators(org, records):
    assert compute("storage_inspections_open", org.province_a, YEARS) == 1
    assert compute("storage_inspections_open", org.hq, YEARS) == 2
    assert compute("storage_readings_unacknowledged", org.province_a, YEARS) == 1
    assert compute("storage_readings_unacknowledged", org.province_b, YEARS) == 0


@pytest.mark.parametrize(("typed", "value"), [
    ("25,5", Decimal("25.5")), ("25.5", Decimal("25.5")), ("1.250,5", Decimal("1250.5")),
    (" -3 ", Decimal(-3))])
def test_measurements_accept_either_decimal_separator(typed, value):
    assert NumberField(max_digits=8, decimal_places=1).clean(typed) == value
    assert NumberField(max_digits=8, decimal_places=2).prepare_value(Decimal("120.50")) == "120,5"
