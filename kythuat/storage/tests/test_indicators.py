import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kythuat.indicators.registry import Period, compute
from kythuat.indicators.registry import records as records_of
from kythuat.storage import services
from kythuat.storage.forms import NumberField
from kythuat.storage.models import ConditionReading, Facility, FacilityStandard, Inspection

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


def _by(value, dimension: str) -> dict:
    return {row.labels[0]: row.value for row in value.by(dimension) if row.value}


def test_facility_indicators(org, records):
    value = compute("storage.facilities", org.province_a, YEARS)
    assert value.total == 2
    assert _by(value, "kind") == {"Kho": 1, "Tủ súng": 1}
    assert _by(value, "standard") == {"QCVN 11:2018/BQP": 1, "chưa ghi tiêu chuẩn": 1}
    # K45 of Cao Bằng was decommissioned: it no longer counts.
    assert _by(compute("storage.facilities", org.hq, YEARS), "kind") == {"Kho": 1, "Tủ súng": 1}


def test_a_past_year_keeps_the_facilities_it_had(org, records):
    year = Period.year(2025)
    assert compute("storage.facilities", org.province_b, year).total == 1  # K45 still in use
    assert compute("storage.facilities", org.hq, year).total == 3
    # Before the first year of its construction records a facility did not exist yet.
    assert compute("storage.facilities", org.hq, Period.year(2019)).total == 2  # not K45 (2020)
    services.facility_update(actor=None, facility=org.depot_a,
                             data={"status": Facility.Status.DECOMMISSIONED})
    assert compute("storage.facilities", org.hq, year).total == 3
    assert compute("storage.facilities", org.hq, YEARS).total == 1
    [k45] = records_of("storage.facilities", org.province_b, year)
    assert (k45.code, k45.status_then, k45.status) == ("K45", Facility.Status.IN_USE,
                                                       Facility.Status.DECOMMISSIONED)


def test_investment_indicators(org, records):
    assert compute("storage.investment", org.province_a, YEARS).total == 9_570_000_000
    assert compute("storage.investment", org.hq, YEARS).total == 10_570_000_000
    # A facility counts in the year of its first new-construction record: the gun cabinet,
    # built in 2018 and rebuilt in 2023, counts in 2018 only, so periods add up.
    assert compute("storage.facilities_built", org.province_a, YEARS).total == 1
    recent = Period(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert compute("storage.facilities_built", org.province_a, recent).total == 0
    assert compute("storage.facilities_built", org.province_a, Period.year(2018)).total == 1
    value = compute("storage.investment", org.province_a, YEARS)
    assert _by(value, "funding_source") == {"Cấp trên đầu tư": 9_000_000_000,
                                           "Ngân sách địa phương": 570_000_000}
    assert _by(value, "kind") == {"Kho": 9_500_000_000, "Tủ súng": 70_000_000}
    # Investments are recorded by year: a year counts in the period that holds its 1 January.
    assert compute("storage.investment", org.province_a,
                   Period(dt.date(2019, 6, 1), dt.date(2024, 12, 31))).total == 570_000_000
    assert compute("storage.facilities_built", org.province_a,
                   Period(dt.date(2023, 1, 1), dt.date(2023, 12, 30))).total == 0


def test_inspection_and_reading_indicators(org, records):
    assert compute("storage.inspections_open", org.province_a, YEARS).total == 1
    assert compute("storage.inspections_open", org.hq, YEARS).total == 2
    assert compute("storage.readings_unacknowledged", org.province_a, YEARS).total == 1
    assert compute("storage.readings_unacknowledged", org.province_b, YEARS).total == 0


def test_a_past_day_keeps_its_open_inspections_and_readings(org, records, cabinet):
    month_ago = timezone.localdate() - dt.timedelta(days=30)
    before = Period(month_ago - dt.timedelta(days=10), month_ago)
    inspection = Inspection.objects.get(facility=cabinet)
    services.inspection_close(actor=None, inspection=inspection,
                              closed_on=timezone.localdate(), note="Đã khắc phục")
    reading = ConditionReading.objects.get(facility=cabinet)
    reading_day = Period(timezone.localdate() - dt.timedelta(days=1),
                         timezone.localdate() - dt.timedelta(days=1))
    ConditionReading.objects.filter(pk=reading.pk).update(acknowledged_at=timezone.now())
    assert compute("storage.inspections_open", org.province_a, YEARS).total == 0
    assert compute("storage.inspections_open", org.province_a, before).total == 1
    assert compute("storage.inspections_open", org.province_a,
                   Period(month_ago - dt.timedelta(days=9), month_ago - dt.timedelta(days=1))
                   ).total == 0  # not yet inspected
    assert compute("storage.readings_unacknowledged", org.province_a, YEARS).total == 0
    assert compute("storage.readings_unacknowledged", org.province_a, reading_day).total == 1


@pytest.mark.parametrize(("typed", "value"), [
    ("25,5", Decimal("25.5")), ("25.5", Decimal("25.5")), ("1.250,5", Decimal("1250.5")),
    (" -3 ", Decimal(-3))])
def test_measurements_accept_either_decimal_separator(typed, value):
    assert NumberField(max_digits=8, decimal_places=1).clean(typed) == value
    assert NumberField(max_digits=8, decimal_places=2).prepare_value(Decimal("120.50")) == "120,5"


def test_gun_cabinets_are_the_facilities_of_that_kind(org, records):
    value = compute("storage.gun_cabinets", org.province_a, YEARS)
    cabinets = compute("storage.facilities", org.province_a, YEARS).by("kind")
    assert value.total == next(row.value for row in cabinets if row.labels[0] == "Tủ súng") == 1
