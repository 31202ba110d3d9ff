import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.documents.models import IssuedNumber, Issuer

pytestmark = pytest.mark.django_db

ISSUERS = "/api/v1/documents/issuers/"
NUMBERS = "/api/v1/documents/numbers/"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def test_issuers_are_scoped(org, command, committee):
    rows = client_for(org.users["viewer_a"]).get(ISSUERS).json()["results"]
    assert {(r["abbreviation"], r["profile"]) for r in rows} == {("BCH", "state"),
                                                                 ("ĐUQS", "party")}
    assert client_for(org.users["officer_b"]).get(ISSUERS).json()["results"] == []
    assert client_for(org.users["officer_b"]).get(f"{ISSUERS}{command.pk}/").status_code == 404


def test_create_and_change_an_issuer(org):
    api = client_for(org.users["officer_a"])
    payload = {"unit": org.commune_a.pk, "profile": "state", "name": "Ban CHQS xã Hữu Lũng",
               "abbreviation": "BCH XA", "place": "Hữu Lũng", "valid_from": "2025-07-01"}
    response = api.post(ISSUERS, payload, format="json")
    assert response.status_code == 400
    assert "không có dấu cách" in str(response.json())
    response = api.post(ISSUERS, {**payload, "abbreviation": "BCHQS"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.patch(f"{ISSUERS}{pk}/", {"valid_to": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert "trước ngày bắt đầu" in str(response.json())
    response = api.patch(f"{ISSUERS}{pk}/", {"place": "xã Hữu Lũng"}, format="json")
    assert response.json()["place"] == "xã Hữu Lũng"
    outside = client_for(org.users["officer_b"]).post(
        ISSUERS, {**payload, "abbreviation": "X"}, format="json")
    assert outside.status_code == 400
    assert Issuer.objects.count() == 1


def test_issue_numbers_through_the_api(org, command, committee):
    api = client_for(org.users["clerk_a"])
    response = api.post(NUMBERS, {"issuer": committee.pk, "document_type": "NQ",
                                  "date": "2026-01-05", "subject": "Nghị quyết"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["symbol"] == "01-NQ/ĐUQS"
    response = api.post(NUMBERS, {"issuer": command.pk, "document_type": "XYZ",
                                  "date": "2026-01-05", "subject": "X"}, format="json")
    assert response.status_code == 400
    rows = api.get(NUMBERS, {"q": "NQ"}).json()["results"]
    assert [r["symbol"] for r in rows] == ["01-NQ/ĐUQS"]
    assert api.get(NUMBERS, {"year": "abc"}).status_code == 400
    outsider = client_for(org.users["officer_b"])
    assert outsider.get(NUMBERS).json()["results"] == []
    response = outsider.post(NUMBERS, {"issuer": command.pk, "document_type": "BC",
                                       "date": "2026-01-05", "subject": "X"}, format="json")
    assert response.status_code == 400
    assert IssuedNumber.objects.count() == 1


def test_a_retry_with_the_same_key_takes_no_second_number(org, command):
    """A client that lost the answer sends the same request again with its key: the register
    answers the number already taken; another key takes the next number."""
    api = client_for(org.users["clerk_a"])
    payload = {"issuer": command.pk, "document_type": "BC", "date": "2026-01-05",
               "subject": "Báo cáo", "once_key": "3f2b9c1e-0000-4000-8000-000000000001"}
    first = api.post(NUMBERS, payload, format="json").json()
    again = api.post(NUMBERS, payload, format="json").json()
    assert first["symbol"] == again["symbol"] == "01/BC-BCH"
    other = api.post(NUMBERS, {**payload, "once_key": "another"}, format="json").json()
    assert other["symbol"] == "02/BC-BCH"
    assert IssuedNumber.objects.count() == 2
