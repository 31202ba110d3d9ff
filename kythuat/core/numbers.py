"""Numbers as people write them, and nothing else: ASCII digits, an optional sign and decimal
part ("12,5" on the Vietnamese screens, "12.5" in the API).

Python's Decimal() and int() also take "1e3", "1_000", "Infinity" and digits of other scripts
("١٢٣", "１２３"), so forms and the API accepted them and stored numbers nobody typed. The
check is the `to_python` / `to_internal_value` of one shared field per layer, installed on
Django's and DRF's own number fields when the application starts (CoreConfig.ready), so the
fields that model forms and model serializers generate get it too.
"""

import functools
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from rest_framework import serializers

DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
INTEGER = re.compile(r"[+-]?[0-9]+(?:\.0*)?\Z")  # "12.0" is a whole number, as in Django


def is_plain(text: str, *, whole: bool = False) -> bool:
    return bool((INTEGER if whole else DECIMAL).match(text))


def _form_check(method: Callable[..., Any], *, whole: bool) -> Callable[..., Any]:
    @functools.wraps(method)
    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            text = value.strip()
            if self.localize:
                text = formats.sanitize_separators(text)
            if not is_plain(str(text), whole=whole):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return method(self, value)

    to_python.plain_numbers = True  # type: ignore[attr-defined]
    return to_python


def _api_check(method: Callable[..., Any], *, whole: bool) -> Callable[..., Any]:
    @functools.wraps(method)
    def to_internal_value(self, data):
        if isinstance(data, str) and not is_plain(data.strip(), whole=whole):
            self.fail("invalid")
        return method(self, data)

    to_internal_value.plain_numbers = True  # type: ignore[attr-defined]
    return to_internal_value


def install() -> None:
    """Idempotent: Django may run ready() twice (the test runner, autoreload)."""
    for field_class, whole in ((forms.DecimalField, False), (forms.IntegerField, True)):
        if not getattr(field_class.to_python, "plain_numbers", False):
            field_class.to_python = _form_check(field_class.to_python, whole=whole)
    for api_class, whole in ((serializers.DecimalField, False),
                             (serializers.IntegerField, True)):
        if not getattr(api_class.to_internal_value, "plain_numbers", False):
            api_class.to_internal_value = _api_check(api_class.to_internal_value, whole=whole)
