"""Checks shared by the people services."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.text import nfc, strip_control
from kythuat.org import permissions
from kythuat.org.models import Unit, User


def line(value: object, limit: int) -> str:
    return " ".join(strip_control(nfc(str(value or ""))).split())[:limit]


def day_text(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def not_future(day: dt.date | None, field: str, label: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("%(label)s cannot be in the future; enter today's date "
                                        "or an earlier one.") % {"label": label}})


def required_day(day: dt.date | None, field: str, label: str) -> dt.date:
    if day is None:
        raise ValidationError({field: _("Enter %(label)s.") % {"label": label}})
    return day


def ensure_in_subtree(actor: User | None, unit: Unit | None, field: str = "unit") -> None:
    """The unit lies in the actor's subtree and the actor may record for it."""
    if unit is None:
        raise ValidationError({field: _("Choose a unit.")})
    if actor is None:
        return
    if not permissions.can_view_unit(actor, unit):
        raise ValidationError({field: _(
            "%(unit)s is not your unit or a unit under it; choose a unit of your subtree.")
            % {"unit": unit.name}})
    permissions.ensure_can_draft(actor, unit)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (a month counts once the same day of the month is
    reached)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)
