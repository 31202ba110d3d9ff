"""Helpers shared by the services: dates in messages, text cleaning, the permission checks."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.text import nfc, strip_control
from kythuat.org import permissions
from kythuat.org.models import Unit, User


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def line(value: object, limit: int) -> str:
    return " ".join(strip_control(nfc(str(value or ""))).split())[:limit]


def text(value: object) -> str:
    return strip_control(nfc(str(value or ""))).strip()


def not_future(day: dt.date | None, field: str, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("%(label)s cannot be in the future; enter the date it "
                                        "happened.") % {"label": label}})


def ensure_officer(actor: User | None, unit: Unit, message: str) -> None:
    """Councils, decisions and awards are the business of the officers of the unit (or above);
    `message` names the act and holds %(unit)s."""
    if actor is not None and not permissions.can_post(actor, unit):
        raise PermissionDenied(message % {"unit": unit.name})


def is_above_or_self(upper: Unit, lower: Unit) -> bool:
    return lower.path.startswith(upper.path)
