"""Helpers shared by the services: dates in messages, text cleaning, hours."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kythuat.core.text import nfc, strip_control
from kythuat.org.models import Unit

MAX_HOURS = Decimal(9999)


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def line(value: object, limit: int) -> str:
    return " ".join(strip_control(nfc(str(value or ""))).split())[:limit]


def text(value: object) -> str:
    return strip_control(nfc(str(value or ""))).strip()


def hours(value: object, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value if value is not None else ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter %(label)s as a number of hours, e.g. 40.")
                                      % {"label": label}}, code="hours_invalid") from None
    if amount < 0:
        raise ValidationError({field: _("%(label)s cannot be negative; enter 0 or more hours.")
                                      % {"label": label}}, code="hours_negative")
    if amount > MAX_HOURS:
        raise ValidationError({field: _("%(label)s is more than %(max)s hours; check the "
                                        "figure.") % {"label": label, "max": MAX_HOURS}},
                              code="hours_too_many")
    return amount.quantize(Decimal("0.1"))


def dates(start: dt.date | None, end: dt.date | None, *, start_field: str,
          end_field: str) -> None:
    errors = {}
    if start is None:
        errors[start_field] = _("Enter the start date.")
    if end is None:
        errors[end_field] = _("Enter the end date.")
    if errors:
        raise ValidationError(errors, code="dates_missing")
    if end < start:
        raise ValidationError({end_field: _(
            "The end date (%(end)s) is before the start date (%(start)s); swap or correct "
            "them.") % {"end": day_text(end), "start": day_text(start)}}, code="dates_reversed")


def is_within(upper: Unit, lower: Unit) -> bool:
    return lower.path.startswith(upper.path)
