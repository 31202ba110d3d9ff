import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.ammunition import services
from kythuat.ammunition.models import DisposalBatch, LotIsolation, LotTest
from kythuat.holdings.choices import LotStatus

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def test_lots_are_scoped_and_carry_due_dates(ammo):
    org = ammo.org
    rows = client_for(org.users["clerk_commune"]).get("/api/v1/ammunition/lots/").json()
    [row] = rows["results"]
    assert (row["lot_number"], row["on_hand"], row["expiry_date"]) == (
        "L-01", "100.000", "2030-12-31")
    assert row["next_retest"] is None  # never tested
    outside = client_for(org.users["officer_b"])
    assert outside.get("/api/v1/ammunition/lots/").json()["results"] == []
    assert outside.get(f"/api/v1/ammunition/lots/{ammo.lot.pk}/").status_code == 404
    assert outside.get("/api/v1/ammunition/lots/",
                       {"unit": org.province_a.pk}).status_code == 404
    due = client_for(org.users["officer_a"]).get("/api/v1/ammunition/lots/retests-due/").json()
    assert [r["lot_number"] for r in due["results"]] == ["L-01"]
    expiring = client_for(org.users["officer_a"]).get("/api/v1/ammunition/lots/expiring/",
                                                      {"window": "expired"}).json()
    assert expiring["results"] == []


def test_test_recorded_through_the_api_with_vietnamese_errors(ammo):
    org = ammo.org
    client = client_for(org.users["clerk_a"])
    payload = {"lot": ammo.lot.pk, "unit": org.province_a.pk, "tested_on": "2026-01-05",
               "kind": ammo.kind.pk, "conclusion": ammo.failed.pk, "samples_taken": 5,
               "samples_failed": 7}
    response = client.post("/api/v1/ammunition/tests/", payload, format="json")
    assert response.status_code == 400
    assert "không thể nhiều hơn số mẫu đã lấy" in response.json()["detail"]
    response = client.post("/api/v1/ammunition/tests/", {**payload, "samples_failed": 2},
                           format="json")
    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "fail"
    assert LotTest.objects.count() == 1
    assert client_for(org.users["officer_b"]).get("/api/v1/ammunition/tests/").json()[
        "results"] == []


def test_isolation_and_release_through_the_api(ammo):
    org = ammo.org
    client = client_for(org.users["officer_a"])
    response = client.post("/api/v1/ammunition/isolations/", {
        "lot": ammo.lot.pk, "unit": org.province_a.pk, "decision_ref": "QĐ 4",
        "reason": "Không đạt", "isolated_on": "2026-01-05"}, format="json")
    assert response.status_code == 201, response.content
    isolation = LotIsolation.objects.get()
    outside = client_for(org.users["officer_b"]).post(
        f"/api/v1/ammunition/isolations/{isolation.pk}/release/",
        {"release_ref": "X", "released_on": "2026-01-06"}, format="json")
    assert outside.status_code == 404
    response = client.post(f"/api/v1/ammunition/isolations/{isolation.pk}/release/",
                           {"release_ref": "QĐ 5", "released_on": "2026-01-06"}, format="json")
    assert response.status_code == 200
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.NORMAL


def test_extension_to_an_earlier_date_answers_400(ammo):
    response = client_for(ammo.org.users["officer_a"]).post("/api/v1/ammunition/extensions/", {
        "lot": ammo.lot.pk, "unit": ammo.org.province_a.pk, "decision_ref": "QĐ 6",
        "decided_on": "2026-01-05", "new_expiry": "2029-01-01"}, format="json")
    assert response.status_code == 400
    assert "Hạn sử dụng mới phải sau hạn hiện tại" in response.json()["errors"]["new_expiry"][0]


def test_disposal_batch_through_the_api(ammo):
    org = ammo.org
    client = client_for(org.users["officer_a"])
    response = client.post("/api/v1/ammunition/disposal-batches/", {
        "unit": org.province_a.pk, "title": "Hủy 2026", "decided_on": "2026-01-05",
        "decision_ref": "QĐ 7", "lines": [{"lot": ammo.lot.pk, "quantity": "200"}]},
        format="json")
    assert response.status_code == 201, response.content
    batch_id = response.json()["id"]
    response = client.post(f"/api/v1/ammunition/disposal-batches/{batch_id}/approve/")
    assert response.json()["status"] == "approved"
    response = client.post(f"/api/v1/ammunition/disposal-batches/{batch_id}/write-off/",
                           {"unit": org.province_a.pk, "effective_date": "2026-01-06"},
                           format="json")
    assert len(response.json()["write_offs"]) == 1
    assert client_for(org.users["officer_b"]).get(
        f"/api/v1/ammunition/disposal-batches/{batch_id}/").status_code == 404
    services.disposal_batch_create(actor=None, unit=org.province_b, title="CB",
                                   decided_on=dt.date(2026, 1, 5))
    listed = client_for(org.users["officer_b"]).get("/api/v1/ammunition/disposal-batches/")
    assert [b["title"] for b in listed.json()["results"]] == ["CB"]
    assert DisposalBatch.objects.count() == 2
