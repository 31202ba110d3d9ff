"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

The outside records are Lạng Sơn's: a training plan with a subject, a course with a trainee of
the province, and a contest organised by the province with one result of its person."""

import datetime as dt
from decimal import Decimal

from kythuat.training.models import Contest, ContestLevel, Course, TrainingPlan

PLAN = "training_plan"
ITEM = "training_plan_item"
COURSE = "training_course"
TRAINEE = "training_trainee"
CONTEST = "training_contest"
ENTRY = "training_entry"

OBJECT: dict = {
    "training:plan-detail": PLAN,
    "training:plan-item-add": PLAN,
    "training:plan-item-remove": ITEM,
    "training:course-detail": COURSE,
    "training:course-edit": COURSE,
    "training:trainee-add": COURSE,
    "training:trainee-edit": TRAINEE,
    "training:trainee-remove": TRAINEE,
    "training:contest-detail": CONTEST,
    "training:contest-event-add": CONTEST,
    "training:contest-entry-add": CONTEST,
    "training:contest-entry-remove": ENTRY,
    "training-plan-detail": PLAN,
    "training-plan-subjects": PLAN,
    "training-course-detail": COURSE,
    "training-course-trainees": COURSE,
    "contest-detail": CONTEST,
    "contest-events": CONTEST,
    "contest-results": CONTEST,
}
LIST: dict = {
    "training:plan-list": {"unit": True},
    "training:course-list": {"unit": True, "q": "secret"},
    "training:course-export": {"unit": True},
    "training:contest-list": {"unit": True, "q": "secret"},
    "training:contest-export": {"unit": True},
    "training-plan-list": None,
    "training-course-list": None,
    "contest-list": None,
    "contest-level-list": None,
    "contest-level-detail": "reference",
    "contest-prize-list": None,
    "contest-prize-detail": "reference",
}


def _plan(world: dict, api: bool) -> dict:
    return {"unit": world["unit"].pk, "year": 2025, "title": "X"}


def _course(world: dict, api: bool) -> dict:
    return {"unit": world["unit"].pk, "subject": "X", "hours": "8",
            "starts_on": "2025-03-01" if api else "01/03/2025",
            "ends_on": "2025-03-02" if api else "02/03/2025"}


def _contest(world: dict, api: bool) -> dict:
    return {"unit": world["unit"].pk, "level": ContestLevel.objects.get(code="don-vi").pk,
            "kind": "contest", "name": "X", "held_on": "2025-03-01" if api else "01/03/2025"}


CREATE: dict = {
    "training:plan-create": (TrainingPlan, lambda w: _plan(w, False)),
    "training-plan-list": (TrainingPlan, lambda w: _plan(w, True)),
    "training:course-create": (Course, lambda w: _course(w, False)),
    "training-course-list": (Course, lambda w: _course(w, True)),
    "training:contest-create": (Contest, lambda w: _contest(w, False)),
    "contest-list": (Contest, lambda w: _contest(w, True)),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.people import services as people
    from kythuat.people.models import PersonCategory
    from kythuat.training import services

    org = world["org"]
    person = people.person_create(
        actor=None, unit=org.province_a, full_name="SECRET-A học viên",
        category=PersonCategory.objects.get(code="qncn"), started_on=dt.date(2020, 1, 1))
    plan = services.plan_create(actor=None, unit=org.province_a, year=2025,
                                title="SECRET-A kế hoạch")
    item = services.plan_item_add(actor=None, plan=plan, subject="SECRET-A môn học",
                                  planned_hours=Decimal(40))
    course = services.course_create(
        actor=None, unit=org.province_a, subject="SECRET-A lớp", plan_item=item,
        starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 5), hours=Decimal(40))
    trainee = services.trainee_add(actor=None, course=course, person=person,
                                   hours_attended=Decimal(40), result="good")
    contest = services.contest_create(
        actor=None, unit=org.province_a, level=ContestLevel.objects.get(code="su-doan-tinh"),
        name="SECRET-A hội thi", held_on=dt.date(2025, 5, 1), events=["SECRET-A nội dung"])
    entry = services.contest_entry_add(actor=None, contest=contest, person=person,
                                       event=contest.events.get(), score=Decimal(9))
    world.update({PLAN: plan, ITEM: item, COURSE: course, TRAINEE: trainee, CONTEST: contest,
                  ENTRY: entry})
