"""Figures checked against values computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from kythuat.vehicles import selectors, services

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db

YEAR_START = days_ago(365)


@pytest.fixture
def logged(fleet, org):
    """URAL norm 40 l/100 km. truck_a: 100 km/45 l, 250 km/90 l (accident that day),
    50 km/30 l; commune truck: 200 km/70 l; Cao Bằng's GAZ (no norm): 80 km/20 l."""
    commune_driver = fleet.driver(org.commune_a, "Vi Văn Xã")
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(50), 100, 45)
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-2", days_ago(20), 250, 90)
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-3", days_ago(5), 50, 30)
    fleet.trip(fleet.truck_commune, commune_driver, "L-4", days_ago(10), 200, 70)
    fleet.trip(fleet.truck_b, fleet.driver_b, "C-1", days_ago(10), 80, 20)
    services.accident_create(actor=None, item=fleet.truck_a, occurred_on=days_ago(20),
                             place="Đèo Sài Hồ", injuries=1)
    return fleet


def test_fuel_against_norm_and_safe_km_per_vehicle(logged, org):
    rows = selectors.usage_by_vehicle(user=org.users["officer_a"], unit=org.province_a,
                                      start=YEAR_START, end=TODAY)
    by_serial = {row.item.serial: row for row in rows}
    assert set(by_serial) == {"URAL-0001", "URAL-0002"}
    truck = by_serial["URAL-0001"]
    assert (truck.trips, truck.km, truck.fuel) == (3, 400, 165)
    assert truck.norm_fuel == 160  # 400 km × 40 l / 100 km
    assert (truck.deviation, truck.deviation_percent) == (5, Decimal("3.1"))
    assert truck.rate == Decimal("41.25")
    assert (truck.safe_km, truck.accidents) == (150, 1)  # the 250 km of the accident day
    commune = by_serial["URAL-0002"]
    assert (commune.norm_fuel, commune.deviation, commune.safe_km) == (80, -10, 200)
    assert commune.deviation_percent == Decimal("-12.5")


def test_usage_per_unit_and_total(logged, org):
    rows = selectors.usage_by_unit(user=org.users["officer_hq"], unit=org.hq,
                                   start=YEAR_START, end=TODAY)
    assert [(r.unit, r.km, r.fuel, r.norm_fuel, r.safe_km, r.missing_norm) for r in rows] == [
        (org.province_a, 400, 165, 160, 150, 0),
        (org.commune_a, 200, 70, 80, 200, 0),
        (org.province_b, 80, 20, 0, 80, 1),
    ]
    total = selectors.usage_total(rows, org.hq)
    assert (total.km, total.fuel, total.norm_fuel, total.safe_km, total.missing_norm) == (
        680, 255, 240, 430, 1)


def test_usage_is_limited_to_the_period_and_the_subtree(logged, org):
    rows = selectors.usage_by_vehicle(user=org.users["officer_b"], unit=org.province_b,
                                      start=days_ago(30), end=TODAY)
    assert [(r.item.serial, r.km, r.norm_fuel) for r in rows] == [("GAZ-0001", 80, None)]
    rows = selectors.usage_by_vehicle(user=org.users["officer_a"], unit=org.province_a,
                                      start=days_ago(30), end=days_ago(6))
    assert sorted((r.item.serial, r.km) for r in rows) == [("URAL-0001", 250),
                                                           ("URAL-0002", 200)]


def test_year_on_year_comparison(fleet, org):
    year = TODAY.year
    this, last = dt.date(year, 1, 1), dt.date(year - 1, 6, 15)
    for item, day, deaths, injuries in [
        (fleet.truck_a, this, 1, 2), (fleet.truck_commune, this, 0, 1),
        (fleet.truck_a, last, 2, 4), (fleet.truck_commune, last, 0, 0),
        (fleet.truck_commune, last, 0, 1), (fleet.truck_b, this, 5, 5),
    ]:
        services.accident_create(actor=None, item=item, occurred_on=day, place="QL1A",
                                 deaths=deaths, injuries=injuries)
    total, rows = selectors.accident_comparison(user=org.users["officer_a"],
                                                unit=org.province_a, year=year)
    assert total.this_year == {"accidents": 2, "deaths": 1, "injuries": 3}
    assert total.last_year == {"accidents": 3, "deaths": 2, "injuries": 5}
    assert [(c["difference"], c["percent"]) for c in total.changes] == [
        (-1, Decimal("-33.3")), (-1, Decimal("-50.0")), (-2, Decimal("-40.0"))]
    assert [(r.unit, r.this_year["accidents"], r.last_year["accidents"]) for r in rows] == [
        (org.province_a, 1, 1), (org.commune_a, 1, 2)]


def test_comparison_without_accidents_last_year_has_no_percentage(fleet, org):
    services.accident_create(actor=None, item=fleet.truck_b, occurred_on=dt.date(TODAY.year, 1, 1),
                             place="QL3", injuries=2)
    total, _rows = selectors.accident_comparison(user=org.users["officer_b"],
                                                 unit=org.province_b, year=TODAY.year)
    assert [(c["this_year"], c["last_year"], c["percent"]) for c in total.changes] == [
        (1, 0, None), (0, 0, None), (2, 0, None)]


def test_programme_progress_counts_converted_against_eligible(fleet, org):
    plan = services.programme_create(actor=None, unit=org.hq, name="Đi-ê-den hóa",
                                     types=[fleet.ural])
    services.conversion_create(actor=None, programme=plan, item=fleet.truck_a,
                               converted_on=days_ago(3), performed_by="Z151",
                               fuel_before=Decimal(40), fuel_after=Decimal(25))
    progress = selectors.programme_progress(user=org.users["officer_a"], programme=plan,
                                            unit=org.province_a)
    assert (progress.converted, progress.eligible, progress.percent) == (1, 2, Decimal("50.0"))
    assert progress.saving_avg == 15
    commune = selectors.programme_progress(user=org.users["clerk_commune"], programme=plan,
                                           unit=org.commune_a)
    assert (commune.converted, commune.eligible) == (0, 1)


def test_programmes_are_visible_below_and_above_not_beside(fleet, org):
    top = services.programme_create(actor=None, unit=org.hq, name="Toàn quân khu",
                                    types=[fleet.ural])
    local = services.programme_create(actor=None, unit=org.province_a, name="Riêng tỉnh",
                                      types=[fleet.ural])
    assert set(selectors.programme_list(user=org.users["clerk_commune"])) == {top, local}
    assert set(selectors.programme_list(user=org.users["officer_b"])) == {top}


def test_vehicle_list_filters_by_plate_and_type(fleet, org):
    services.registration_create(actor=None, item=fleet.truck_a, plate="TM-1234",
                                 plate_type=fleet.military, registered_on=days_ago(9))
    user = org.users["officer_a"]
    assert [v.serial for v in selectors.vehicle_list(user=user, q="tm 1234")] == ["URAL-0001"]
    found = selectors.vehicle_list(user=user, plate_type=fleet.military).get()
    assert (found.plate, found.plate_type_name) == ("TM-1234", "Biển đỏ quân sự")
    assert selectors.vehicle_list(user=user, type=fleet.gaz).count() == 0
    assert selectors.vehicle_list(user=user).count() == 2
