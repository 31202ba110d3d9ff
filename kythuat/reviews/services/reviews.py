"""Writes of the review events: the review (kind, directives, period, conference), its status,
its steering committee and secretariat, and its plan (which units below report by when). Each is
one transaction with its audit row; a refused write changes nothing. Who may write: draft rights
on the reviewing unit; the units of the plan see the review but do not change it."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc, strip_control
from kythuat.directives.models import Directive
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import CommitteeMember, PlanEntry, Report, Review, ReviewKind

REVIEW_FIELDS = ["kind", "title", "period_start", "period_end", "conference_date",
                 "conference_place", "note"]
# Once the central report is issued its figures are frozen for this period and these
# directives, so they no longer change; the conference's date, place and the note still may.
FROZEN_FIELDS = ["kind", "title", "period_start", "period_end"]
MEMBER_FIELDS = ["body", "name", "rank", "position", "role", "order"]
PLAN_FIELDS = ["deadline", "note"]
EARLIEST = dt.date(1945, 9, 2)
MAX_YEARS = 30  # the longest review (tổng kết 15, 20 năm …) with room to spare
DEADLINE_AFTER_END_DAYS = 366  # a plan's reports are due at most a year after the period
Status = Review.Status
ORDER = [Status.PLANNED, Status.COLLECTING, Status.DRAFTING, Status.ISSUED, Status.HELD]
FROZEN = (Status.ISSUED, Status.HELD)  # the central report is issued


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _line(value: Any, limit: int) -> str:
    return " ".join(strip_control(nfc(str(value or ""))).split())[:limit]


def can_edit(user: User | None, review: Review) -> bool:
    """Whether the user may change the review, its committee and its plan."""
    return user is None or permissions.can_draft(user, review.unit)


def ensure_can_edit(actor: User | None, unit: Unit) -> None:
    if actor is not None and not permissions.can_draft(actor, unit):
        raise PermissionDenied(_(
            "Only the staff of %(unit)s or of a unit above it may change this review; the "
            "units of its plan see it and make their own reports.") % {"unit": unit.name})


# Reviews -----------------------------------------------------------------------------------

def _clean(values: dict[str, Any], *, actor: User | None, review: Review | None = None
           ) -> dict[str, Any]:
    kind: ReviewKind | None = values.get("kind")
    start, end = values.get("period_start"), values.get("period_end")
    conference = values.get("conference_date")
    values["title"] = _line(values.get("title"), 300)
    values["conference_place"] = _line(values.get("conference_place"), 200)
    values["note"] = strip_control(nfc(str(values.get("note") or ""))).strip()
    errors: dict[str, str] = {}
    if kind is None:
        errors["kind"] = _("Choose the kind of review (annual, sơ kết, tổng kết …).")
    elif not kind.is_active and (review is None or review.kind_id != kind.pk):
        errors["kind"] = _("The kind %(kind)s is no longer in use; choose another kind.") % {
            "kind": kind.name}
    if not values["title"]:
        errors["title"] = _("Enter the title of the review, e.g. Tổng kết 15 năm thực hiện "
                            "Nghị quyết 382-NQ/ĐUQSTW.")
    if start is None:
        errors["period_start"] = _("Enter the first day of the period the review covers.")
    if end is None:
        errors["period_end"] = _("Enter the last day of the period the review covers.")
    if errors:
        raise ValidationError(errors)
    if end < start:
        raise ValidationError({"period_end": _(
            "The period ends (%(end)s) before it starts (%(start)s); choose an end date on or "
            "after the start date.") % {"end": _date(end), "start": _date(start)}})
    if start < EARLIEST or (end - start).days > MAX_YEARS * 366:
        raise ValidationError({"period_start": _(
            "A review covers at most %(years)s years from 1945 on; check the years of the "
            "period.") % {"years": MAX_YEARS}})
    if conference is not None and conference < start:
        raise ValidationError({"conference_date": _(
            "The conference (%(day)s) cannot be held before the period starts (%(start)s); "
            "check the date of the conference.") % {"day": _date(conference),
                                                    "start": _date(start)}})
    if conference is not None and (conference - end).days > DEADLINE_AFTER_END_DAYS:
        raise ValidationError({"conference_date": _(
            "The conference (%(day)s) is more than a year after the period ends (%(end)s); "
            "check the date of the conference.") % {"day": _date(conference),
                                                    "end": _date(end)}})
    return values


def _check_directives(actor: User | None, directives: list[Directive]) -> None:
    if actor is None or not directives:
        return
    seen = set(Directive.objects.visible_to(actor).filter(
        pk__in=[d.pk for d in directives]).values_list("pk", flat=True))
    for directive in directives:
        if directive.pk not in seen:
            raise ValidationError({"directives": _(
                "Choose directives that you can see (issued by your unit, a unit above it or "
                "a unit below it); directive %(id)s is not among them.") % {"id": directive.pk}})


@transaction.atomic
def review_create(*, actor: User | None, unit: Unit, kind: ReviewKind, title: str,
                  period_start: dt.date, period_end: dt.date,
                  conference_date: dt.date | None = None, conference_place: str = "",
                  note: str = "", directives: Iterable[Directive] = ()) -> Review:
    if actor is not None and not Unit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose your unit or a unit below it as the "
                                         "reviewing unit.")})
    ensure_can_edit(actor, unit)
    values = _clean({"kind": kind, "title": title, "period_start": period_start,
                     "period_end": period_end, "conference_date": conference_date,
                     "conference_place": conference_place, "note": note}, actor=actor)
    directives = list(directives)
    _check_directives(actor, directives)
    review = Review(unit=unit, created_by=actor if actor is not None and actor.pk else None,
                    **values)
    review.full_clean()
    review.save()
    review.directives.set(directives)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=review, unit=unit,
                 changes={**audit.snapshot(review, ["kind", "title", "period_start",
                                                    "period_end", "conference_date"]),
                          "directives": [None, [d.number_symbol for d in directives]]})
    return review


@transaction.atomic
def review_update(*, actor: User | None, review: Review, data: dict[str, Any]) -> Review:
    """Changes the review's data; `directives` in `data` replaces the directives reviewed."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    ensure_can_edit(actor, review.unit)
    current = {name: getattr(review, name) for name in REVIEW_FIELDS}
    merged = {**current, **{k: v for k, v in data.items() if k in REVIEW_FIELDS}}
    values = _clean(merged, actor=actor, review=review)
    old_directives = list(review.directives.order_by("issued_on", "pk"))
    new_directives = list(data["directives"]) if "directives" in data else old_directives
    if review.status in FROZEN:
        changed = [name for name in FROZEN_FIELDS if values[name] != current[name]]
        if changed or {d.pk for d in new_directives} != {d.pk for d in old_directives}:
            raise ValidationError(_(
                "The central report of this review has been issued with its figures for this "
                "period and these directives; the kind, title, period and directives can no "
                "longer change. Only the conference's date and place and the note may."))
    if "directives" in data:
        _check_directives(actor, [d for d in new_directives
                                  if d.pk not in {o.pk for o in old_directives}])
    changes = model_update(instance=review, fields=REVIEW_FIELDS, data=values)
    if {"period_start", "period_end", "conference_date"} & set(changes):
        for entry in review.plan_entries.select_related("unit"):  # they must stay inside
            _check_deadline(review, entry.deadline, entry.unit)
    if {d.pk for d in new_directives} != {d.pk for d in old_directives}:
        review.directives.set(new_directives)
        changes["directives"] = [[d.number_symbol for d in old_directives],
                                 [d.number_symbol for d in new_directives]]
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=review,
                     unit=review.unit, changes=changes)
    return review


def status_choices_for(review: Review) -> list[tuple[str, str]]:
    """The statuses a user may set by hand from the current one."""
    allowed = {Status.ISSUED: [Status.HELD], Status.HELD: []}.get(
        review.status, [Status.PLANNED, Status.COLLECTING, Status.DRAFTING])
    return [(value, label) for value, label in Status.choices
            if value in allowed and value != review.status]


@transaction.atomic
def review_status_set(*, actor: User | None, review: Review, status: str,
                      note: str = "") -> Review:
    """Planned → collecting reports → drafting the central report → (report issued, set by the
    issuing of the central report) → conference held. Going back before the report is issued
    needs a reason; once issued the review only goes on to "held"."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    ensure_can_edit(actor, review.unit)
    note = _line(note, 500)
    if status not in Status.values:
        raise ValidationError({"status": _(
            "Choose the status among: planned, collecting reports, drafting the central "
            "report, conference held.")})
    if status == review.status:
        raise ValidationError({"status": _("The review already has this status.")})
    if status == Status.ISSUED:
        raise ValidationError({"status": _(
            "The status “report issued” is set when the central report is issued; issue the "
            "central report from its page.")})
    if status == Status.HELD and review.status != Status.ISSUED:
        raise ValidationError({"status": _(
            "The conference can be marked as held only after the central report has been "
            "issued; issue the central report first.")})
    if review.status in FROZEN and status != Status.HELD:
        raise ValidationError({"status": _(
            "The central report has been issued; the review can only go on to “conference "
            "held”.")})
    if ORDER.index(status) < ORDER.index(review.status) and not note:
        raise ValidationError({"note": _(
            "Going back to an earlier status needs a reason; enter why in the reason field.")})
    changes = {"status": [review.status, status]}
    review.status = status
    review.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=review,
                 unit=review.unit, changes=changes, note=note)
    return review


# Steering committee and secretariat --------------------------------------------------------

def _clean_member(values: dict[str, Any], *, review: Review) -> dict[str, Any]:
    cleaned = {"name": _line(values.get("name"), 100), "rank": _line(values.get("rank"), 40),
               "position": _line(values.get("position"), 150),
               "role": _line(values.get("role"), 80), "body": values.get("body")}
    errors = {}
    if cleaned["body"] not in CommitteeMember.Body.values:
        errors["body"] = _("Choose whether the person is on the steering committee or in its "
                           "secretariat.")
    if not cleaned["name"]:
        errors["name"] = _("Enter the member's full name.")
    if not cleaned["role"]:
        errors["role"] = _("Enter the member's role, e.g. Trưởng ban, Phó Trưởng ban, "
                           "Thành viên, Tổ trưởng.")
    if errors:
        raise ValidationError(errors)
    last = (review.members.filter(body=cleaned["body"]).order_by("-order")
            .values_list("order", flat=True).first())
    cleaned["order"] = values["order"] if values.get("order") is not None else (last or 0) + 10
    return cleaned


@transaction.atomic
def member_add(*, actor: User | None, review: Review, name: str, role: str,
               body: str = CommitteeMember.Body.COMMITTEE, rank: str = "", position: str = "",
               order: int | None = None, person=None) -> CommitteeMember:
    ensure_can_edit(actor, review.unit)
    values = _clean_member({"name": name, "role": role, "body": body, "rank": rank,
                            "position": position, "order": order}, review=review)
    member = CommitteeMember(review=review, person=person, **values)
    member.full_clean()
    member.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=member,
                 unit=review.unit, changes=audit.snapshot(member, MEMBER_FIELDS))
    return member


@transaction.atomic
def member_update(*, actor: User | None, member: CommitteeMember,
                  data: dict[str, Any]) -> CommitteeMember:
    review = member.review
    ensure_can_edit(actor, review.unit)
    current = {name: getattr(member, name) for name in MEMBER_FIELDS}
    values = _clean_member({**current, **{k: v for k, v in data.items()
                                          if k in MEMBER_FIELDS}}, review=review)
    changes = model_update(instance=member, fields=MEMBER_FIELDS, data=values)
    if "person" in data and data["person"] != member.person:
        member.person = data["person"]
        member.save(update_fields=["person", "updated_at"])
        changes = {**(changes or {}), "person": [None, str(member.person or "")]}
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=member,
                     unit=review.unit, changes=changes)
    return member


@transaction.atomic
def member_remove(*, actor: User | None, member: CommitteeMember) -> None:
    review = member.review
    ensure_can_edit(actor, review.unit)
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=member,
                 unit=review.unit, changes={name: [getattr(member, name), None]
                                            for name in MEMBER_FIELDS})
    member.delete()


# The plan ----------------------------------------------------------------------------------

def _check_deadline(review: Review, deadline: dt.date | None, unit: Unit) -> None:
    if deadline is None:
        raise ValidationError({"deadline": _("Enter the date by which %(unit)s must send its "
                                             "report.") % {"unit": unit.name}})
    if deadline < review.period_start:
        raise ValidationError({"deadline": _(
            "The report of %(unit)s would be due (%(day)s) before the period starts "
            "(%(start)s); choose a later deadline.") % {
            "unit": unit.name, "day": _date(deadline), "start": _date(review.period_start)}})
    if review.conference_date is not None and deadline > review.conference_date:
        raise ValidationError({"deadline": _(
            "The report of %(unit)s would be due (%(day)s) after the conference (%(conference)s);"
            " choose a deadline on or before the conference.") % {
            "unit": unit.name, "day": _date(deadline),
            "conference": _date(review.conference_date)}})
    if (deadline - review.period_end).days > DEADLINE_AFTER_END_DAYS:
        raise ValidationError({"deadline": _(
            "The report of %(unit)s would be due (%(day)s) more than a year after the period "
            "ends (%(end)s); choose an earlier deadline.") % {
            "unit": unit.name, "day": _date(deadline), "end": _date(review.period_end)}})


def _check_plan_unit(review: Review, unit: Unit) -> None:
    if unit.pk == review.unit_id or not unit.path.startswith(review.unit.path):
        raise ValidationError({"unit": _(
            "%(unit)s is not below %(reviewing)s; the plan asks only the units under the "
            "reviewing unit for their reports.") % {"unit": unit.name,
                                                    "reviewing": review.unit.name}})
    if review.plan_entries.filter(unit=unit).exists():
        raise ValidationError({"unit": _(
            "%(unit)s is already in the plan of this review; change its deadline instead.")
            % {"unit": unit.name}})


def _open_plan(review_id: int) -> Review:
    """The review as stored now, locked; refused once its central report is issued."""
    review = Review.objects.select_for_update().select_related("unit").get(pk=review_id)
    if review.status in FROZEN:
        raise ValidationError(_("The central report of this review has been issued; its plan "
                                "can no longer change."))
    return review


@transaction.atomic
def plan_entry_add(*, actor: User | None, review: Review, unit: Unit, deadline: dt.date,
                   note: str = "") -> PlanEntry:
    review = _open_plan(review.pk)
    ensure_can_edit(actor, review.unit)
    _check_plan_unit(review, unit)
    _check_deadline(review, deadline, unit)
    entry = PlanEntry(review=review, unit=unit, deadline=deadline, note=_line(note, 300))
    entry.full_clean()
    entry.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=entry,
                 unit=review.unit, changes=audit.snapshot(entry, ["unit", *PLAN_FIELDS]))
    return entry


@transaction.atomic
def plan_entry_update(*, actor: User | None, entry: PlanEntry,
                      data: dict[str, Any]) -> PlanEntry:
    review = _open_plan(entry.review_id)
    ensure_can_edit(actor, review.unit)
    values = {"deadline": data.get("deadline", entry.deadline),
              "note": _line(data.get("note", entry.note), 300)}
    _check_deadline(review, values["deadline"], entry.unit)
    changes = model_update(instance=entry, fields=PLAN_FIELDS, data=values)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=entry,
                     unit=review.unit, changes=changes)
    return entry


@transaction.atomic
def plan_entry_remove(*, actor: User | None, entry: PlanEntry) -> None:
    review = _open_plan(entry.review_id)
    ensure_can_edit(actor, review.unit)
    if Report.objects.filter(review=review, unit=entry.unit_id).exists():
        raise ValidationError(_(
            "%(unit)s has already started its report for this review, so it stays in the "
            "plan; change its deadline instead.") % {"unit": entry.unit.name})
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=entry,
                 unit=review.unit, changes={"unit": [str(entry.unit), None],
                                            "deadline": [entry.deadline, None]})
    entry.delete()


@transaction.atomic
def plan_subordinates(*, actor: User | None, review: Review, deadline: dt.date,
                      note: str = "") -> list[PlanEntry]:
    """Puts every direct subordinate of the reviewing unit in use today, and not yet in the
    plan, in the plan with the same deadline."""
    review = _open_plan(review.pk)
    ensure_can_edit(actor, review.unit)
    planned = set(review.plan_entries.values_list("unit_id", flat=True))
    children = [unit for unit in Unit.objects.active(timezone.localdate())
                .filter(parent=review.unit).order_by("path") if unit.pk not in planned]
    if not children:
        raise ValidationError(_(
            "Every unit directly under %(unit)s is already in the plan.")
            % {"unit": review.unit.name})
    _check_deadline(review, deadline, review.unit)
    entries = []
    for unit in children:
        entry = PlanEntry(review=review, unit=unit, deadline=deadline, note=_line(note, 300))
        entry.full_clean()
        entry.save()
        entries.append(entry)
        audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=entry,
                     unit=review.unit, changes=audit.snapshot(entry, ["unit", *PLAN_FIELDS]))
    return entries
