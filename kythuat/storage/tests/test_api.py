import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.storage.models import Facility, FacilityKind

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def cabinet(org) -> Facility:
    return Facility.objects.create(
        owner_unit=org.commune_a,
        kind=FacilityKind.objects.get(code="kho"),
        code="TS-01",
        name="Tủ súng xã Hữu Lũng",
    )


def test_facilities_follow_the_owner_unit_subtree(org, cabinet):
    assert codes(client_for(org.users["officer_a"]).get("/api/v1/facilities/")) == ["K19", "TS-01"]
    assert codes(client_for(org.users["clerk_commune"]).get("/api/v1/facilities/")) == ["TS-01"]
    assert codes(client_for(org.users["officer_b"]).get("/api/v1/facilities/")) == []


def test_out_of_scope_facility_answers_404(org):
    response = client_for(org.users["officer_b"]).get(f"/api/v1/facilities/{org.depot_a.pk}/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors", "code"}


def test_facility_detail_and_filters(org, cabinet):
    client = client_for(org.users["officer_hq"])
    detail = client.get(f"/api/v1/facilities/{cabinet.pk}/").json()
    assert (detail["owner_unit"], detail["owner_unit_name"]) == (
        org.commune_a.pk,
        org.commune_a.name,
    )
    assert codes(client.get("/api/v1/facilities/", {"unit": org.commune_a.pk})) == ["TS-01"]
    assert codes(client.get("/api/v1/facilities/", {"q": "tu sung"})) == ["TS-01"]
