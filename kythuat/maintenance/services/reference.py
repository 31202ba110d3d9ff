"""Plans per equipment type and the units' technical calendars."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import CalendarEntry, Frequency, MaintenancePlan
from .due import due_refresh_plan

PLAN_FIELDS = ["type", "kind", "interval_months", "interval_days", "meter_kind",
               "interval_meter", "is_active", "note"]
CALENDAR_FIELDS = ["name", "frequency", "weekday", "day_of_month", "start_time", "end_time",
                   "content", "applies_below", "valid_from", "valid_to"]


def _check_plan(plan: MaintenancePlan) -> None:
    errors: dict[str, str] = {}
    if not (plan.interval_months or plan.interval_days or plan.interval_meter):
        errors["interval_months"] = _("Give an interval by time (months or days), by meter, or "
                                      "both; the maintenance falls due at whichever comes first.")
    if plan.interval_meter is not None and plan.interval_meter <= 0:
        errors["interval_meter"] = _("The interval on the meter must be greater than 0.")
    elif plan.interval_meter and plan.meter_kind_id is None:
        errors["meter_kind"] = _("Choose the meter the interval is counted on.")
    if plan.meter_kind_id and not plan.interval_meter:
        errors["interval_meter"] = _("Give the interval on the meter, or leave the meter empty.")
    if errors:
        raise ValidationError(errors)
    if MaintenancePlan.objects.filter(type=plan.type, kind=plan.kind).exclude(
            pk=plan.pk).exists():
        raise ValidationError({"kind": _("%(type)s already has a plan of %(kind)s; change that "
                                         "plan instead.") % {"type": plan.type.name,
                                                             "kind": plan.kind.name}})


@transaction.atomic
def plan_create(*, actor: User | None, **data: Any) -> MaintenancePlan:
    """A maintenance norm for an equipment type, set by whoever owns the type."""
    permissions.ensure_can_manage_catalog(actor)
    plan = MaintenancePlan(**data)
    permissions.ensure_can_edit_type_data(actor, plan.type.owner_unit)
    plan.note = nfc(plan.note)
    _check_plan(plan)
    plan.full_clean()
    plan.save()
    due_refresh_plan(plan)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=plan,
                 changes=audit.snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def plan_update(*, actor: User | None, plan: MaintenancePlan,
                data: dict[str, Any]) -> MaintenancePlan:
    permissions.ensure_can_manage_catalog(actor)
    permissions.ensure_can_edit_type_data(actor, plan.type.owner_unit)
    if "type" in data and data["type"] != plan.type:
        permissions.ensure_can_edit_type_data(actor, data["type"].owner_unit)
    probe = MaintenancePlan(pk=plan.pk, **{f: data.get(f, getattr(plan, f)) for f in PLAN_FIELDS})
    _check_plan(probe)
    changes = model_update(instance=plan, fields=PLAN_FIELDS, data=data)
    if changes:
        due_refresh_plan(plan)
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=plan,
                     changes=changes)
    return plan


def _plain_times(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Times as text: the audit log stores JSON, which has no time type."""
    return {field: [v.strftime("%H:%M") if isinstance(v, dt.time) else v for v in values]
            for field, values in changes.items()}


def _check_entry(entry: CalendarEntry) -> None:
    errors: dict[str, str] = {}
    if entry.frequency == Frequency.WEEKLY and entry.weekday is None:
        errors["weekday"] = _("Choose the day of the week.")
    if entry.frequency == Frequency.MONTHLY and not (entry.day_of_month
                                                     and 1 <= entry.day_of_month <= 31):
        errors["day_of_month"] = _("Give the day of the month, from 1 to 31.")
    if entry.start_time and entry.end_time and entry.end_time <= entry.start_time:
        errors["end_time"] = _("The end time must be after the start time.")
    if entry.valid_to and entry.valid_to < entry.valid_from:
        errors["valid_to"] = _("The end of validity must not be before its start.")
    if errors:
        raise ValidationError(errors)
    if entry.frequency != Frequency.WEEKLY:
        entry.weekday = None
    if entry.frequency != Frequency.MONTHLY:
        entry.day_of_month = None


@transaction.atomic
def calendar_entry_create(*, actor: User | None, unit: Unit, **data: Any) -> CalendarEntry:
    """A recurring activity of a unit's technical calendar (ngày kỹ thuật, giờ kỹ thuật)."""
    permissions.ensure_can_post(actor, unit)
    entry = CalendarEntry(unit=unit, **data)
    entry.name, entry.content = nfc(entry.name), nfc(entry.content)
    _check_entry(entry)
    entry.full_clean()
    entry.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=entry, unit=unit,
                 changes=_plain_times(audit.snapshot(entry, CALENDAR_FIELDS)))
    return entry


@transaction.atomic
def calendar_entry_update(*, actor: User | None, entry: CalendarEntry,
                          data: dict[str, Any]) -> CalendarEntry:
    permissions.ensure_can_post(actor, entry.unit)
    probe = CalendarEntry(unit=entry.unit, **{f: data.get(f, getattr(entry, f))
                                              for f in CALENDAR_FIELDS})
    _check_entry(probe)
    data = {**data, "weekday": probe.weekday, "day_of_month": probe.day_of_month}
    changes = model_update(instance=entry, fields=CALENDAR_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=entry,
                     unit=entry.unit, changes=_plain_times(changes))
    return entry


@transaction.atomic
def calendar_entry_delete(*, actor: User | None, entry: CalendarEntry) -> None:
    permissions.ensure_can_post(actor, entry.unit)
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=entry, unit=entry.unit)
    entry.delete()
