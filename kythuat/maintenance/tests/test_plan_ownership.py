"""Maintenance plans belong to whoever owns the equipment type: army-wide types to the system
administrator, a unit's own types to the officers of that unit (issue 15, item 3)."""

import pytest
from django.urls import reverse

from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.maintenance import services
from kythuat.maintenance.models import MaintenancePlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def army_plan(shop):
    return services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_days=30)


@pytest.fixture
def own_type(org):
    """A type that Lạng Sơn defined for its own subtree."""
    return EquipmentType.objects.create(
        symbol="XE-LS", name="Xe chuyên dụng Lạng Sơn", branch=Branch.objects.get(
            code="xe-may"), uom="chiếc", tracking=Tracking.SERIAL, owner_unit=org.province_a)


def test_regiment_officer_cannot_put_or_post_army_wide_plans(client, org, shop, army_plan):
    client.force_login(org.users["officer_a"])
    response = client.put(f"/api/v1/maintenance-plans/{army_plan.pk}/", {
        "type": shop.truck.pk, "kind": shop.bd1.pk, "interval_days": 3650,
        "is_active": False}, content_type="application/json")
    assert response.status_code == 403
    assert "quản trị hệ thống" in response.json()["detail"]
    army_plan.refresh_from_db()
    assert (army_plan.interval_days, army_plan.is_active) == (30, True)
    response = client.post("/api/v1/maintenance-plans/", {
        "type": shop.truck.pk, "kind": shop.check.pk, "interval_days": 1},
        content_type="application/json")
    assert response.status_code == 403
    assert "quản trị hệ thống" in response.json()["detail"]
    assert MaintenancePlan.objects.count() == 1


def test_a_plan_cannot_be_moved_onto_an_army_wide_type(client, org, shop, own_type):
    plan = services.plan_create(actor=org.users["officer_a"], type=own_type, kind=shop.bd1,
                                interval_days=30)
    client.force_login(org.users["officer_a"])
    response = client.put(f"/api/v1/maintenance-plans/{plan.pk}/", {
        "type": shop.truck.pk, "kind": shop.bd1.pk, "interval_days": 30},
        content_type="application/json")
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.type == own_type


def test_unit_officer_sets_the_plans_of_the_units_own_type(client, org, shop, own_type):
    client.force_login(org.users["officer_a"])
    response = client.post("/api/v1/maintenance-plans/", {
        "type": own_type.pk, "kind": shop.bd1.pk, "interval_days": 60},
        content_type="application/json")
    assert response.status_code == 201, response.json()
    plan = MaintenancePlan.objects.get(type=own_type)
    response = client.put(f"/api/v1/maintenance-plans/{plan.pk}/", {
        "type": own_type.pk, "kind": shop.bd1.pk, "interval_days": 45},
        content_type="application/json")
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert plan.interval_days == 45
    client.force_login(org.users["officer_b"])  # Cao Bằng does not even see the type
    response = client.put(f"/api/v1/maintenance-plans/{plan.pk}/", {
        "type": own_type.pk, "kind": shop.bd1.pk, "interval_days": 1},
        content_type="application/json")
    assert response.status_code == 404


def test_plan_screens_refuse_army_wide_plans_and_allow_own_ones(client, org, shop, army_plan,
                                                                own_type):
    client.force_login(org.users["officer_a"])
    edit = reverse("maintenance:plan-edit", args=[army_plan.pk])
    response = client.post(edit, {"type": shop.truck.pk, "kind": shop.bd1.pk,
                                  "interval_days": "3650"})
    assert response.status_code == 403
    army_plan.refresh_from_db()
    assert army_plan.interval_days == 30
    assert edit not in client.get(reverse("maintenance:plan-list")).content.decode()
    create = reverse("maintenance:plan-create")
    response = client.post(create, {"type": shop.truck.pk, "kind": shop.check.pk,
                                    "interval_days": "1", "is_active": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["type"]
    assert MaintenancePlan.objects.count() == 1
    response = client.post(create, {"type": own_type.pk, "kind": shop.check.pk,
                                    "interval_days": "7", "is_active": "on"})
    assert response.status_code == 302
    own = MaintenancePlan.objects.get(type=own_type)
    assert reverse("maintenance:plan-edit", args=[own.pk]) in client.get(
        reverse("maintenance:plan-list")).content.decode()
