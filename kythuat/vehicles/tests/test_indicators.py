import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kythuat.indicators.alerts import SOURCES
from kythuat.indicators.registry import Period, by_subordinates, compute, records
from kythuat.vehicles import services

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def test_indicators_over_the_subtree_and_period(org, fleet):
    commune_driver = fleet.driver(org.commune_a, "Vi Văn Xã")
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(40), 100, 40)
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-2", days_ago(10), 60, 25)
    fleet.trip(fleet.truck_commune, commune_driver, "L-3", days_ago(10), 30, 12)
    fleet.trip(fleet.truck_b, fleet.driver_b, "C-1", days_ago(10), 500, 90)
    services.accident_create(actor=None, item=fleet.truck_a, occurred_on=days_ago(10),
                             place="QL1A", deaths=1, injuries=3)
    plan = services.programme_create(actor=None, unit=org.hq, name="Đi-ê-den hóa",
                                     types=[fleet.ural])
    services.conversion_create(actor=None, programme=plan, item=fleet.truck_commune,
                               converted_on=days_ago(5), performed_by="Z151",
                               fuel_before=Decimal(40), fuel_after=Decimal(26))
    period = Period(days_ago(30), TODAY)
    assert compute("vehicles.km", org.province_a, period).total == 90
    assert compute("vehicles.fuel", org.province_a, period).total == 37
    assert compute("vehicles.safe_km", org.province_a, period).total == 30  # 60 km that day
    assert {trip.order_number for trip in records("vehicles.safe_km", org.province_a, period)
            } == {"L-3"}
    assert [compute(code, org.province_a, period).total
            for code in ("vehicles.accidents", "vehicles.deaths", "vehicles.injuries")] == [1, 1, 3]
    assert compute("vehicles.accidents", org.province_b, period).total == 0
    converted = compute("vehicles.converted", org.province_a, period)
    assert converted.total == 1
    assert [(row.labels, row.value) for row in converted.by("programme")] == [
        (("Đi-ê-den hóa",), 1)]
    assert compute("vehicles.converted", org.province_b, period).total == 0
    assert compute("vehicles.km", org.hq, Period(dt.date(2000, 1, 1), TODAY)).total == 690
    subordinates, total = by_subordinates("vehicles.km", org.hq, period)
    assert total.total == 590
    assert {row.unit: row.value.total for row in subordinates} == {
        org.province_a: 90, org.province_b: 500}


def test_a_past_period_keeps_its_figures_after_later_records(org, fleet):
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(40), 100, 40)
    earlier = Period(days_ago(45), days_ago(35))
    assert compute("vehicles.safe_km", org.province_a, earlier).total == 100
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-2", days_ago(10), 60, 25)
    services.accident_create(actor=None, item=fleet.truck_a, occurred_on=days_ago(10),
                             place="QL1A", deaths=0, injuries=1)
    assert compute("vehicles.km", org.province_a, earlier).total == 100
    assert compute("vehicles.safe_km", org.province_a, earlier).total == 100
    assert compute("vehicles.accidents", org.province_a, earlier).total == 0
    assert compute("vehicles.injuries", org.province_a, Period(days_ago(45), TODAY)).total == 1


def test_expired_licence_alert_for_the_subtree(org, fleet):
    alerts = SOURCES["drivers_licence_expired"](org.province_a)
    assert [(a.level, a.count) for a in alerts] == [("danger", 1)]
    assert "hết hạn" in str(alerts[0].title)
    assert alerts[0].url == f"{reverse('vehicles:driver-list')}?unit={org.province_a.pk}&expired=on"
    assert SOURCES["drivers_licence_expired"](org.province_b) == []
