"""Fuel norms belong to whoever owns the vehicle model: army-wide models to the system
administrator, a unit's own models to the officers of that unit (issue 15, item 3)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.org.models import User
from kythuat.vehicles import services
from kythuat.vehicles.models import FuelNorm

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_model(org):
    """A vehicle model that Lạng Sơn defined for its own subtree."""
    return EquipmentType.objects.create(
        symbol="KAMAZ-LS", name="Xe ô tô KAMAZ (Lạng Sơn)", branch=Branch.objects.get(
            code="xe-may"), uom="chiếc", tracking=Tracking.SERIAL, owner_unit=org.province_a)


def test_officer_cannot_change_the_norm_of_an_army_wide_model(fleet, org):
    with pytest.raises(PermissionDenied, match="quản trị hệ thống"):
        services.fuel_norm_set(actor=org.users["officer_a"], type=fleet.ural,
                               litres_per_100km=Decimal(5), tank_litres=Decimal(999))
    with pytest.raises(PermissionDenied, match="quản trị hệ thống"):
        services.fuel_norm_set(actor=org.users["officer_a"], type=fleet.gaz,
                               litres_per_100km=Decimal(5), tank_litres=Decimal(999))
    fleet.ural_norm.refresh_from_db()
    assert (fleet.ural_norm.litres_per_100km, fleet.ural_norm.tank_litres) == (40, 300)
    assert not FuelNorm.objects.filter(type=fleet.gaz).exists()


def test_system_administrator_changes_an_army_wide_norm(fleet):
    root = User.objects.create_superuser("root", password="x-Secret-2026")
    services.fuel_norm_set(actor=root, type=fleet.ural, litres_per_100km=Decimal(38),
                           tank_litres=Decimal(300))
    fleet.ural_norm.refresh_from_db()
    assert fleet.ural_norm.litres_per_100km == 38


def test_unit_officer_sets_the_norm_of_the_units_own_model(org, own_model):
    norm = services.fuel_norm_set(actor=org.users["officer_a"], type=own_model,
                                  litres_per_100km=Decimal(32), tank_litres=Decimal(250))
    assert AuditEvent.objects.filter(target_id=norm.pk, action="created").exists()
    services.fuel_norm_set(actor=org.users["officer_hq"], type=own_model,
                           litres_per_100km=Decimal(33), tank_litres=Decimal(250))
    norm.refresh_from_db()
    assert norm.litres_per_100km == 33  # the military region is above Lạng Sơn
    with pytest.raises(PermissionDenied, match="Bộ CHQS tỉnh Lạng Sơn"):
        services.fuel_norm_set(actor=org.users["officer_b"], type=own_model,
                               litres_per_100km=Decimal(1), tank_litres=Decimal(1))


def test_norm_screen_refuses_an_army_wide_model_and_offers_only_own_ones(client, org, fleet,
                                                                         own_model):
    client.force_login(org.users["officer_a"])
    url = reverse("vehicles:norm-list")
    response = client.post(url, {"type": fleet.ural.pk, "litres_per_100km": "5",
                                 "tank_litres": "999"})
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in response.content.decode() or \
        response.context["form"].errors["type"]
    fleet.ural_norm.refresh_from_db()
    assert fleet.ural_norm.tank_litres == 300
    page = client.get(url)
    assert list(page.context["form"].fields["type"].queryset) == [own_model]
    assert f'?type={fleet.ural.pk}"' not in page.content.decode()  # no edit link
    response = client.post(url, {"type": own_model.pk, "litres_per_100km": "31,5",
                                 "tank_litres": "250"})
    assert response.status_code == 302
    assert FuelNorm.objects.get(type=own_model).litres_per_100km == Decimal("31.5")


@pytest.mark.parametrize("text", ["3e1", "٣٠", "３０"])
def test_norm_screen_refuses_numbers_not_written_with_plain_digits(client, org, own_model, text):
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("vehicles:norm-list"), {
        "type": own_model.pk, "litres_per_100km": text, "tank_litres": "250"})
    assert response.status_code == 200
    assert response.context["form"].errors["litres_per_100km"]
    assert not FuelNorm.objects.filter(type=own_model).exists()
