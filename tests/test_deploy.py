"""Headquarters mode: the settings pass Django's deployment checklist when configured for it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What docs/deployment.md asks a headquarters server to set (behind a TLS proxy).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kythuat.qk1.example",
    "CSRF_TRUSTED_ORIGINS": "https://kythuat.qk1.example",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
}


def manage(*args: str, **environment: str | None) -> subprocess.CompletedProcess:
    # The real settings module, not the test one (which also sets a throwaway SECRET_KEY).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment}
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    "SECRET_KEY" in (ROOT / ".env").read_text() if (ROOT / ".env").exists() else False,
    reason="this machine's .env sets SECRET_KEY",
)
def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": None})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
