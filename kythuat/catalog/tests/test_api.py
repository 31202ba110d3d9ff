import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.catalog.models import Branch, EquipmentType, Tracking

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def symbols(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["symbol"] for row in response.json()["results"]}


@pytest.fixture
def local_type(org) -> EquipmentType:
    """A type defined by province B for its own subtree."""
    return EquipmentType.objects.create(
        symbol="CB-01",
        name="Xuồng cao su địa phương",
        branch=Branch.objects.get(code="xe-may"),
        uom="chiếc",
        tracking=Tracking.BULK,
        owner_unit=org.province_b,
    )


def test_types_defined_by_another_subtree_are_hidden(org, local_type):
    officer_a, officer_b = client_for(org.users["officer_a"]), client_for(org.users["officer_b"])
    assert "CB-01" not in symbols(officer_a.get("/api/v1/equipment-types/"))
    assert "CB-01" in symbols(officer_b.get("/api/v1/equipment-types/"))
    assert officer_a.get(f"/api/v1/equipment-types/{local_type.pk}/").status_code == 404


def test_types_filter_by_branch_tracking_and_folded_search(org):
    client = client_for(org.users["officer_a"])
    weapons = Branch.objects.get(code="quan-khi")
    assert symbols(client.get("/api/v1/equipment-types/", {"branch": weapons.pk})) >= {
        "AK-47",
        "Đ-7,62",
    }
    assert "DẦU-DO" not in symbols(client.get("/api/v1/equipment-types/", {"branch": weapons.pk}))
    assert symbols(client.get("/api/v1/equipment-types/", {"tracking": "lot", "q": "dan"})) == {
        "Đ-7,62"
    }
    assert symbols(client.get("/api/v1/equipment-types/", {"q": "SUNG TIEU LIEN"})) == {"AK-47"}
    response = client.get("/api/v1/equipment-types/", {"tracking": "weight"})
    assert response.status_code == 400
    assert "tracking" in response.json()["errors"]


def test_reference_lists(org):
    client = client_for(org.users["viewer_a"])
    grades = client.get("/api/v1/grades/").json()["results"]
    assert sorted(grade["level"] for grade in grades) == [1, 2, 3, 4, 5]
    assert {g["level"] for g in grades if g["is_serviceable"]} == {1, 2}
    codes = {row["code"] for row in client.get("/api/v1/usage-groups/").json()["results"]}
    assert {"sscd", "huan-luyen"} <= codes
    branches = {row["code"] for row in client.get("/api/v1/branches/").json()["results"]}
    assert {"quan-khi", "xe-may"} <= branches
