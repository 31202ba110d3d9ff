"""Logging in and out, the lock-out after repeated failures (django-axes), password change."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_opens_the_dashboard(client, org):
    response = log_in(client, "officer_a", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboard:home")
    assert client.session[SESSION_KEY] == str(org.users["officer_a"].pk)
    assert client.get(response.url).status_code == 200


def test_pages_ask_for_login_first(client, org):
    response = client.get(reverse("org:unit-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_password_shows_an_error(client, org):
    response = log_in(client, "officer_a", "sai-mat-khau")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SESSION_KEY not in client.session


def test_five_failures_lock_the_account(client, org):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer_a", "sai-mat-khau")
    response = log_in(client, "officer_a", PASSWORD)
    assert response.status_code == 429
    assert "axes/lockout.html" in [t.name for t in response.templates]
    assert SESSION_KEY not in client.session


def test_lockout_is_per_account(client, org):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer_a", "sai-mat-khau")
    assert log_in(client, "viewer_a", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, org):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "officer_a", "sai-mat-khau")
    assert log_in(client, "officer_a", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    log_in(client, "officer_a", "sai-mat-khau")
    assert log_in(client, "officer_a", PASSWORD).status_code == 302


def test_logout_needs_a_post(client, org):
    log_in(client, "officer_a", PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert SESSION_KEY not in client.session


def test_inactive_user_cannot_log_in(client, org):
    user = org.users["viewer_a"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = log_in(client, "viewer_a", PASSWORD)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_password_change(client, org):
    log_in(client, "clerk_a", PASSWORD)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2027",
            "new_password2": "Mat-khau-moi-2027",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    client.post(reverse("logout"))
    assert log_in(client, "clerk_a", PASSWORD).status_code == 200
    assert log_in(client, "clerk_a", "Mat-khau-moi-2027").status_code == 302


def test_password_change_needs_the_old_password(client, org):
    log_in(client, "clerk_a", PASSWORD)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "sai",
            "new_password1": "Mat-khau-moi-2027",
            "new_password2": "Mat-khau-moi-2027",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    org.users["clerk_a"].refresh_from_db()
    assert org.users["clerk_a"].check_password(PASSWORD)
