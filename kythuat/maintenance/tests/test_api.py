import datetime as dt

import pytest

from kythuat.holdings.models import Movement
from kythuat.maintenance import services
from kythuat.maintenance.models import WorkOrder

from .conftest import read, trucks

pytestmark = pytest.mark.django_db


@pytest.fixture
def truck(org, shop):
    services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_days=30)
    (truck,) = trucks(org, shop, "API-1", grade=3, day=shop.today - dt.timedelta(days=60))
    read(truck, shop.km, shop.today - dt.timedelta(days=5), 1000)
    return truck


def test_open_and_close_a_repair_through_the_api(client, org, shop, truck):
    client.force_login(org.users["officer_a"])
    response = client.post("/api/v1/work-orders/", {
        "unit": org.province_a.pk, "facility": shop.station.pk, "category": "repair",
        "repair_level": shop.minor.pk, "opened_on": shop.today.isoformat(),
        "lines": [{"type": shop.truck.pk, "item": truck.pk}]}, content_type="application/json")
    assert response.status_code == 201, response.json()
    order = response.json()
    truck.refresh_from_db()
    assert truck.status == "in_repair"
    line = order["lines"][0]["id"]
    response = client.post(f"/api/v1/work-orders/{order['id']}/close/", {
        "closed_on": shop.today.isoformat(), "labour_hours": "6", "cost": "500000",
        "grades": [{"line": line, "grade_after": 2}]}, content_type="application/json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "closed"
    assert body["lines"][0]["grade_change_number"] == Movement.objects.get(
        kind="grade_change").number


def test_wrong_echelon_answers_400_in_vietnamese(client, org, shop, truck):
    client.force_login(org.users["officer_a"])
    response = client.post("/api/v1/work-orders/", {
        "unit": org.province_a.pk, "facility": shop.station.pk, "category": "repair",
        "repair_level": shop.major.pk, "opened_on": shop.today.isoformat(),
        "lines": [{"type": shop.truck.pk, "item": truck.pk}]}, content_type="application/json")
    assert response.status_code == 400
    assert "sửa chữa lớn" in response.json()["errors"]["repair_level"][0]
    assert WorkOrder.objects.count() == 0


def test_negative_cost_answers_400(client, org, shop, truck):
    order = services.work_order_open(actor=None, unit=org.province_a, facility=shop.station,
                                     category="repair", repair_level=shop.minor,
                                     opened_on=shop.today,
                                     lines=[services.WorkLine(type=shop.truck, item=truck)])
    client.force_login(org.users["officer_a"])
    response = client.post(f"/api/v1/work-orders/{order.pk}/close/", {
        "closed_on": shop.today.isoformat(), "cost": "-1"}, content_type="application/json")
    assert response.status_code == 400
    assert "không được âm" in response.json()["detail"]


def test_meter_reading_going_backwards_answers_400(client, org, shop, truck):
    client.force_login(org.users["clerk_a"])
    payload = {"item": truck.pk, "kind": shop.km.pk, "read_on": shop.today.isoformat(),
               "value": "900"}
    response = client.post("/api/v1/meter-readings/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "thấp hơn" in response.json()["detail"]
    payload["value"] = "1200"
    response = client.post("/api/v1/meter-readings/", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["total"] == "1200.0"


def test_due_endpoint_is_scoped(client, org, shop, truck):
    client.force_login(org.users["viewer_a"])
    rows = client.get("/api/v1/maintenance-due/").json()["results"]
    assert [row["serial"] for row in rows] == ["API-1"]
    assert rows[0]["is_overdue"] is True
    client.force_login(org.users["officer_b"])
    assert client.get("/api/v1/maintenance-due/").json()["results"] == []
    assert client.get("/api/v1/maintenance-due/", {"unit": org.province_a.pk}).status_code == 404


def test_plans_and_reference_lists(client, org, shop, truck):
    client.force_login(org.users["viewer_a"])
    assert len(client.get("/api/v1/maintenance-plans/").json()["results"]) == 1
    levels = client.get("/api/v1/repair-levels/").json()["results"]
    assert [level["code"] for level in levels] == ["sua-chua-nho", "sua-chua-vua",
                                                   "sua-chua-lon"]
    response = client.post("/api/v1/maintenance-plans/", {
        "type": shop.truck.pk, "kind": shop.check.pk, "interval_months": 1},
        content_type="application/json")
    assert response.status_code == 403  # a viewer may not change the norms
    shop.truck.owner_unit = org.province_a  # a type of Lạng Sơn's own: its officers set plans
    shop.truck.save(update_fields=["owner_unit"])
    client.force_login(org.users["officer_a"])
    response = client.post("/api/v1/maintenance-plans/", {
        "type": shop.truck.pk, "kind": shop.check.pk, "meter_kind": shop.km.pk},
        content_type="application/json")
    assert response.status_code == 400
    assert "chu kỳ" in response.json()["detail"]
