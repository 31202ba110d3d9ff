from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from kythuat.vehicles.models import (
    Accident,
    Conversion,
    Driver,
    FuelNorm,
    Registration,
    Trip,
)

pytestmark = pytest.mark.django_db


def test_demo_has_registrations_drivers_trips_accidents_and_conversions(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("vehicles",))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    print(err.getvalue())
    assert "Xe: " in out.getvalue() + err.getvalue()
    assert Registration.objects.filter(ended_on__isnull=True).count() > 10
    assert Driver.objects.expired().count() == 1
    assert Trip.objects.count() > 50
    # No trip was issued more than its tank holds.
    for norm in FuelNorm.objects.all():
        assert not Trip.objects.filter(item__type=norm.type,
                                       fuel_litres__gt=norm.tank_litres).exists()
    years = set(Accident.objects.values_list("occurred_on__year", flat=True))
    assert len(years) == 2
    conversions = Conversion.objects.select_related("unit")
    assert conversions.count() >= 2
    assert all(c.unit.code.startswith("QK1-LS") for c in conversions)
    assert all(c.fuel_after < c.fuel_before for c in conversions)
    assert Trip.objects.aggregate(km=Sum("km"))["km"] > 0
