"""Training plans (per unit and year, with their planned subjects) and courses with their
trainees."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.people.models import Person

from ..models import Course, PlanItem, Trainee, TrainingPlan
from .common import dates, day_text, hours, is_within, line, text

PLAN_FIELDS = ["unit", "year", "title", "approved_on"]
ITEM_FIELDS = ["subject", "audience", "planned_hours", "planned_trainees"]
COURSE_FIELDS = ["unit", "subject", "place", "starts_on", "ends_on", "hours", "plan_item"]
TRAINEE_FIELDS = ["person", "hours", "result"]


# Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor: User | None, unit: Unit, year: int, title: str = "",
                approved_on: dt.date | None = None, note: str = "") -> TrainingPlan:
    permissions.ensure_can_draft(actor, unit)
    this_year = timezone.localdate().year
    if not year or not 1990 <= int(year) <= this_year + 1:
        raise ValidationError({"year": _("Enter a year from 1990 to %(last)s.")
                                       % {"last": this_year + 1}}, code="year_out_of_range")
    if TrainingPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _("%(unit)s already has a training plan for %(year)s; "
                                         "open it and add subjects there.")
                                       % {"unit": unit.name, "year": year}},
                              code="plan_duplicate")
    title = line(title, 300) or _("Technical training plan %(year)s") % {"year": year}
    plan = TrainingPlan.objects.create(unit=unit, year=year, title=title,
                                       approved_on=approved_on, note=text(note))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=plan, unit=unit,
                 changes=audit.snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def plan_item_add(*, actor: User | None, plan: TrainingPlan, subject: str,
                  planned_hours: Decimal, audience: str = "",
                  planned_trainees: int = 0) -> PlanItem:
    permissions.ensure_can_draft(actor, plan.unit)
    subject = line(subject, 300)
    if not subject:
        raise ValidationError({"subject": _("Enter the subject of the training.")},
                              code="subject_missing")
    amount = hours(planned_hours, "planned_hours", _("Planned hours"))
    if planned_trainees is not None and int(planned_trainees) < 0:
        raise ValidationError({"planned_trainees": _(
            "The number of trainees cannot be negative.")}, code="trainees_negative")
    order = plan.items.count() + 1
    item = PlanItem.objects.create(plan=plan, subject=subject, audience=line(audience, 200),
                                   planned_hours=amount,
                                   planned_trainees=int(planned_trainees or 0), order=order)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=plan, unit=plan.unit,
                 changes={"items": [None, subject]}, note=_("subject added"))
    return item


@transaction.atomic
def plan_item_remove(*, actor: User | None, item: PlanItem) -> None:
    plan = item.plan
    permissions.ensure_can_draft(actor, plan.unit)
    if item.courses.exists():
        raise ValidationError(_("Courses have been held on “%(subject)s”; the subject stays in "
                                "the plan.") % {"subject": item.subject},
                              code="item_has_courses")
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=plan, unit=plan.unit,
                 changes={"items": [item.subject, None]}, note=_("subject removed"))
    item.delete()


# Courses -------------------------------------------------------------------------------------


def _check_course(unit: Unit, values: dict) -> dict:
    values["subject"] = line(values.get("subject"), 300)
    values["place"] = line(values.get("place"), 200)
    values["note"] = text(values.get("note"))
    if not values["subject"]:
        raise ValidationError({"subject": _("Enter the subject of the course.")},
                              code="subject_missing")
    dates(values.get("starts_on"), values.get("ends_on"), start_field="starts_on",
          end_field="ends_on")
    values["hours"] = hours(values.get("hours"), "hours", _("The hours of the course"))
    item: PlanItem | None = values.get("plan_item")
    if item is not None:
        if not is_within(item.plan.unit, unit):
            raise ValidationError({"plan_item": _(
                "The planned subject belongs to the plan of %(unit)s, which is not this "
                "course's unit nor a unit above it.") % {"unit": item.plan.unit.name}},
                code="plan_item_unit")
        if item.plan.year != values["starts_on"].year:
            raise ValidationError({"plan_item": _(
                "The planned subject is in the %(year)s plan; the course starts in "
                "%(start)s.") % {"year": item.plan.year, "start": values["starts_on"].year}},
                code="plan_item_year")
    return values


@transaction.atomic
def course_create(*, actor: User | None, unit: Unit, subject: str, starts_on: dt.date,
                  ends_on: dt.date, hours: Decimal, place: str = "",
                  plan_item: PlanItem | None = None, note: str = "") -> Course:
    permissions.ensure_can_draft(actor, unit)
    values = _check_course(unit, {"subject": subject, "starts_on": starts_on,
                                  "ends_on": ends_on, "hours": hours, "place": place,
                                  "plan_item": plan_item, "note": note})
    course = Course.objects.create(unit=unit, **values)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=course, unit=unit,
                 changes=audit.snapshot(course, COURSE_FIELDS))
    return course


@transaction.atomic
def course_update(*, actor: User | None, course: Course, data: dict) -> Course:
    permissions.ensure_can_draft(actor, course.unit)
    values = {name: data.get(name, getattr(course, name))
              for name in ("subject", "starts_on", "ends_on", "hours", "place", "plan_item",
                           "note")}
    values = _check_course(course.unit, values)
    longest = course.trainees.order_by("-hours").values_list("hours", flat=True).first()
    if longest is not None and longest > values["hours"]:
        raise ValidationError({"hours": _(
            "A trainee attended %(hours)s hours; the course cannot have fewer.")
            % {"hours": longest}}, code="hours_below_trainee")
    changes = model_update(instance=course, fields=[*COURSE_FIELDS[1:], "note"], data=values)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=course,
                     unit=course.unit, changes=changes)
    return course


def _check_trainee(course: Course, person: Person, amount: Decimal) -> None:
    if not is_within(course.unit, person.unit):
        raise ValidationError({"person": _(
            "%(person)s serves in %(unit)s, outside %(course_unit)s which holds the course; "
            "choose a person of that unit or a unit below it.")
            % {"person": person, "unit": person.unit.name, "course_unit": course.unit.name}},
            code="trainee_outside")
    if amount > course.hours:
        raise ValidationError({"hours": _(
            "%(hours)s hours attended is more than the %(course)s hours of the course.")
            % {"hours": amount, "course": course.hours}}, code="hours_above_course")


@transaction.atomic
def trainee_add(*, actor: User | None, course: Course, person: Person, hours_attended: Decimal,
                result: str = "", note: str = "") -> Trainee:
    permissions.ensure_can_draft(actor, course.unit)
    amount = hours(hours_attended, "hours", _("Hours attended"))
    _check_trainee(course, person, amount)
    if result and result not in Trainee.Result.values:
        raise ValidationError({"result": _("Choose a result from the list.")},
                              code="result_invalid")
    if not person.is_active:
        raise ValidationError({"person": _("%(person)s no longer serves; choose a serving "
                                           "person.") % {"person": person}},
                              code="person_inactive")
    if course.trainees.filter(person=person).exists():
        raise ValidationError({"person": _(
            "%(person)s is already a trainee of this course; change the hours or result on "
            "that line.") % {"person": person}}, code="trainee_duplicate")
    trainee = Trainee.objects.create(course=course, person=person, hours=amount,
                                     result=result or "", note=line(note, 300))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=trainee,
                 unit=course.unit, changes=audit.snapshot(trainee, TRAINEE_FIELDS))
    return trainee


@transaction.atomic
def trainee_update(*, actor: User | None, trainee: Trainee, hours_attended: Decimal,
                   result: str = "", note: str = "") -> Trainee:
    course = trainee.course
    permissions.ensure_can_draft(actor, course.unit)
    amount = hours(hours_attended, "hours", _("Hours attended"))
    _check_trainee(course, trainee.person, amount)
    if result and result not in Trainee.Result.values:
        raise ValidationError({"result": _("Choose a result from the list.")},
                              code="result_invalid")
    changes = model_update(instance=trainee, fields=["hours", "result", "note"],
                           data={"hours": amount, "result": result or "",
                                 "note": line(note, 300)})
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=trainee,
                     unit=course.unit, changes=changes)
    return trainee


@transaction.atomic
def trainee_remove(*, actor: User | None, trainee: Trainee) -> None:
    course = trainee.course
    permissions.ensure_can_draft(actor, course.unit)
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=trainee,
                 unit=course.unit, note=_("removed from the course of %(day)s")
                 % {"day": day_text(course.starts_on)})
    trainee.delete()
