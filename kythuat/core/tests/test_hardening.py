"""Smaller hardening items of issue 15 (item 8): the API's JSON answer to an oversized body,
Vietnamese password messages, the Content-Security-Policy and templates without inline
scripts."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_an_oversized_api_body_answers_json_in_vietnamese(client, org):
    client.force_login(org.users["officer_a"])
    body = '{"note": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = client.post("/api/v1/maintenance-plans/", body, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "lớn hơn 2,5 MB" in response.json()["detail"]


@pytest.mark.parametrize("password", ["matkhau123", "Mật khẩu 2026!", "ANHYEUEM", "anh-yeu-em"])
def test_common_vietnamese_passwords_are_refused(org, password):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password(password, org.users["clerk_a"])
    assert any("phổ biến" in message for message in error.value.messages)


def test_password_messages_are_in_vietnamese(org):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password("Xy1!", org.users["clerk_a"])
    assert any("quá ngắn" in message for message in error.value.messages)


def test_a_good_password_passes(org):
    validate_password("Kho-an-toan-2026", org.users["clerk_a"])


def test_pages_send_a_content_security_policy(client, org):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\shx-on[:\w-]*\s*=", re.I)


def test_templates_hold_no_inline_script():
    """The policy allows scripts from our own files only: an inline one would not run."""
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for folder in (ROOT / "templates", ROOT / "kythuat")
        for path in folder.rglob("*.html")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_api_documentation_loads_its_script_from_a_file(client, org):
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("api-docs")).content.decode()
    assert INLINE.findall(page) == []
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
