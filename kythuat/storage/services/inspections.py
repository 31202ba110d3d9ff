"""Inspections of facilities: recorded with their findings and a deadline, closed once fixed."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import User

from ..models import Facility, Inspection

INSPECTION_FIELDS = ["inspected_on", "inspector", "findings", "fix_deadline"]


def _check(*, inspected_on: dt.date | None, fix_deadline: dt.date | None,
           inspector: str) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if inspected_on is None:
        errors["inspected_on"] = _("Enter the inspection date.")
    elif inspected_on > today:
        errors["inspected_on"] = _("The inspection date cannot be in the future.")
    elif fix_deadline is not None and fix_deadline < inspected_on:
        errors["fix_deadline"] = _(
            "The deadline for fixes (%(deadline)s) cannot be before the inspection date "
            "(%(date)s).") % {"deadline": f"{fix_deadline:%d/%m/%Y}",
                              "date": f"{inspected_on:%d/%m/%Y}"}
    if not inspector.strip():
        errors["inspector"] = _("Enter who inspected the facility.")
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def inspection_create(*, actor: User | None, facility: Facility, inspected_on: dt.date,
                      inspector: str, findings: str = "",
                      fix_deadline: dt.date | None = None) -> Inspection:
    permissions.ensure_can_post(actor, facility.owner_unit)
    inspector = nfc(inspector).strip()
    _check(inspected_on=inspected_on, fix_deadline=fix_deadline, inspector=inspector)
    inspection = Inspection(facility=facility, inspected_on=inspected_on, inspector=inspector,
                            findings=nfc(findings).strip(), fix_deadline=fix_deadline)
    inspection.full_clean()
    inspection.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=inspection,
                 unit=facility.owner_unit,
                 changes=audit.snapshot(inspection, ["facility", *INSPECTION_FIELDS]))
    return inspection


def _ensure_open(inspection: Inspection) -> None:
    if not inspection.is_open:
        raise ValidationError(
            _("This inspection was closed on %(date)s; a closed inspection is not changed.")
            % {"date": f"{inspection.closed_on:%d/%m/%Y}"}, code="closed")


@transaction.atomic
def inspection_update(*, actor: User | None, inspection: Inspection,
                      data: dict[str, Any]) -> Inspection:
    permissions.ensure_can_post(actor, inspection.facility.owner_unit)
    _ensure_open(inspection)
    data = {key: nfc(value).strip() if isinstance(value, str) else value
            for key, value in data.items() if key in INSPECTION_FIELDS}
    merged = {field: data.get(field, getattr(inspection, field)) for field in INSPECTION_FIELDS}
    _check(inspected_on=merged["inspected_on"], fix_deadline=merged["fix_deadline"],
           inspector=merged["inspector"])
    changes = model_update(instance=inspection, fields=INSPECTION_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=inspection,
                     unit=inspection.facility.owner_unit, changes=changes)
    return inspection


@transaction.atomic
def inspection_close(*, actor: User | None, inspection: Inspection, closed_on: dt.date,
                     note: str = "") -> Inspection:
    """Marks the findings of an inspection as dealt with."""
    permissions.ensure_can_post(actor, inspection.facility.owner_unit)
    _ensure_open(inspection)
    if closed_on is None:
        raise ValidationError({"closed_on": _("Enter the closing date.")}, code="invalid")
    if closed_on < inspection.inspected_on:
        raise ValidationError({"closed_on": _(
            "An inspection cannot be closed (%(closed)s) before the date it took place "
            "(%(date)s).") % {"closed": f"{closed_on:%d/%m/%Y}",
                              "date": f"{inspection.inspected_on:%d/%m/%Y}"}},
            code="closed_before_inspection")
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The closing date cannot be in the future.")},
                              code="invalid")
    inspection.closed_on = closed_on
    inspection.closed_by = actor if actor is not None and actor.pk else None
    inspection.closing_note = nfc(note).strip()
    inspection.full_clean()
    inspection.save(update_fields=["closed_on", "closed_by", "closing_note", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CLOSED, target=inspection,
                 unit=inspection.facility.owner_unit,
                 changes={"closed_on": [None, closed_on]}, note=inspection.closing_note)
    return inspection
