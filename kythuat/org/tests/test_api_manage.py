"""What the unit and user screens do, done through the API (issue 13, section 2): units are
created, renamed and moved, users managed by the administrators of their subtree, a program
obtains a token with a password under the same lock-out as the sign-in page."""

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import PASSWORD
from kythuat.audit.models import AuditEvent
from kythuat.org.models import Unit, UnitKind, User

pytestmark = pytest.mark.django_db
STRONG = "Kho-đạn-an-toàn-2026"


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        client.force_authenticate(user)
    return client


def root() -> User:
    user = User(username="root", is_superuser=True, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def commune_kind() -> UnitKind:
    return UnitKind.objects.get(code="ban-chqs-xa")


# Units ----------------------------------------------------------------------------------------


def test_a_unit_administrator_creates_renames_and_moves_a_unit_of_the_subtree(org):
    client = api(org.users["admin_hq"])
    response = client.post("/api/v1/units/", {
        "parent": org.province_a.pk, "code": "LS-XA-02", "name": "Ban CHQS xã Chi Lăng",
        "kind": commune_kind().pk}, format="json")
    assert response.status_code == 201, response.content
    created = Unit.objects.get(code="LS-XA-02")
    assert response.json()["parent"] == org.province_a.pk
    assert response.json()["depth"] == org.province_a.depth + 1

    response = client.patch(f"/api/v1/units/{created.pk}/", {"name": "Ban CHQS xã Quang Lang"},
                            format="json")
    assert response.status_code == 200, response.content
    created.refresh_from_db()
    assert (created.name, created.code) == ("Ban CHQS xã Quang Lang", "LS-XA-02")
    assert AuditEvent.objects.filter(target_id=created.pk, action="changed").exists()

    response = client.post(f"/api/v1/units/{created.pk}/move/",
                           {"new_parent": org.province_b.pk}, format="json")
    assert response.status_code == 200, response.content
    created.refresh_from_db()
    assert created.parent == org.province_b
    assert created.path.startswith(org.province_b.path)


def test_units_outside_the_subtree_are_neither_created_under_nor_renamed(org):
    client = api(org.users["admin_b"])
    count = Unit.objects.count()
    response = client.post("/api/v1/units/", {
        "parent": org.province_a.pk, "code": "X-1", "name": "X", "kind": commune_kind().pk},
        format="json")
    assert response.status_code == 400
    assert "parent" in response.json()["errors"]
    assert client.patch(f"/api/v1/units/{org.province_a.pk}/", {"name": "X"},
                        format="json").status_code == 404
    officer = api(org.users["officer_a"])  # sees the unit, may not manage it
    assert officer.patch(f"/api/v1/units/{org.commune_a.pk}/", {"name": "X"},
                         format="json").status_code == 403
    assert Unit.objects.count() == count
    org.province_a.refresh_from_db()
    assert org.province_a.name == "Bộ CHQS tỉnh Lạng Sơn"


def test_only_the_system_administrator_creates_a_top_level_unit(org):
    payload = {"code": "QK2", "name": "Quân khu 2", "kind": UnitKind.objects.get(
        code="quan-khu").pk, "valid_from": "2020-01-01"}
    refused = api(org.users["admin_hq"]).post("/api/v1/units/", payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"]
    assert not Unit.objects.filter(code="QK2").exists()
    response = api(root()).post("/api/v1/units/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["parent"] is None
    assert Unit.objects.get(code="QK2").parent is None


def test_a_duplicate_code_is_refused_with_a_message(org):
    response = api(org.users["admin_hq"]).post("/api/v1/units/", {
        "parent": org.province_a.pk, "code": "ls", "name": "Trùng mã",
        "kind": commune_kind().pk}, format="json")
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


# Users ----------------------------------------------------------------------------------------


def test_an_administrator_manages_the_users_of_the_subtree(org):
    client = api(org.users["admin_hq"])
    response = client.post("/api/v1/users/", {
        "username": "lang.clerk", "password": STRONG, "unit": org.commune_a.pk, "role": "clerk",
        "last_name": "Nguyễn", "first_name": "Văn Bình"}, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="lang.clerk")
    assert (user.unit, user.role) == (org.commune_a, "clerk")
    assert user.check_password(STRONG)

    response = client.patch(f"/api/v1/users/{user.pk}/",
                            {"unit": org.province_b.pk, "role": "officer"}, format="json")
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert (user.unit, user.role) == (org.province_b, "officer")

    response = client.post(f"/api/v1/users/{user.pk}/password/", {"password": "Mới-" + STRONG},
                           format="json")
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.check_password("Mới-" + STRONG)

    key = Token.objects.create(user=user).key
    response = client.patch(f"/api/v1/users/{user.pk}/", {"is_active": False}, format="json")
    assert response.json()["is_active"] is False
    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert stranger.get("/api/v1/units/").status_code == 401


def test_the_password_rules_of_the_screen_hold_for_the_api(org):
    client = api(org.users["admin_hq"])
    response = client.post("/api/v1/users/", {
        "username": "weak", "password": "123", "unit": org.commune_a.pk}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert not User.objects.filter(username="weak").exists()
    clerk = org.users["clerk_a"]
    response = client.post(f"/api/v1/users/{clerk.pk}/password/", {"password": "clerk_a"},
                           format="json")
    assert response.status_code == 400
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_no_role_above_ones_own_and_no_unit_outside_the_subtree(org):
    client = api(org.users["admin_b"])
    response = client.post("/api/v1/users/", {
        "username": "x", "password": STRONG, "unit": org.province_a.pk}, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    officer = org.users["officer_b"]
    response = client.patch(f"/api/v1/users/{officer.pk}/", {"unit": org.province_a.pk},
                            format="json")
    assert response.status_code == 400
    assert client.patch(f"/api/v1/users/{org.users['clerk_a'].pk}/", {"role": "viewer"},
                        format="json").status_code == 404
    officer.refresh_from_db()
    assert officer.unit == org.province_b
    assert not User.objects.filter(username="x").exists()


def test_someone_who_is_no_administrator_manages_no_one(org):
    client = api(org.users["officer_a"])
    response = client.post("/api/v1/users/", {
        "username": "x", "password": STRONG, "unit": org.province_a.pk}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert client.patch(f"/api/v1/users/{org.users['clerk_a'].pk}/", {"role": "officer"},
                        format="json").status_code == 404
    org.users["clerk_a"].refresh_from_db()
    assert org.users["clerk_a"].role == "clerk"


# Token ----------------------------------------------------------------------------------------


def test_a_program_obtains_the_users_token_with_the_password(org):
    response = api().post("/api/v1/token/", {"username": "clerk_a", "password": PASSWORD},
                          format="json", REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    caller = APIClient()
    caller.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert caller.get("/api/v1/units/").status_code == 200
    again = api().post("/api/v1/token/", {"username": "clerk_a", "password": PASSWORD},
                       format="json", REMOTE_ADDR="10.1.1.1")
    assert again.json()["token"] == key  # the user's other programs keep working


def test_wrong_passwords_lock_the_token_endpoint_like_the_sign_in_page(org):
    client = api()
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/api/v1/token/", {"username": "clerk_a", "password": "sai"},
                               format="json", REMOTE_ADDR="10.9.9.9")
        assert response.status_code == (401 if attempt < settings.AXES_FAILURE_LIMIT else 429)
        assert response.json()["detail"]
    locked = client.post("/api/v1/token/", {"username": "clerk_a", "password": PASSWORD},
                         format="json", REMOTE_ADDR="10.9.9.9")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert locked.json()["detail"]
    assert not Token.objects.filter(user=org.users["clerk_a"]).exists()
    elsewhere = client.post("/api/v1/token/", {"username": "clerk_a", "password": PASSWORD},
                            format="json", REMOTE_ADDR="10.0.0.1")
    assert elsewhere.status_code == 200


def test_a_disabled_account_gets_no_token(org):
    clerk = org.users["clerk_a"]
    clerk.is_active = False
    clerk.save()
    response = api().post("/api/v1/token/", {"username": "clerk_a", "password": PASSWORD},
                          format="json")
    assert response.status_code == 401
    assert not Token.objects.filter(user=clerk).exists()


# Reference lists ------------------------------------------------------------------------------


def test_every_reference_table_is_listed_with_its_ids(org):
    client = api(org.users["viewer_a"])
    kinds = client.get("/api/v1/reference/facility-kind/").json()
    assert "kho" in {row["code"] for row in kinds}
    unit_kinds = {row["code"]: row["id"] for row in
                  client.get("/api/v1/reference/unit-kind/").json()}
    assert unit_kinds["ban-chqs-xa"] == org.commune_a.kind_id
    plates = client.get("/api/v1/reference/plate-type/").json()
    assert "quan-su" in {row["code"] for row in plates}
