import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_token_authentication_lists_the_callers_subtree(org):
    response = client_for(org.users["officer_a"]).get("/api/v1/units/")
    assert names(response) == [org.province_a.name, org.commune_a.name]
    first = response.json()["results"][0]
    assert first["parent"] == org.hq.pk
    assert first["kind_name"] == org.province_a.kind.name
    assert first["depth"] == 1
    assert "path" not in first


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_request_without_valid_token_is_refused_with_structured_json(org, token):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"detail", "errors", "code"}
    assert body["detail"]
    assert body["code"] in {"not_authenticated", "authentication_failed"}


def test_session_authentication_works_too(client, org):
    client.force_login(org.users["officer_b"])
    assert names(client.get("/api/v1/units/")) == [org.province_b.name]


def test_units_filter_by_parent_kind_and_folded_search(org):
    client = client_for(org.users["officer_hq"])
    assert names(client.get("/api/v1/units/", {"parent": org.hq.pk})) == [
        org.province_a.name,
        org.province_b.name,
    ]
    assert names(client.get("/api/v1/units/", {"kind": org.commune_a.kind_id})) == [
        org.commune_a.name
    ]
    assert names(client.get("/api/v1/units/", {"q": "LANG SON"})) == [org.province_a.name]


def test_out_of_scope_unit_answers_404_as_an_object_and_as_a_filter(org):
    client = client_for(org.users["officer_b"])
    response = client.get(f"/api/v1/units/{org.province_a.pk}/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors", "code"}
    response = client.get("/api/v1/units/", {"parent": org.province_a.pk})
    assert response.status_code == 404  # as for a unit that does not exist
    assert response.json()["detail"]
    assert client.get("/api/v1/units/", {"parent": 999999}).json() == response.json()


def test_api_root_answers(org):
    response = client_for(org.users["viewer_a"]).get("/api/v1/")
    assert response.status_code == 200
    assert "units" in response.json()
