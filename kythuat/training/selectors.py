"""Reads of the training screens, exports and API, always scoped to the user."""

from collections.abc import Mapping

from django.db.models import Count, Q, QuerySet, Sum

from kythuat.org.models import User
from kythuat.people.models import Person

from .filters import ContestFilter, CourseFilter, PlanFilter
from .models import Contest, ContestEntry, Course, Trainee, TrainingPlan


def plan_list(*, user: User, filters: Mapping | None = None) -> QuerySet[TrainingPlan]:
    plans = (TrainingPlan.objects.visible_to(user).select_related("unit")
             .annotate(subject_count=Count("items", distinct=True),
                       planned_hours=Sum("items__planned_hours"))
             .order_by("-year", "unit__path", "pk"))
    return PlanFilter(filters, queryset=plans, user=user).qs


def course_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Course]:
    courses = (Course.objects.visible_to(user).select_related("unit", "plan_item")
               .annotate(trainee_count=Count("trainees"),
                         person_hours=Sum("trainees__hours"))
               .order_by("-starts_on", "-pk"))
    return CourseFilter(filters, queryset=courses, user=user).qs


def course_trainees(*, user: User, course: Course) -> QuerySet[Trainee]:
    return (Trainee.objects.visible_to(user).filter(course=course)
            .select_related("person", "person__unit").order_by("person__full_name"))


def contest_list(*, user: User, filters: Mapping | None = None) -> QuerySet[Contest]:
    contests = (Contest.objects.visible_to(user).select_related("unit", "level")
                .annotate(entry_count=Count("entries", distinct=True),
                          prize_count=Count("entries", filter=Q(entries__prize__isnull=False),
                                            distinct=True))
                .order_by("-held_on", "-pk"))
    return ContestFilter(filters, queryset=contests, user=user).qs


def contest_entries(*, user: User, contest: Contest) -> QuerySet[ContestEntry]:
    return (ContestEntry.objects.visible_to(user).filter(contest=contest)
            .select_related("event", "person", "unit", "prize")
            .order_by("event__order", "placing", "-score", "pk"))


def people_for(*, user: User, unit) -> QuerySet[Person]:
    """Serving people the user sees, of `unit` and the units below it."""
    return (Person.objects.visible_to(user).within(unit).filter(is_active=True)
            .select_related("unit").order_by("unit__path", "full_name"))
