"""After a diesel conversion a vehicle is measured against its consumption after the
conversion, not against the norm of its model."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats

from kythuat.vehicles import selectors, services

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def test_trips_after_a_conversion_use_the_new_consumption(client, org, fleet):
    programme = services.programme_create(actor=None, unit=org.province_a, name="Chuyển đổi",
                                          types=[fleet.ural])
    fleet.trip(fleet.truck_a, fleet.driver_a, "01", days_ago(60), 100, 40)
    conversion = services.conversion_create(actor=None, programme=programme, item=fleet.truck_a,
                               converted_on=days_ago(30), fuel_before=Decimal(40),
                               fuel_after=Decimal("14.1"), performed_by="Nhà máy Z151")
    fleet.trip(fleet.truck_a, fleet.driver_a, "02", days_ago(10), 200, 30)
    row = next(r for r in selectors.usage_by_vehicle(
        user=org.users["officer_a"], unit=org.province_a, start=days_ago(90), end=TODAY)
        if r.item == fleet.truck_a)
    # 100 km at the model's 40 l/100 km before, 200 km at 14,1 l/100 km after.
    assert row.norm_fuel == Decimal(100) * 40 / 100 + Decimal(200) * Decimal("14.1") / 100
    assert row.norm_rate == Decimal("14.1")
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("vehicles:vehicle-detail", args=[fleet.truck_a.pk]))
    shown = page.content.decode().split('id="fuel-norm"', 1)[1].split("</dd>", 1)[0]
    conversion.refresh_from_db()  # as the page reads it (two decimals)
    assert f"{formats.localize(conversion.fuel_after)} l/100 km" in shown
