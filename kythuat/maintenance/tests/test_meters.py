import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kythuat.maintenance.models import Meter, MeterReading

from .conftest import read, trucks

pytestmark = pytest.mark.django_db


@pytest.fixture
def truck(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=100))
    read(truck, shop.km, shop.today - dt.timedelta(days=10), 12000)
    return truck


def test_readings_move_the_meter_and_its_total(shop, truck):
    read(truck, shop.km, shop.today, 12500)
    meter = Meter.objects.get(item=truck, kind=shop.km)
    assert (meter.value, meter.total, meter.first_total) == (12500, 12500, 12000)
    assert meter.read_on == shop.today


def test_a_meter_going_backwards_is_refused(shop, truck):
    with pytest.raises(ValidationError, match="thấp hơn") as error:
        read(truck, shop.km, shop.today, 11000)
    assert "value" in error.value.message_dict
    assert MeterReading.objects.count() == 1
    assert Meter.objects.get(item=truck).value == 12000


def test_a_replacement_restarts_the_shown_value(shop, truck):
    read(truck, shop.km, shop.today, 5, is_replacement=True)
    read(truck, shop.km, shop.today, 105)
    meter = Meter.objects.get(item=truck)
    assert (meter.value, meter.total) == (105, 12100)


@pytest.mark.parametrize(("value", "days_ago", "message"), [
    (-1, 0, "âm"),
    (12000 + 1500 * 10 + 1, 0, "không thể"),  # faster than 1.500 km a day
    (99999999, 0, "không thể vượt quá"),
    (12100, -1, "tương lai"),
    (12100, 11, "trước"),
])
def test_impossible_readings_are_refused(shop, truck, value, days_ago, message):
    with pytest.raises(ValidationError, match=message):
        read(truck, shop.km, shop.today - dt.timedelta(days=days_ago), Decimal(value))
    assert MeterReading.objects.count() == 1
