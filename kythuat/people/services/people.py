"""A person's record: created with a first assignment, moved between units by an order (the
history is never overwritten), edited, and ended on leaving the service."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org.models import Unit, User

from ..models import Assignment, Person, PersonCategory
from .common import day_text, ensure_in_subtree, line, not_future, required_day

FIELDS = ["full_name", "rank", "category", "date_of_birth", "position", "note"]


def _clean(values: dict, *, started_on: dt.date | None = None) -> dict:
    cleaned = dict(values)
    for name, limit in (("full_name", 120), ("rank", 60), ("position", 150), ("note", 300)):
        if name in cleaned:
            cleaned[name] = line(cleaned[name], limit)
    if "full_name" in cleaned and not cleaned["full_name"]:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    if "category" in cleaned:
        category = cleaned["category"]
        if not isinstance(category, PersonCategory):
            raise ValidationError({"category": _("Choose the person's category.")})
    born = cleaned.get("date_of_birth")
    not_future(born, "date_of_birth", _("The date of birth"))
    if born is not None and born.year < 1930:
        raise ValidationError({"date_of_birth": _(
            "The date of birth %(date)s is too early; check the year.")
            % {"date": day_text(born)}})
    if born is not None and started_on is not None and started_on < born:
        raise ValidationError({"started_on": _(
            "The assignment starts before the date of birth; check both dates.")})
    return cleaned


@transaction.atomic
def person_create(*, actor: User | None, unit: Unit, full_name: str, category: PersonCategory,
                  started_on: dt.date, rank: str = "", date_of_birth: dt.date | None = None,
                  position: str = "", order_number: str = "", note: str = "",
                  user: User | None = None) -> Person:
    """A person serving in `unit` from `started_on` (the first assignment)."""
    ensure_in_subtree(actor, unit)
    required_day(started_on, "started_on", _("the date the person joined the unit"))
    not_future(started_on, "started_on", _("The start of the assignment"))
    values = _clean({"full_name": full_name, "rank": rank, "category": category,
                     "date_of_birth": date_of_birth, "position": position, "note": note},
                    started_on=started_on)
    if user is not None and actor is not None and not User.objects.filter(
            pk=user.pk, unit__in=Unit.objects.visible_to(actor)).exists():
        raise ValidationError({"user": _("Choose a login of your unit or a unit under it.")})
    person = Person(unit=unit, user=user, **values)
    person.full_clean()
    person.save()
    Assignment.objects.create(person=person, unit=unit, position=values["position"],
                              started_on=started_on, order_number=line(order_number, 60))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=person, unit=unit,
                 changes={**audit.snapshot(person, FIELDS), "unit": [None, unit.name]})
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, data: dict) -> Person:
    """Changes the person's particulars (not the unit: that is a move)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_in_subtree(actor, person.unit)
    first = person.assignments.order_by("started_on").first()
    values = _clean({k: v for k, v in data.items() if k in FIELDS},
                    started_on=first.started_on if first else None)
    changes = {}
    for name, value in values.items():
        old = getattr(person, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None,
                             str(value) if value is not None else None]
            setattr(person, name, value)
    if not changes:
        return person
    person.full_clean()
    person.save()
    if "position" in changes:
        person.assignments.filter(ended_on__isnull=True).update(position=person.position)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=person,
                 unit=person.unit, changes=changes)
    return person


def _open_assignment(person: Person) -> Assignment:
    current = (Assignment.objects.select_for_update().filter(person=person, ended_on__isnull=True)
               .first())
    if current is None or not person.is_active:
        raise ValidationError(_("%(person)s no longer serves; a person who has left cannot be "
                                "moved or leave again.") % {"person": person})
    return current


@transaction.atomic
def person_move(*, actor: User | None, person: Person, unit: Unit, started_on: dt.date,
                order_number: str, position: str = "") -> Assignment:
    """Moves the person to `unit` by an order from `started_on`: the current assignment ends
    the day before, a new one opens; nothing earlier is rewritten."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_in_subtree(actor, person.unit)
    ensure_in_subtree(actor, unit)
    required_day(started_on, "started_on", _("the date of the move"))
    not_future(started_on, "started_on", _("The date of the move"))
    order_number = line(order_number, 60)
    if not order_number:
        raise ValidationError({"order_number": _(
            "Enter the number of the order that moves the person.")})
    current = _open_assignment(person)
    if started_on <= current.started_on:
        raise ValidationError({"started_on": _(
            "The current assignment to %(unit)s started on %(date)s; a move must be dated "
            "after that day.") % {"unit": current.unit.name, "date": day_text(current.started_on)}})
    if unit.pk == current.unit_id and not line(position, 150):
        raise ValidationError({"unit": _(
            "%(person)s already serves in %(unit)s; choose another unit or enter the new "
            "position.") % {"person": person, "unit": unit.name}})
    current.ended_on = started_on - dt.timedelta(days=1)
    current.save(update_fields=["ended_on", "updated_at"])
    position = line(position, 150) or person.position
    new = Assignment.objects.create(person=person, unit=unit, position=position,
                                    started_on=started_on, order_number=order_number)
    old_unit = person.unit
    person.unit = unit
    person.position = position
    person.save(update_fields=["unit", "position", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=person, unit=unit,
                 changes={"unit": [old_unit.name, unit.name],
                          "order": [None, f"{order_number} {day_text(started_on)}"]})
    return new


@transaction.atomic
def person_leave(*, actor: User | None, person: Person, left_on: dt.date,
                 reason: str = "") -> Person:
    """The end of service (retirement, discharge, transfer out of the army's records): the
    assignment closes on `left_on`; the record and its history stay."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_in_subtree(actor, person.unit)
    required_day(left_on, "left_on", _("the date the person left"))
    not_future(left_on, "left_on", _("The date of leaving"))
    current = _open_assignment(person)
    if left_on < current.started_on:
        raise ValidationError({"left_on": _(
            "The current assignment started on %(date)s; the person cannot leave before it.")
            % {"date": day_text(current.started_on)}})
    current.ended_on = left_on
    current.save(update_fields=["ended_on", "updated_at"])
    person.is_active = False
    reason = line(reason, 200)
    if reason:
        person.note = line(f"{person.note} {reason}".strip(), 300)
    person.save(update_fields=["is_active", "note", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=person,
                 unit=person.unit, changes={"is_active": [True, False],
                                            "left_on": [None, day_text(left_on)]})
    return person
