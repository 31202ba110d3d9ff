import datetime as dt

import pytest

from kythuat.storage import services
from kythuat.storage.models import (
    ConditionReading,
    Facility,
    FacilityKind,
    FacilityStandard,
    Inspection,
    Investment,
)

from .conftest import at, source
from .test_api import client_for

pytestmark = pytest.mark.django_db


def test_facility_created_and_changed_through_the_api(org):
    client = client_for(org.users["officer_a"])
    standard = FacilityStandard.objects.get(code="tu-sung-mau-thong-nhat")
    response = client.post("/api/v1/facilities/", {
        "owner_unit": org.commune_a.pk, "kind": FacilityKind.objects.get(code="tu-sung").pk,
        "code": "TS-API", "name": "Tủ súng xã", "capacity": "24", "capacity_uom": "khẩu",
        "standard": standard.pk, "max_humidity": 70}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["standard_name"] == standard.name
    assert body["limits"] == {"min_temperature": 5.0, "max_temperature": 40.0,
                              "max_humidity": 70.0}
    response = client.patch(f"/api/v1/facilities/{body['id']}/", {"capacity": "-1"},
                            format="json")
    assert response.status_code == 400
    response = client.patch(f"/api/v1/facilities/{body['id']}/",
                            {"min_temperature": 30, "max_temperature": 20}, format="json")
    assert response.status_code == 400
    assert "không được thấp hơn" in response.json()["detail"]
    assert Facility.objects.get(code="TS-API").min_temperature is None


def test_facility_for_an_outside_unit_is_refused(org):
    client = client_for(org.users["officer_b"])
    response = client.post("/api/v1/facilities/", {
        "owner_unit": org.province_a.pk, "kind": FacilityKind.objects.first().pk,
        "code": "X", "name": "X"}, format="json")
    assert response.status_code == 400
    assert not Facility.objects.filter(code="X").exists()


def test_investments_api_validates_through_the_service(org, cabinet):
    client = client_for(org.users["officer_a"])
    payload = {"facility": cabinet.pk, "year": 2024, "description": "Xây tủ súng",
               "cost_vnd": -100, "funding_source": source("ngan-sach-dia-phuong").pk}
    response = client.post("/api/v1/facility-investments/", payload, format="json")
    assert response.status_code == 400
    assert "Chi phí không được âm" in response.json()["errors"]["cost_vnd"][0]
    assert not Investment.objects.exists()
    response = client.post("/api/v1/facility-investments/", {**payload, "cost_vnd": 85_000_000},
                           format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/facility-investments/{pk}/", {"cost_vnd": 90_000_000},
                            format="json")
    assert response.json()["cost_vnd"] == 90_000_000
    assert client_for(org.users["officer_b"]).get(
        f"/api/v1/facility-investments/{pk}/").status_code == 404
    assert client.delete(f"/api/v1/facility-investments/{pk}/").status_code == 204
    assert not Investment.objects.exists()


def test_investment_summary_api(org, cabinet):
    for facility, year, code, cost in ((org.depot_a, 2020, "cap-tren-dau-tu", 4_000_000_000),
                                       (cabinet, 2024, "ngan-sach-dia-phuong", 60_000_000)):
        services.investment_create(actor=None, facility=facility, year=year, description="X",
                                   cost_vnd=cost, funding_source=source(code))
    client = client_for(org.users["officer_hq"])
    body = client.get("/api/v1/facility-investments/summary/",
                      {"unit": org.province_a.pk, "year_from": 2019, "year_to": 2026}).json()
    assert (body["total"], body["facilities_built"]) == (4_060_000_000, 2)
    assert {row["funding_source_name"]: row["total"] for row in body["rows"]} == {
        "Cấp trên đầu tư": 4_000_000_000, "Ngân sách địa phương": 60_000_000}
    outside = client_for(org.users["officer_b"]).get(
        "/api/v1/facility-investments/summary/", {"unit": org.province_a.pk})
    assert outside.status_code == 404


def test_inspections_api(org, cabinet):
    client = client_for(org.users["officer_a"])
    payload = {"facility": cabinet.pk, "inspected_on": "2026-03-10", "inspector": "Phòng KT",
               "findings": "Khóa hỏng", "fix_deadline": "2026-03-01"}
    response = client.post("/api/v1/facility-inspections/", payload, format="json")
    assert response.status_code == 400
    assert "fix_deadline" in response.json()["errors"]
    response = client.post("/api/v1/facility-inspections/",
                           {**payload, "fix_deadline": "2026-03-20"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    close = f"/api/v1/facility-inspections/{pk}/close/"
    response = client.post(close, {"closed_on": "2026-03-01"}, format="json")
    assert response.status_code == 400
    assert Inspection.objects.get().is_open
    response = client.post(close, {"closed_on": "2026-03-15", "note": "Đã sửa"}, format="json")
    assert response.json()["is_open"] is False
    listed = client.get("/api/v1/facility-inspections/", {"state": "closed"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]


def test_readings_api_and_acknowledgement(org, cabinet):
    clerk = client_for(org.users["clerk_commune"])
    payload = {"facility": cabinet.pk, "taken_at": at(1).isoformat(), "temperature": 25,
               "humidity": 101}
    response = clerk.post("/api/v1/condition-readings/", payload, format="json")
    assert response.status_code == 400
    assert "giữa 0 và 100" in response.json()["errors"]["humidity"][0]
    assert not ConditionReading.objects.exists()
    response = clerk.post("/api/v1/condition-readings/", {**payload, "humidity": 95},
                          format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["is_out_of_limits"], body["needs_acknowledgement"]) == (True, True)
    url = f"/api/v1/condition-readings/{body['id']}/acknowledge/"
    assert clerk.post(url, {}, format="json").status_code == 403
    officer = client_for(org.users["officer_a"])
    response = officer.post(url, {"note": "Đã thông gió"}, format="json")
    assert response.json()["needs_acknowledgement"] is False
    listed = officer.get("/api/v1/condition-readings/", {"state": "unacknowledged"}).json()
    assert listed["count"] == 0


def test_reference_lists(org):
    client = client_for(org.users["viewer_a"])
    names = [row["name"] for row in client.get("/api/v1/funding-sources/").json()["results"]]
    assert "Ngân sách địa phương" in names
    standards = client.get("/api/v1/facility-standards/").json()["results"]
    assert "QCVN 11:2018/BQP" in [row["name"] for row in standards]


def test_lists_are_scoped(org, cabinet, depot_b):
    services.inspection_create(actor=None, facility=cabinet, inspected_on=dt.date(2026, 1, 5),
                               inspector="SECRET")
    services.inspection_create(actor=None, facility=depot_b, inspected_on=dt.date(2026, 1, 5),
                               inspector="CB")
    body = client_for(org.users["officer_b"]).get("/api/v1/facility-inspections/").json()
    assert [row["inspector"] for row in body["results"]] == ["CB"]
