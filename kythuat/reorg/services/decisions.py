"""Writing a decision: its header, its changes and successor rules, announcing, cancelling."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import Change, Reorganisation, Succession

HEADER_FIELDS = ["issuer", "number", "title", "signed_on", "effective_on", "users"]


def ensure_can_edit(actor: User | None, decision: Reorganisation) -> None:
    if actor is not None and not permissions.can_post(actor, decision.issuer):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may change "
                                 "this decision.") % {"unit": decision.issuer.name})


def ensure_in_scope(actor: User | None, units: Iterable[Unit | None], field: str = "unit") -> None:
    """Every unit a decision names must be inside the officer's subtree."""
    if actor is None or actor.is_superuser:
        return
    for unit in units:
        if unit is not None and (actor.unit_id is None or not actor.unit.contains(unit)):
            raise ValidationError(
                {field: _("%(unit)s is outside the units you manage; a decision of a unit "
                          "above yours must name it.") % {"unit": unit.name}},
                code="outside_scope")


def _ensure_editable(decision: Reorganisation) -> None:
    if not decision.is_editable:
        raise ValidationError(_("Decision %(number)s is %(status)s; it can no longer be "
                                "changed.") % {"number": decision.number,
                                               "status": decision.get_status_display()},
                              code="not_editable")


def _check_dates(signed_on: dt.date, effective_on: dt.date) -> None:
    if effective_on < signed_on:
        raise ValidationError({"effective_on": _(
            "The effective date (%(effective)s) is before the date signed (%(signed)s); "
            "correct one of them.") % {"effective": effective_on.strftime("%d/%m/%Y"),
                                       "signed": signed_on.strftime("%d/%m/%Y")}},
            code="effective_before_signed")


@transaction.atomic
def decision_create(*, actor: User | None, issuer: Unit, number: str, title: str,
                    signed_on: dt.date, effective_on: dt.date,
                    users: str = Reorganisation.Users.MOVE) -> Reorganisation:
    decision = Reorganisation(issuer=issuer, number=number.strip(), title=title.strip(),
                              signed_on=signed_on, effective_on=effective_on, users=users,
                              created_by=actor if actor and actor.pk else None)
    ensure_can_edit(actor, decision)
    _check_dates(signed_on, effective_on)
    decision.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=decision, unit=issuer,
                 changes=audit.snapshot(decision, HEADER_FIELDS))
    return decision


@transaction.atomic
def decision_update(*, actor: User | None, decision: Reorganisation,
                    data: dict[str, Any]) -> Reorganisation:
    decision = Reorganisation.objects.select_for_update().get(pk=decision.pk)
    ensure_can_edit(actor, decision)
    _ensure_editable(decision)
    before = {field: getattr(decision, field) for field in HEADER_FIELDS}
    for field, value in data.items():
        if field in HEADER_FIELDS:
            setattr(decision, field, value)
    ensure_can_edit(actor, decision)
    _check_dates(decision.signed_on, decision.effective_on)
    decision.save()
    changes = {f: [before[f], getattr(decision, f)] for f in HEADER_FIELDS
               if before[f] != getattr(decision, f)}
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, changes=changes)
    return decision


def _check_change(change: Change) -> None:
    kind, errors = change.kind, {}
    if kind == Change.Kind.CREATE:
        for field in ("code", "name"):
            if not getattr(change, field).strip():
                errors[field] = _("Enter the code and the name of the new unit.")
        if change.unit_kind_id is None:
            errors["unit_kind"] = _("Choose the kind of the new unit.")
        if change.parent_id is None:
            errors["parent"] = _("Choose the unit the new unit is under.")
        if Unit.objects.filter(code__iexact=change.code.strip()).exists():
            errors["code"] = _("A unit with the code %(code)s already exists; choose another "
                               "code.") % {"code": change.code}
    elif change.unit_id is None:
        errors["unit"] = _("Choose the unit this change is about.")
    if kind == Change.Kind.RENAME and not change.name.strip():
        errors["name"] = _("Enter the new name.")
    if kind == Change.Kind.REPARENT:
        if change.parent_id is None:
            errors["parent"] = _("Choose the new parent unit.")
        elif change.unit_id and change.unit.contains(change.parent):
            errors["parent"] = _("%(parent)s is %(unit)s itself or below it: a unit cannot be "
                                 "put under its own subordinate. Choose a unit outside its "
                                 "branch.") % {"parent": change.parent.name,
                                               "unit": change.unit.name}
    if kind in Change.CLOSING:
        if change.successor_id is None and change.successor_change_id is None:
            errors["successor"] = _("Name the successor: the unit the records and history of "
                                    "%(unit)s go to.") % {"unit": change.unit or "—"}
        elif change.successor_id and change.successor_id == change.unit_id:
            errors["successor"] = _("A unit cannot be its own successor.")
        elif change.successor_id and change.unit_id and change.unit.contains(change.successor):
            errors["successor"] = _("%(successor)s is below %(unit)s and closes with it; choose "
                                    "a unit outside it.") % {"successor": change.successor.name,
                                                             "unit": change.unit.name}
        if (change.successor_change_id
                and change.successor_change.kind != Change.Kind.CREATE):
            errors["successor_change"] = _("Only a unit created by this decision can be named "
                                           "here.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def change_add(*, actor: User | None, decision: Reorganisation, **fields: Any) -> Change:
    """Adds one change to a decision still in draft or announced."""
    decision = Reorganisation.objects.select_for_update().get(pk=decision.pk)
    ensure_can_edit(actor, decision)
    _ensure_editable(decision)
    change = Change(reorganisation=decision, **fields)
    change.position = decision.changes.count() + 1
    for field in ("code", "name", "short_name"):
        setattr(change, field, getattr(change, field).strip())
    ensure_in_scope(actor, [change.unit], "unit")
    ensure_in_scope(actor, [change.parent], "parent")
    ensure_in_scope(actor, [change.successor], "successor")
    if change.successor_change_id and change.successor_change.reorganisation_id != decision.pk:
        raise ValidationError({"successor_change": _("Choose a unit created by this decision.")})
    _check_change(change)
    change.save()
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, note=str(change))
    return change


@transaction.atomic
def change_delete(*, actor: User | None, change: Change) -> None:
    decision = change.reorganisation
    ensure_can_edit(actor, decision)
    _ensure_editable(decision)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, note=_("Removed: %(change)s") % {"change": str(change)})
    change.delete()


@transaction.atomic
def succession_add(*, actor: User | None, change: Change, **fields: Any) -> Succession:
    """Says where one kind of record of a closing unit goes."""
    decision = change.reorganisation
    ensure_can_edit(actor, decision)
    _ensure_editable(decision)
    rule = Succession(change=change, **fields)
    ensure_in_scope(actor, [rule.successor], "successor")
    errors = {}
    if change.kind not in Change.CLOSING:
        errors["change"] = _("Successors are named only for a merge, a split or a "
                             "dissolution.")
    if rule.successor_id is None and rule.successor_change_id is None:
        errors["successor"] = _("Choose the unit these records go to.")
    elif rule.successor_id and rule.successor_id == change.unit_id:
        errors["successor"] = _("The records must go to another unit than the one that "
                                "closes.")
    if rule.successor_change_id and (rule.successor_change.reorganisation_id != decision.pk
                                     or rule.successor_change.kind != Change.Kind.CREATE):
        errors["successor_change"] = _("Choose a unit created by this decision.")
    if rule.records != Succession.Records.HOLDINGS and (rule.type_id or rule.items):
        errors["records"] = _("Only holdings are split by type or by item list.")
    if rule.facility_id and change.unit_id and rule.facility.owner_unit_id != change.unit_id:
        errors["facility"] = _("The facility %(facility)s does not belong to %(unit)s.") % {
            "facility": rule.facility.name, "unit": change.unit.name}
    if errors:
        raise ValidationError(errors)
    rule.items = sorted({int(pk) for pk in rule.items or []})
    rule.save()
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, note=str(rule))
    return rule


@transaction.atomic
def succession_delete(*, actor: User | None, rule: Succession) -> None:
    decision = rule.change.reorganisation
    ensure_can_edit(actor, decision)
    _ensure_editable(decision)
    rule.delete()


@transaction.atomic
def decision_announce(*, actor: User | None, decision: Reorganisation) -> Reorganisation:
    """Announces a draft after checking it could be applied as it stands."""
    from .apply import plan

    decision = Reorganisation.objects.select_for_update().get(pk=decision.pk)
    ensure_can_edit(actor, decision)
    if decision.status != Reorganisation.Status.DRAFT:
        raise ValidationError(_("Only a draft can be announced."), code="not_draft")
    plan(decision, actor=actor)  # raises what would stop it
    decision.status = Reorganisation.Status.ANNOUNCED
    decision.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, changes={"status": ["draft", "announced"]})
    return decision


@transaction.atomic
def decision_cancel(*, actor: User | None, decision: Reorganisation) -> Reorganisation:
    decision = Reorganisation.objects.select_for_update().get(pk=decision.pk)
    ensure_can_edit(actor, decision)
    _ensure_editable(decision)
    before = decision.status
    decision.status = Reorganisation.Status.CANCELLED
    decision.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, changes={"status": [before, "cancelled"]})
    return decision
