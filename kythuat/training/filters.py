"""One FilterSet per list (plans, courses, contests), serving the screens, the exports and the
API."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Contest, ContestLevel, Course, TrainingPlan


class _UnitFilterSet(filters.FilterSet):
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class PlanFilter(_UnitFilterSet):
    year = filters.NumberFilter(label=_("Year"), field_name="year", min_value=1945,
                                max_value=2100)

    class Meta:
        model = TrainingPlan
        fields = ["unit", "year"]


class CourseFilter(_UnitFilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    year = filters.NumberFilter(label=_("Year"), field_name="starts_on", lookup_expr="year",
                                min_value=1945, max_value=2100)

    class Meta:
        model = Course
        fields = ["q", "unit", "year"]


class ContestFilter(_UnitFilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    level = filters.ModelChoiceFilter(label=_("Level"), queryset=ContestLevel.objects.all(),
                                      empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=Contest.Kind.choices,
                                empty_label=_("Any kind"))
    year = filters.NumberFilter(label=_("Year"), field_name="held_on", lookup_expr="year",
                                min_value=1945, max_value=2100)

    class Meta:
        model = Contest
        fields = ["q", "unit", "level", "kind", "year"]
