"""An integrator gets every API error as JSON in the caller's language: an address that does
not exist, a page past the end, a page that is not a number."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(org):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    token, _created = Token.objects.get_or_create(user=org.users["officer_a"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize("address", ["/api/v1/no-such-list/", "/api/v1/reference/nope/"])
def test_an_address_the_api_does_not_have_answers_404_in_json(api, address):
    response = api.get(address)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert "Không có địa chỉ này" in response.json()["detail"]


@pytest.mark.parametrize("page", ["abc", "999"])
def test_a_page_that_does_not_exist_is_named_in_vietnamese(api, page):
    response = api.get("/api/v1/items/", {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"].startswith(f"Không có trang {page}")


def test_a_screen_address_that_does_not_exist_still_gets_the_page(client, org):
    client.force_login(org.users["officer_a"])
    response = client.get("/no-such-screen/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
