"""Lock-out by (user name, address) plus a per-address limit; the user and the unit
administrator are told; current-password guesses count (issue 15, item 5)."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_a_stranger_locks_the_name_only_on_their_own_machine(client, org):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer_a", "sai-mat-khau", address="10.9.9.9")
    locked = log_in(client, "officer_a", PASSWORD, address="10.9.9.9")
    assert locked.status_code == 429
    assert "máy tính khác" in locked.content.decode()  # tells where it still works
    response = log_in(client, "officer_a", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(org.users["officer_a"].pk)


def test_the_user_is_told_of_failed_sign_ins_at_the_next_login(client, org):
    for _attempt in range(3):
        log_in(client, "officer_a", "sai-mat-khau", address="10.9.9.9")
    response = log_in(client, "officer_a", PASSWORD, address="10.0.0.1")
    page = client.get(response.url).content.decode()
    assert "3 lần đăng nhập sai" in page
    assert "10.9.9.9" in page
    client.post(reverse("logout"))
    page = client.get(log_in(client, "officer_a", PASSWORD).url).content.decode()
    assert "đăng nhập sai" not in page  # told once


def test_one_address_trying_many_names_is_locked_for_every_name(client, org, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    names = ["officer_a", "clerk_a", "viewer_a", "officer_b", "admin_b", "x.unknown"]
    for name in names:
        log_in(client, name, "sai-mat-khau", address="10.6.6.6")
    assert log_in(client, "clerk_commune", PASSWORD, address="10.6.6.6").status_code == 429
    assert log_in(client, "clerk_commune", PASSWORD, address="10.0.0.1").status_code == 302


def test_the_administrator_sees_failed_sign_ins_of_the_subtree(client, org):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "clerk_a", "sai-mat-khau", address="10.9.9.9")
    log_in(client, "officer_b", "sai-mat-khau", address="10.9.9.9")
    client.force_login(org.users["admin_hq"])
    rows = {row.username: row for row in
            client.get(reverse("org:user-list")).context["failed_logins"]}
    assert rows["clerk_a"].count == settings.AXES_FAILURE_LIMIT
    assert rows["clerk_a"].locked is True
    client.force_login(org.users["admin_b"])  # Cao Bằng sees its own users only
    page = client.get(reverse("org:user-list"))
    assert [row.username for row in page.context["failed_logins"]] == ["officer_b"]


def test_wrong_current_passwords_on_the_change_page_count(client, org):
    clerk = org.users["clerk_a"]
    client.force_login(clerk)
    url = reverse("password_change")
    data = {"new_password1": "Kho-an-toan-2026", "new_password2": "Kho-an-toan-2026"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {**data, "old_password": "sai"}).status_code == 200
    assert client.post(url, {**data, "old_password": "sai"}).status_code == 429
    response = client.post(url, {**data, "old_password": PASSWORD})
    assert response.status_code == 429  # even the right one, until the lock ends
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)
