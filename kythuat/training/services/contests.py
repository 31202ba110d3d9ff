"""Contests (hội thi, hội thao): set up with their events, results entered per person or unit
team, each with its placing and prize."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.people.models import Person

from ..models import Contest, ContestEntry, ContestEvent, ContestLevel, Prize
from .common import dates, is_within, line, text

CONTEST_FIELDS = ["unit", "level", "kind", "name", "held_on", "ends_on", "place"]
ENTRY_FIELDS = ["event", "person", "unit", "score", "placing", "prize"]
MAX_EVENTS = 30


@transaction.atomic
def contest_create(*, actor: User | None, unit: Unit, level: ContestLevel, name: str,
                   held_on: dt.date, ends_on: dt.date | None = None,
                   kind: str = Contest.Kind.CONTEST, place: str = "", note: str = "",
                   events: Iterable[str] = ()) -> Contest:
    permissions.ensure_can_draft(actor, unit)
    name = line(name, 300)
    if not name:
        raise ValidationError({"name": _("Enter the name of the contest, e.g. “Hội thi thợ "
                                         "sửa chữa giỏi”.")}, code="name_missing")
    if level is None:
        raise ValidationError({"level": _("Choose the level of the contest.")},
                              code="level_missing")
    if kind not in Contest.Kind.values:
        raise ValidationError({"kind": _("Choose contest or technical games.")},
                              code="kind_invalid")
    ends_on = ends_on or held_on
    dates(held_on, ends_on, start_field="held_on", end_field="ends_on")
    names = [line(e, 200) for e in events if line(e, 200)]
    if len(set(names)) != len(names):
        raise ValidationError({"events": _("An event is named twice; give each event its own "
                                           "name.")}, code="event_duplicate")
    if len(names) > MAX_EVENTS:
        raise ValidationError({"events": _("A contest has at most %(count)s events.")
                                         % {"count": MAX_EVENTS}}, code="events_too_many")
    contest = Contest.objects.create(unit=unit, level=level, kind=kind, name=name,
                                     held_on=held_on, ends_on=ends_on,
                                     place=line(place, 200), note=text(note))
    ContestEvent.objects.bulk_create([ContestEvent(contest=contest, name=n, order=i)
                                      for i, n in enumerate(names, start=1)])
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=contest, unit=unit,
                 changes={**audit.snapshot(contest, CONTEST_FIELDS), "events": [None, names]})
    return contest


@transaction.atomic
def contest_event_add(*, actor: User | None, contest: Contest, name: str) -> ContestEvent:
    permissions.ensure_can_draft(actor, contest.unit)
    name = line(name, 200)
    if not name:
        raise ValidationError({"name": _("Enter the name of the event.")},
                              code="name_missing")
    if contest.events.filter(name=name).exists():
        raise ValidationError({"name": _("The contest already has the event “%(name)s”.")
                                       % {"name": name}}, code="event_duplicate")
    event = ContestEvent.objects.create(contest=contest, name=name,
                                        order=contest.events.count() + 1)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=contest,
                 unit=contest.unit, changes={"events": [None, name]})
    return event


def _score(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": _("Enter the score as a number, e.g. 9,5.")},
                              code="score_invalid") from None
    if score < 0 or score >= 10000:
        raise ValidationError({"score": _("A score is from 0 to 9999.")},
                              code="score_out_of_range")
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def contest_entry_add(*, actor: User | None, contest: Contest, person: Person | None = None,
                      team: Unit | None = None, event: ContestEvent | None = None,
                      score=None, placing: int | None = None, prize: Prize | None = None,
                      note: str = "") -> ContestEntry:
    """A result: of a person (who competes for their unit) or of a unit's team."""
    permissions.ensure_can_draft(actor, contest.unit)
    if (person is None) == (team is None):
        raise ValidationError({"person": _("Choose either a person or a unit's team.")},
                              code="participant_missing")
    unit = person.unit if person is not None else team
    if not is_within(contest.unit, unit):
        raise ValidationError({"person" if person else "team": _(
            "%(unit)s is not under %(organiser)s, which organises the contest; only its units "
            "and their people take part.") % {"unit": unit.name,
                                              "organiser": contest.unit.name}},
            code="participant_outside")
    if event is not None and event.contest_id != contest.pk:
        raise ValidationError({"event": _("Choose an event of this contest.")},
                              code="event_other_contest")
    if placing is not None and int(placing) < 1:
        raise ValidationError({"placing": _("A placing is 1 or more.")},
                              code="placing_invalid")
    value = _score(score)
    same = contest.entries.filter(event=event)
    same = same.filter(person=person) if person else same.filter(person__isnull=True, unit=team)
    if same.exists():
        who = str(person) if person else _("The team of %(unit)s") % {"unit": team.name}
        raise ValidationError({"person" if person else "team": _(
            "%(who)s already has a result in %(event)s; change that result instead.")
            % {"who": who, "event": event.name if event else _("the whole contest")}},
            code="entry_duplicate")
    entry = ContestEntry.objects.create(contest=contest, event=event, person=person, unit=unit,
                                        score=value, placing=placing, prize=prize,
                                        note=line(note, 300))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=entry,
                 unit=contest.unit, changes=audit.snapshot(entry, ENTRY_FIELDS))
    return entry


@transaction.atomic
def contest_entry_remove(*, actor: User | None, entry: ContestEntry) -> None:
    permissions.ensure_can_draft(actor, entry.contest.unit)
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=entry,
                 unit=entry.contest.unit)
    entry.delete()
