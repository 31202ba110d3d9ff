"""Password validators: Django's minimum length with a message our catalogue translates, and a
list of common Vietnamese passwords (Django's list of 20,000 is English-speaking)."""

import re
from functools import cache
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kythuat.core.text import fold

LIST = Path(__file__).parent / "data" / "common_passwords_vi.txt"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2's message uses `%d`, its Vietnamese catalogue `%(min_length)d`, so it shows
    in English; this one is ours."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must have at least %(min_length)d character.",
            "Your password must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


@cache
def _common() -> frozenset[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _plain(password: str) -> str:
    """Folded, letters and digits only: "Mật khẩu-123" → "matkhau123"."""
    return re.sub(r"[^a-z0-9]", "", fold(password))


class VietnameseCommonPasswordValidator:
    """Refuses a listed password, also spelt with diacritics, capitals or separators, and a
    listed word followed only by digits or symbols ("Matkhau2026!")."""

    def validate(self, password: str, user=None) -> None:
        plain = _plain(password)
        stem = re.sub(r"[0-9]+$", "", plain)
        if plain in _common() or (stem and stem in _common()):
            raise ValidationError(
                _("This password is among the most common in Vietnam and is easy to guess; "
                  "choose a longer one that mixes unrelated words with digits."),
                code="password_too_common")

    def get_help_text(self) -> str:
        return _("Your password cannot be a common Vietnamese password (“matkhau123”, "
                 "“anhyeuem”…).")
