import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.vehicles import services
from kythuat.vehicles.models import Accident, Trip

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def test_vehicles_follow_the_subtree_and_show_the_plate(org, fleet):
    services.registration_create(actor=None, item=fleet.truck_a, plate="TM-1234",
                                 plate_type=fleet.military, registered_on=days_ago(5))
    rows = client_for(org.users["officer_a"]).get("/api/v1/vehicles/").json()["results"]
    assert {(r["serial"], r["plate"]) for r in rows} == {("URAL-0001", "TM-1234"),
                                                        ("URAL-0002", None)}
    rows = client_for(org.users["officer_b"]).get("/api/v1/vehicles/").json()["results"]
    assert [r["serial"] for r in rows] == ["GAZ-0001"]
    response = client_for(org.users["officer_b"]).get(f"/api/v1/vehicles/{fleet.truck_a.pk}/")
    assert response.status_code == 404


def test_register_action_refuses_duplicate_plate(org, fleet):
    client = client_for(org.users["officer_a"])
    url = f"/api/v1/vehicles/{fleet.truck_a.pk}/register/"
    payload = {"plate": "TM-1", "plate_type": fleet.military.pk,
               "registered_on": days_ago(3).isoformat()}
    assert client.post(url, payload, format="json").status_code == 201
    response = client.post(f"/api/v1/vehicles/{fleet.truck_commune.pk}/register/",
                           {**payload, "plate": "tm1"}, format="json")
    assert response.status_code == 400
    assert "đã được đăng ký cho xe khác" in response.json()["errors"]["plate"][0]


def test_trip_create_through_the_api_uses_the_rules(org, fleet):
    client = client_for(org.users["clerk_a"])
    payload = {"vehicle": fleet.truck_a.pk, "driver": fleet.driver_a.pk, "order_number": "A-1",
               "trip_date": days_ago(1).isoformat(), "route": "Lạng Sơn – Lộc Bình",
               "km": "80.5", "fuel_litres": "301"}
    response = client.post("/api/v1/trips/", payload, format="json")
    assert response.status_code == 400
    assert "nhiều hơn dung tích thùng" in response.json()["detail"]
    response = client.post("/api/v1/trips/", {**payload, "fuel_litres": "30"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["km"] == "80.5"
    assert Trip.objects.count() == 1


def test_trip_naming_an_outside_vehicle_creates_nothing(org, fleet):
    payload = {"vehicle": fleet.truck_a.pk, "driver": fleet.driver_b.pk, "order_number": "X",
               "trip_date": days_ago(1).isoformat(), "route": "X", "km": "1",
               "fuel_litres": "1"}
    response = client_for(org.users["officer_b"]).post("/api/v1/trips/", payload, format="json")
    assert response.status_code == 400
    assert not Trip.objects.exists()


def test_accident_api_refuses_negative_counts_and_compares_years(org, fleet):
    client = client_for(org.users["clerk_a"])
    response = client.post("/api/v1/traffic-accidents/", {
        "vehicle": fleet.truck_a.pk, "occurred_on": days_ago(1).isoformat(), "place": "QL1A",
        "deaths": -1}, format="json")
    assert response.status_code == 400
    assert not Accident.objects.exists()
    services.accident_create(actor=None, item=fleet.truck_a, place="QL1A", injuries=2,
                             occurred_on=dt.date(TODAY.year, 1, 1))
    data = client.get("/api/v1/traffic-accidents/comparison/").json()
    assert data["total"]["this_year"] == {"accidents": 1, "deaths": 0, "injuries": 2}
    assert data["total"]["last_year"] == {"accidents": 0, "deaths": 0, "injuries": 0}


def test_drivers_api_filters_expired(org, fleet):
    client = client_for(org.users["officer_a"])
    rows = client.get("/api/v1/drivers/", {"expired": "true"}).json()["results"]
    assert [(r["full_name"], r["licence_expired"]) for r in rows] == [("Lê Văn Cũ", True)]
    response = client.post("/api/v1/drivers/", {
        "unit": org.province_a.pk, "full_name": "Đinh Văn Mới", "licence_number": "Q-9",
        "licence_class": fleet.class_c.pk, "licence_issued_on": "2025-05-10",
        "licence_expires_on": "2025-05-01"}, format="json")
    assert response.status_code == 400
    assert "phải sau ngày cấp" in response.json()["detail"]


def test_programmes_and_norms(org, fleet):
    plan = services.programme_create(actor=None, unit=org.hq, name="Đi-ê-den hóa",
                                     types=[fleet.ural])
    rows = client_for(org.users["officer_a"]).get(
        "/api/v1/modernization-programmes/").json()["results"]
    assert [(r["id"], r["converted"], r["eligible"]) for r in rows] == [(plan.pk, 0, 2)]
    norms = client_for(org.users["viewer_a"]).get("/api/v1/fuel-norms/").json()["results"]
    assert [(n["type_symbol"], n["tank_litres"]) for n in norms] == [("URAL-375D", "300.0")]
