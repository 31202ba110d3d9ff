"""The entered figures over the API: the same services and scoping as the screens, 400 with a
message on bad input, never 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.indicators.models import EnteredValue

from .test_entered import confirmed, enter, indicator

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/entered-values/"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def body(org, **changes) -> dict:
    return {"indicator": indicator().pk, "unit": org.province_a.pk,
            "period_start": "2025-01-01", "period_end": "2025-12-31", "value": "3", **changes}


def test_list_follows_the_subtree_and_filters(org):
    confirmed(org, value="3")
    enter(org, code="tap-huan", value="40")
    enter(org, unit=org.province_b, actor="officer_b")
    client = client_for(org.users["officer_a"])
    rows = client.get(VALUES).json()["results"]
    assert sorted(r["value"] for r in rows) == ["3.000", "40.000"]
    assert {r["unit_name"] for r in rows} == {"Bộ CHQS tỉnh Lạng Sơn"}
    confirmed_only = client.get(VALUES, {"status": "confirmed", "from": "01/01/2025"}).json()
    assert [r["indicator_name"] for r in confirmed_only["results"]] == [
        "Hội thi, hội thao kỹ thuật tổ chức"]


def test_unit_filter_outside_the_subtree_is_a_404(org):
    # As a detail URL would answer: the list does not confirm that the unit exists.
    response = client_for(org.users["officer_a"]).get(VALUES, {"unit": org.province_b.pk})
    assert response.status_code == 404


def test_figure_outside_the_subtree_answers_404(org):
    entered = enter(org, unit=org.province_b, actor="officer_b")
    client = client_for(org.users["officer_a"])
    assert client.get(f"{VALUES}{entered.pk}/").status_code == 404
    assert client.post(f"{VALUES}{entered.pk}/confirm/").status_code == 404
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED


def test_clerk_creates_and_corrects_a_figure(org):
    client = client_for(org.users["clerk_a"])
    created = client.post(VALUES, body(org, note="Hội thi thợ giỏi"), format="json")
    assert created.status_code == 201, created.content
    assert (created.json()["status"], created.json()["entered_by"]) == ("entered", "clerk_a")
    pk = created.json()["id"]
    changed = client.patch(f"{VALUES}{pk}/", {"value": "4.5", "unit": org.commune_a.pk},
                           format="json")
    assert changed.status_code == 200, changed.content
    entered = EnteredValue.objects.get(pk=pk)
    assert (str(entered.value), entered.unit) == ("4.500", org.province_a)


def test_evidence_is_sent_as_multipart(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(org.users["clerk_a"])
    created = client.post(VALUES, {**body(org), "evidence": SimpleUploadedFile(
        "bien-ban.pdf", b"%PDF-1.4")}, format="multipart")
    assert created.status_code == 201, created.content
    assert created.json()["evidence_url"].endswith("/evidence/")
    refused = client.post(VALUES, {**body(org, period_start="2024-01-01",
                                          period_end="2024-12-31"),
                                   "evidence": SimpleUploadedFile("a.exe", b"MZ")},
                          format="multipart")
    assert refused.status_code == 400
    assert "evidence" in refused.json()["errors"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"value": "-2"}, "value"),
    ({"value": "nhiều"}, "value"),
    ({"period_end": "2024-12-31"}, "period_end"),
    ({"period_end": "2999-12-31"}, "period_end"),
    ({"period_start": "31-12-2025"}, "period_start"),
    ({"unit": 999999}, "unit"),
])
def test_bad_input_is_a_400_with_the_field(org, changes, field):
    response = client_for(org.users["clerk_a"]).post(VALUES, body(org, **changes),
                                                     format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert response.json()["detail"]
    assert not EnteredValue.objects.exists()


def test_overlap_is_a_400(org):
    enter(org)
    response = client_for(org.users["clerk_a"]).post(VALUES, body(org), format="json")
    assert response.status_code == 400
    assert "01/01/2025" in response.json()["detail"]
    assert EnteredValue.objects.count() == 1


def test_officer_confirms_and_self_confirmation_is_a_403(org):
    entered = enter(org)
    own = enter(org, code="tap-huan", actor="officer_a")
    client = client_for(org.users["officer_a"])
    response = client.post(f"{VALUES}{entered.pk}/confirm/")
    assert (response.status_code, response.json()["status"]) == (200, "confirmed")
    assert response.json()["confirmed_by"] == "officer_a"
    assert client.post(f"{VALUES}{own.pk}/confirm/").status_code == 403
    again = client.post(f"{VALUES}{entered.pk}/confirm/")
    assert again.status_code == 400


def test_return_needs_a_reason(org):
    entered = enter(org)
    client = client_for(org.users["officer_a"])
    missing = client.post(f"{VALUES}{entered.pk}/return/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()["errors"]
    returned = client.post(f"{VALUES}{entered.pk}/return/", {"reason": "Thiếu biên bản"},
                           format="json")
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["return_reason"]) == (
        "rejected", "Thiếu biên bản")


def test_confirmed_figure_cannot_be_patched(org):
    entered = confirmed(org)
    response = client_for(org.users["clerk_a"]).patch(f"{VALUES}{entered.pk}/",
                                                      {"value": "9"}, format="json")
    assert response.status_code == 400
    entered.refresh_from_db()
    assert entered.value == 3


def test_entered_indicators_are_listed_read_only(org):
    client = client_for(org.users["viewer_a"])
    rows = client.get("/api/v1/entered-indicators/").json()["results"]
    assert {r["registry_code"] for r in rows} >= {"entered.hoi-thi", "entered.phan-mem"}
    assert client.post("/api/v1/entered-indicators/", {"code": "x"}).status_code == 405
