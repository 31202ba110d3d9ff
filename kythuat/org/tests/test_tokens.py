"""API tokens: revoked by a password reset and by deactivation, revocable by unit
administrators, and they show when they were last used (issue 15, item 4)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.audit.models import AuditEvent
from kythuat.org import services
from kythuat.org.models import TokenUse

pytestmark = pytest.mark.django_db


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def test_password_reset_by_the_administrator_revokes_the_token(org):
    clerk = org.users["clerk_a"]
    key = services.token_issue(actor=clerk).key
    assert api(key).get("/api/v1/units/").status_code == 200
    services.user_set_password(actor=org.users["admin_hq"], user=clerk,
                               password="Kho-an-toan-2026")
    assert api(key).get("/api/v1/units/").status_code == 401
    assert not Token.objects.filter(user=clerk).exists()
    assert AuditEvent.objects.filter(target_id=clerk.pk, action="deleted").exists()


def test_deactivation_revokes_and_reactivation_does_not_revive_the_token(org):
    clerk, admin = org.users["clerk_a"], org.users["admin_hq"]
    key = services.token_issue(actor=clerk).key
    services.user_update(actor=admin, user=clerk, data={"is_active": False})
    services.user_update(actor=admin, user=clerk, data={"is_active": True})
    assert api(key).get("/api/v1/units/").status_code == 401
    assert not Token.objects.filter(user=clerk).exists()


def test_unit_admin_revokes_a_token_from_the_user_edit_page(client, org):
    clerk = org.users["clerk_a"]
    key = services.token_issue(actor=clerk).key
    client.force_login(org.users["admin_hq"])
    page = client.get(reverse("org:user-edit", args=[clerk.pk])).content.decode()
    assert reverse("org:user-token-revoke", args=[clerk.pk]) in page
    response = client.post(reverse("org:user-token-revoke", args=[clerk.pk]))
    assert response.status_code == 302
    assert api(key).get("/api/v1/units/").status_code == 401


def test_unit_admin_revokes_a_token_through_the_api(org):
    clerk = org.users["clerk_a"]
    key = services.token_issue(actor=clerk).key
    admin = APIClient()
    admin.force_authenticate(org.users["admin_hq"])
    body = admin.get(f"/api/v1/users/{clerk.pk}/").json()
    assert body["has_token"] is True
    response = admin.post(f"/api/v1/users/{clerk.pk}/revoke-token/")
    assert response.status_code == 200
    assert response.json()["has_token"] is False
    assert api(key).get("/api/v1/units/").status_code == 401


def test_admin_of_another_subtree_cannot_revoke(client, org):
    clerk = org.users["clerk_a"]
    key = services.token_issue(actor=clerk).key
    other = APIClient()
    other.force_authenticate(org.users["admin_b"])
    assert other.post(f"/api/v1/users/{clerk.pk}/revoke-token/").status_code == 404
    client.force_login(org.users["admin_b"])
    assert client.post(reverse("org:user-token-revoke", args=[clerk.pk])).status_code == 404
    officer = APIClient()
    officer.force_authenticate(org.users["officer_a"])  # not an administrator
    assert officer.post(f"/api/v1/users/{clerk.pk}/revoke-token/").status_code == 404
    assert api(key).get("/api/v1/units/").status_code == 200


def test_last_use_is_stored_at_most_once_a_minute(org, django_assert_num_queries):
    key = services.token_issue(actor=org.users["clerk_a"]).key
    assert api(key).get("/api/v1/units/").status_code == 200
    first = TokenUse.objects.get(token_id=key).last_used_at
    assert timezone.now() - first < dt.timedelta(seconds=5)
    api(key).get("/api/v1/units/")
    assert TokenUse.objects.get(token_id=key).last_used_at == first  # not written again
    earlier = timezone.now() - dt.timedelta(minutes=2)
    TokenUse.objects.filter(token_id=key).update(last_used_at=earlier)
    api(key).get("/api/v1/units/")
    assert TokenUse.objects.get(token_id=key).last_used_at > earlier


def test_the_token_page_shows_the_last_use(client, org):
    clerk = org.users["clerk_a"]
    key = services.token_issue(actor=clerk).key
    client.force_login(clerk)
    assert "Chưa dùng lần nào" in client.get(reverse("org:token")).content.decode()
    api(key).get("/api/v1/units/")
    assert "Dùng lần gần nhất" in client.get(reverse("org:token")).content.decode()
