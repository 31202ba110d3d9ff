"""Input hardening that applies to every form, API field and filter, in this one place.

Control characters never reach the database: every text field of every form and of the API
drops them.

Characters such as U+0001, U+000B (a line break pasted from Word) or U+001F cannot be typed on
purpose, show nothing, and Excel and Word files cannot hold them, so one such text would
break every export of the whole chain of command that includes it. Django's forms.CharField
and DRF's CharField (and their subclasses: e-mail, slug, URL, the model forms' and model
serializers' text fields, the filter forms) turn input into text in one method each; that
method is wrapped here, once, when the application starts (CoreConfig.ready). The import reads
cells through `imports.reader.text`, which uses the same `core.text.strip_control`.

Number filters of the FilterSets (`?year=`, `?vehicle=`) take only numbers the database can
compare: a year from 1 to 9999 (Django builds dates from it) and other numbers of at most 15
digits (SQLite's integers stop at 2^63). Out of range, the filter form says so: a 400 with
its message in the API, the message under the field on a screen, never a 500.
"""

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django_filters import BaseCSVFilter, NumberFilter
from rest_framework import serializers

from .text import strip_control


def _stripping(method: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(method, "strips_control", False):
        return method

    @functools.wraps(method)
    def wrapper(self, value):
        result = method(self, value)
        return strip_control(result) if isinstance(result, str) else result

    wrapper.strips_control = True  # type: ignore[attr-defined]
    return wrapper


NUMBER_LIMIT = 10**15
YEAR_LOOKUPS = ("year", "iso_year")


def _bounding(field: property) -> property:
    """NumberFilter.field, with bounds unless the filter declares its own. Done when the form
    field is built (not when the filter is), so FilterSets imported before this module are
    bounded too."""
    if getattr(field.fget, "bounded", False):
        return field

    def bounded(filter_) -> forms.Field:
        if not isinstance(filter_, BaseCSVFilter):  # "1,2,3" lists build their fields otherwise
            year = (filter_.field_name or "").rsplit("__", 1)[-1] in YEAR_LOOKUPS or (
                filter_.lookup_expr in YEAR_LOOKUPS)
            low, high = (1, 9999) if year else (-NUMBER_LIMIT, NUMBER_LIMIT)
            filter_.extra.setdefault("min_value", low)
            filter_.extra.setdefault("max_value", high)
        return field.fget(filter_)

    bounded.bounded = True  # type: ignore[attr-defined]
    return property(bounded)


def beyond_the_database(value: Any) -> bool:
    try:
        return abs(int(str(value))) >= NUMBER_LIMIT
    except (TypeError, ValueError):
        return False  # not a number: the field answers it itself


def _choosing_known_ids(method: Callable[..., Any], many: bool) -> Callable[..., Any]:
    """Ids beyond what the database compares are "not a valid choice", not a 500: Django sends
    them to SQLite as they are (OverflowError)."""
    if getattr(method, "known_ids", False):
        return method

    def wrapper(self, value):
        for pk in (value or ()) if many else (value,):
            if beyond_the_database(pk):
                raise ValidationError(self.error_messages["invalid_choice"],
                                      code="invalid_choice", params={"value": str(pk)[:40]})
        return method(self, value)

    wrapper.known_ids = True  # type: ignore[attr-defined]
    return wrapper


def install() -> None:
    NumberFilter.field = _bounding(NumberFilter.field)  # type: ignore[assignment]
    forms.ModelChoiceField.to_python = _choosing_known_ids(  # type: ignore[method-assign]
        forms.ModelChoiceField.to_python, many=False)
    forms.ModelMultipleChoiceField._check_values = _choosing_known_ids(  # type: ignore[method-assign]
        forms.ModelMultipleChoiceField._check_values, many=True)
    forms.CharField.to_python = _stripping(forms.CharField.to_python)  # type: ignore[method-assign]
    serializers.CharField.to_internal_value = _stripping(  # type: ignore[method-assign]
        serializers.CharField.to_internal_value
    )
