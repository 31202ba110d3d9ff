"""Training and contest indicators: training hours (person-hours), courses held, trainees
trained, contests held (by level) and prizes won (by prize) — flows over the period, each over
the records that carry their own date (a course counts on its last day, a contest on its first)."""

from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Contest, ContestEntry, ContestLevel, Course, Prize, Trainee


def level_labels(keys: Collection) -> dict:
    return dict(ContestLevel.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def prize_labels(keys: Collection) -> dict:
    return dict(Prize.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def result_labels(keys: Collection) -> dict:
    names = dict(Trainee.Result.choices)
    order = [*Trainee.Result.values, ""]
    return {key: str(names.get(key, _("not graded"))) for key in
            sorted(keys, key=lambda k: order.index(k) if k in order else len(order))}


def _list_link(name: str):
    def link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
        params: dict = {"unit": unit.pk}
        if period.start.year == period.end.year:
            params["year"] = period.start.year
        if where.get("level"):
            params["level"] = where["level"]
        return f"{reverse(name)}?{urlencode(params)}"

    return link


LEVEL = Dimension("level", _("Contest level"), "level_id", labels=level_labels)
ENTRY_LEVEL = Dimension("level", _("Contest level"), "contest__level_id", labels=level_labels)
PRIZE = Dimension("prize", _("Prize"), "prize_id", labels=prize_labels)
RESULT = Dimension("result", _("Result"), "result", labels=result_labels)

TRAINEES = {"path_field": "course__unit__path", "date_field": "course__ends_on",
                "record_link": "course", "link": _list_link("training:course-list")}


def _trainees(unit: Unit, period: Period) -> QuerySet:
    return (Trainee.objects.filter(course__unit__in=subtree_ids(unit),
                                   course__ends_on__range=(period.start, period.end))
            .select_related("course", "course__unit", "person"))


@register("training.hours", name=_("Technical training hours"),
          definition=_("Hours attended by the trainees of the technical courses held by the "
                       "units of the subtree and ended in the period (person-hours), by "
                       "result."),
          kind=Kind.FLOW, unit=_("person-hours"), unit_code="person_hour",
          direction=Direction.HIGHER, amount="hours", dimensions=(RESULT,), **TRAINEES)
def hours(unit: Unit, period: Period) -> QuerySet:
    return _trainees(unit, period)


@register("training.trainees", name=_("People trained"),
          definition=_("Trainee places in the technical courses held by the units of the "
                       "subtree and ended in the period (a person in two courses counts "
                       "twice), by result."),
          kind=Kind.FLOW, unit=_("trainees"), unit_code="person",
          direction=Direction.HIGHER, dimensions=(RESULT,), **TRAINEES)
def trainees(unit: Unit, period: Period) -> QuerySet:
    return _trainees(unit, period)


@register("training.courses", name=_("Training courses held"),
          definition=_("Technical training courses held by the units of the subtree and ended "
                       "in the period."),
          kind=Kind.FLOW, unit=_("courses"), unit_code="course", direction=Direction.HIGHER,
          date_field="ends_on", link=_list_link("training:course-list"))
def courses(unit: Unit, period: Period) -> QuerySet:
    return (Course.objects.filter(unit__in=subtree_ids(unit),
                                  ends_on__range=(period.start, period.end))
            .select_related("unit"))


@register("training.contests", name=_("Contests held"),
          definition=_("Contests and technical games organised by the units of the subtree "
                       "and starting in the period, by level."),
          kind=Kind.FLOW, unit=_("contests"), unit_code="contest", direction=Direction.HIGHER,
          dimensions=(LEVEL,), date_field="held_on", link=_list_link("training:contest-list"))
def contests(unit: Unit, period: Period) -> QuerySet:
    return (Contest.objects.filter(unit__in=subtree_ids(unit),
                                   held_on__range=(period.start, period.end))
            .select_related("unit", "level"))


@register("training.prizes", name=_("Contest prizes won"),
          definition=_("Prizes won by the people and teams of the units of the subtree in "
                       "contests starting in the period (whoever organised them), by prize "
                       "and contest level."),
          kind=Kind.FLOW, unit=_("prizes"), unit_code="prize", direction=Direction.HIGHER,
          dimensions=(PRIZE, ENTRY_LEVEL), date_field="contest__held_on",
          record_link="contest", link=_list_link("training:contest-list"))
def prizes(unit: Unit, period: Period) -> QuerySet:
    return (ContestEntry.objects.filter(unit__in=subtree_ids(unit), prize__isnull=False,
                                        contest__held_on__range=(period.start, period.end))
            .select_related("contest", "contest__level", "unit", "person", "prize"))
