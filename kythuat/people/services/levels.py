"""Skill levels: a level is granted or raised by a decision (or an exam's decision), which closes
the level held in the trade the day before; the levels of one trade never overlap in time."""

import datetime as dt
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org.models import User

from ..models import Person, SkillLevel, Trade
from .common import day_text, ensure_in_subtree, line, not_future, required_day


def check_level(trade: Trade, level: object, field: str = "level") -> int:
    try:
        value = int(level)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter the level as a whole number.")}) from None
    if not 1 <= value <= trade.ladder_size:
        raise ValidationError({field: _(
            "%(trade)s has levels 1 to %(size)s; level %(level)s is outside its ladder.")
            % {"trade": trade.name, "size": trade.ladder_size, "level": value}})
    return value


def current_level(person: Person, trade: Trade) -> SkillLevel | None:
    return SkillLevel.objects.filter(person=person, trade=trade, ended_on__isnull=True).first()


def open_level(*, person: Person, trade: Trade, level: int, started_on: dt.date,
               evidence: str) -> SkillLevel:
    """Opens `level` from `started_on`, closing the level held the day before. Refuses a date
    that would make two levels of the trade overlap (the caller holds the transaction)."""
    held = list(SkillLevel.objects.select_for_update().filter(person=person, trade=trade))
    later = [s for s in held if s.started_on >= started_on
             or (s.ended_on is not None and s.ended_on >= started_on)]
    if later:
        clash = max(later, key=lambda s: s.started_on)
        raise ValidationError({"started_on": _(
            "%(person)s already holds level %(level)s of %(trade)s from %(start)s; the levels "
            "of one trade cannot overlap in time. Date the new level after %(start)s.") % {
            "person": person, "level": clash.level, "trade": trade.name,
            "start": day_text(clash.started_on)}})
    current = next((s for s in held if s.ended_on is None), None)
    if current is not None:
        current.ended_on = started_on - dt.timedelta(days=1)
        current.save(update_fields=["ended_on", "updated_at"])
    return SkillLevel.objects.create(person=person, trade=trade, level=level,
                                     started_on=started_on, evidence=line(evidence, 200))


def _checked(actor, person, trade, level, started_on, evidence) -> tuple[Person, int, str]:
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_in_subtree(actor, person.unit)
    if not person.is_active:
        raise ValidationError(_("%(person)s no longer serves; a level cannot be granted.")
                              % {"person": person})
    if not isinstance(trade, Trade):
        raise ValidationError({"trade": _("Choose the trade.")})
    level = check_level(trade, level)
    required_day(started_on, "started_on", _("the date the level applies from"))
    not_future(started_on, "started_on", _("The date of the level"))
    evidence = line(evidence, 200)
    if not evidence:
        raise ValidationError({"evidence": _(
            "Enter the decision that grants the level (number and date); a level is granted "
            "only by a decision or an exam.")})
    return person, level, evidence


@transaction.atomic
def skill_level_grant(*, actor: User | None, person: Person, trade: Trade, level: int,
                      started_on: dt.date, evidence: str) -> SkillLevel:
    """The first level of a person in a trade (recognised on recruitment or transfer), by a
    decision."""
    person, level, evidence = _checked(actor, person, trade, level, started_on, evidence)
    held = current_level(person, trade)
    if held is not None:
        raise ValidationError({"trade": _(
            "%(person)s already holds level %(level)s of %(trade)s; raise the level instead.")
            % {"person": person, "level": held.level, "trade": trade.name}})
    record = open_level(person=person, trade=trade, level=level, started_on=started_on,
                        evidence=evidence)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=record,
                 unit=person.unit, changes={"level": [None, f"{trade.name} {level}"],
                                            "evidence": [None, evidence]})
    return record


@transaction.atomic
def skill_level_raise(*, actor: User | None, person: Person, trade: Trade, level: int,
                      started_on: dt.date, evidence: str) -> SkillLevel:
    """A higher level in a trade the person holds, by a decision (exams take theirs through
    the exam session's decision)."""
    person, level, evidence = _checked(actor, person, trade, level, started_on, evidence)
    held = current_level(person, trade)
    if held is None:
        raise ValidationError({"trade": _(
            "%(person)s holds no level of %(trade)s yet; grant a first level instead.")
            % {"person": person, "trade": trade.name}})
    if level <= held.level:
        raise ValidationError({"level": _(
            "%(person)s already holds level %(held)s of %(trade)s; a raise must be to a higher "
            "level.") % {"person": person, "held": held.level, "trade": trade.name}})
    record = open_level(person=person, trade=trade, level=level, started_on=started_on,
                        evidence=evidence)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=record,
                 unit=person.unit, changes={"level": [f"{trade.name} {held.level}",
                                                      f"{trade.name} {level}"],
                                            "evidence": [None, evidence]})
    return record


def levels_overlap(person: Person, trade: Trade) -> bool:
    """True when two levels of the trade share a day (never, if every write went through the
    services)."""
    rows = list(SkillLevel.objects.filter(person=person, trade=trade).order_by("started_on"))
    return any(b.started_on <= (a.ended_on or dt.date.max) for a, b in pairwise(rows))


def open_levels_on(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
