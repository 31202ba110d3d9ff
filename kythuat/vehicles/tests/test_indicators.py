import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kythuat.indicators.alerts import SOURCES
from kythuat.indicators.registry import Period, compute
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
    assert compute("vehicle_km", org.province_a, period) == 90
    assert compute("vehicle_fuel", org.province_a, period) == 37
    assert compute("vehicle_safe_km", org.province_a, period) == 30  # 60 km on the accident day
    assert compute("traffic_accidents", org.province_a, period) == {
        "accidents": 1, "deaths": 1, "injuries": 3}
    assert compute("traffic_accident_count", org.province_b, period) == 0
    assert compute("vehicles_converted", org.province_a, period) == 1
    assert compute("vehicles_converted", org.province_b, period) == 0
    assert compute("vehicle_km", org.hq, Period(dt.date(2000, 1, 1), TODAY)) == 690


def test_expired_licence_alert_for_the_subtree(org, fleet):
    alerts = SOURCES["drivers_licence_expired"](org.province_a)
    assert [(a.level, a.count) for a in alerts] == [("danger", 1)]
    assert "hết hạn" in str(alerts[0].title)
    assert alerts[0].url == f"{reverse('vehicles:driver-list')}?unit={org.province_a.pk}&expired=on"
    assert SOURCES["drivers_licence_expired"](org.province_b) == []
