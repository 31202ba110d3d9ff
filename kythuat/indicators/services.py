"""Entered figures: a unit's clerk enters a figure no record holds, an officer of the unit or
above confirms it (or returns it with a reason); only confirmed figures count."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import Role, Unit, User

from .models import EnteredIndicator, EnteredValue

FIELDS = ["period_start", "period_end", "value", "note"]


def _ensure_can_enter(actor: User | None, indicator: EnteredIndicator, unit: Unit) -> None:
    if actor is None:
        return
    if not permissions.can_view_unit(actor, unit) or not actor.has_role(indicator.entered_by):
        raise PermissionDenied(
            _("You may not enter “%(indicator)s” for %(unit)s: it is entered by a %(role)s of "
              "the unit or a unit above it.")
            % {"indicator": indicator.name, "unit": unit.name,
               "role": Role(indicator.entered_by).label})


def _check(*, indicator: EnteredIndicator, unit: Unit, start: dt.date | None,
           end: dt.date | None, value: Decimal | None, exclude: int | None = None) -> None:
    errors: dict[str, str] = {}
    if not indicator.is_active:
        errors["indicator"] = _("The indicator “%(indicator)s” is no longer in use; choose "
                                "another one.") % {"indicator": indicator.name}
    if start is None:
        errors["period_start"] = _("Enter the start of the period.")
    if end is None:
        errors["period_end"] = _("Enter the end of the period.")
    elif end > timezone.localdate():
        errors["period_end"] = _("The period has not ended yet: a figure is entered once its "
                                 "period is over.")
    if start and end and end < start:
        errors["period_end"] = _("The end of the period (%(end)s) is before its start "
                                 "(%(start)s).") % {"end": f"{end:%d/%m/%Y}",
                                                    "start": f"{start:%d/%m/%Y}"}
    if value is None:
        errors["value"] = _("Enter the figure.")
    elif value < 0:
        errors["value"] = _("A figure cannot be negative.")
    if errors:
        raise ValidationError(errors, code="invalid")
    overlapping = EnteredValue.objects.filter(
        indicator=indicator, unit=unit, period_start__lte=end, period_end__gte=start,
    ).exclude(status=EnteredValue.Status.REJECTED)
    if exclude:
        overlapping = overlapping.exclude(pk=exclude)
    if (other := overlapping.first()) is not None:
        raise ValidationError(
            _("%(unit)s already has a figure for “%(indicator)s” from %(start)s to %(end)s, "
              "which overlaps this period; change that figure instead of entering another.")
            % {"unit": unit.name, "indicator": indicator.name,
               "start": f"{other.period_start:%d/%m/%Y}", "end": f"{other.period_end:%d/%m/%Y}"},
            code="overlap")


@transaction.atomic
def entered_value_create(*, actor: User | None, indicator: EnteredIndicator, unit: Unit,
                         period_start: dt.date, period_end: dt.date, value: Decimal,
                         note: str = "", evidence: UploadedFile | None = None) -> EnteredValue:
    _ensure_can_enter(actor, indicator, unit)
    _check(indicator=indicator, unit=unit, start=period_start, end=period_end, value=value)
    entered = EnteredValue(indicator=indicator, unit=unit, period_start=period_start,
                           period_end=period_end, value=value, note=nfc(note).strip(),
                           entered_by=actor)
    if evidence:
        entered.evidence = evidence
    entered.full_clean()
    entered.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=entered, unit=unit,
                 changes=audit.snapshot(entered, ["indicator", "unit", *FIELDS]))
    return entered


def _ensure_not_confirmed(entered: EnteredValue) -> None:
    if entered.status == EnteredValue.Status.CONFIRMED:
        raise ValidationError(
            _("This figure was confirmed; a confirmed figure is not changed. Ask an officer to "
              "return it first if it is wrong."), code="confirmed")


@transaction.atomic
def entered_value_update(*, actor: User | None, entered: EnteredValue,
                         data: dict[str, Any]) -> EnteredValue:
    entered = EnteredValue.objects.select_for_update().get(pk=entered.pk)
    _ensure_can_enter(actor, entered.indicator, entered.unit)
    _ensure_not_confirmed(entered)
    evidence = data.get("evidence")
    data = {key: nfc(value).strip() if isinstance(value, str) else value
            for key, value in data.items() if key in FIELDS}
    merged = {field: data.get(field, getattr(entered, field)) for field in FIELDS}
    _check(indicator=entered.indicator, unit=entered.unit, start=merged["period_start"],
           end=merged["period_end"], value=merged["value"], exclude=entered.pk)
    if entered.status == EnteredValue.Status.REJECTED:
        data["status"] = EnteredValue.Status.ENTERED  # corrected: back to the officer
    changes = model_update(instance=entered, fields=[*FIELDS, "status"], data=data)
    if evidence:  # a new file replaces the old one; the log keeps both names
        old_name = entered.evidence.name
        entered.evidence = evidence
        entered.save(update_fields=["evidence", "updated_at"])
        changes["evidence"] = [old_name or None, entered.evidence.name]
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=entered,
                     unit=entered.unit, changes=changes)
    return entered


def _ensure_can_confirm(actor: User | None, entered: EnteredValue) -> None:
    if actor is None:
        return
    if not permissions.can_post(actor, entered.unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may confirm "
                                 "or return its figures.") % {"unit": entered.unit.name})
    if entered.entered_by_id == actor.pk:
        raise PermissionDenied(_("You entered this figure yourself; another officer must "
                                 "confirm it."))


@transaction.atomic
def entered_value_confirm(*, actor: User | None, entered: EnteredValue) -> EnteredValue:
    entered = EnteredValue.objects.select_for_update().get(pk=entered.pk)
    _ensure_can_confirm(actor, entered)
    if entered.status != EnteredValue.Status.ENTERED:
        raise ValidationError(_("Only a figure awaiting confirmation can be confirmed."),
                              code="not_entered")
    changes = model_update(instance=entered, fields=["status", "confirmed_by", "confirmed_at"],
                           data={"status": EnteredValue.Status.CONFIRMED,
                                 "confirmed_by": actor, "confirmed_at": timezone.now()})
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=entered,
                 unit=entered.unit, changes=changes, note=_("confirmed"))
    return entered


@transaction.atomic
def entered_value_return(*, actor: User | None, entered: EnteredValue,
                         reason: str) -> EnteredValue:
    """Returns a figure to the unit with a reason (also a confirmed one found to be wrong)."""
    entered = EnteredValue.objects.select_for_update().get(pk=entered.pk)
    if entered.status == EnteredValue.Status.ENTERED:
        _ensure_can_confirm(actor, entered)
    else:
        permissions.ensure_can_post(actor, entered.unit)
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the figure is returned, so the unit can "
                                           "correct it.")}, code="no_reason")
    if entered.status == EnteredValue.Status.REJECTED:
        raise ValidationError(_("This figure has already been returned."), code="returned")
    changes = model_update(
        instance=entered, fields=["status", "return_reason", "confirmed_by", "confirmed_at"],
        data={"status": EnteredValue.Status.REJECTED, "return_reason": reason[:300],
              "confirmed_by": None, "confirmed_at": None})
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=entered,
                 unit=entered.unit, changes=changes, note=reason)
    return entered
