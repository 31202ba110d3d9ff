"""One FilterSet per list (proposals, decisions, commendations), for the screens, their export
and the API."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import subtree_ids

from .models import (
    Commendation,
    CommendationDecision,
    CommendationForm,
    CommendationProposal,
    RecipientKind,
)


def _search(queryset: QuerySet, value: str) -> QuerySet:
    for word in fold(value).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class UnitScopedFilter(filters.FilterSet):
    """A `unit` choice among the units the user sees; the list keeps that unit's subtree."""

    unit = filters.ModelChoiceFilter(label=_("Unit"), queryset=Unit.objects.none(),
                                     method="filter_unit", empty_label=_("All"))
    unit_field = "unit"

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user).select_related("kind")

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.unit_field}__in": subtree_ids(value)})


class ProposalFilter(UnitScopedFilter):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    status = filters.ChoiceFilter(label=_("Status"), choices=CommendationProposal.Status.choices,
                                  empty_label=_("All"))
    form = filters.ModelChoiceFilter(label=_("Form of commendation"),
                                     queryset=CommendationForm.objects.all(),
                                     empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), field_name="period_end", lookup_expr="year",
                                min_value=1945, max_value=2100)
    unit_field = "proposer"

    class Meta:
        model = CommendationProposal
        fields = ["q", "status", "form", "year", "unit"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value)


class DecisionFilter(UnitScopedFilter):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    status = filters.ChoiceFilter(label=_("Status"), choices=CommendationDecision.Status.choices,
                                  empty_label=_("All"))
    form = filters.ModelChoiceFilter(label=_("Form of commendation"),
                                     queryset=CommendationForm.objects.all(),
                                     empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), field_name="decided_on", lookup_expr="year",
                                min_value=1945, max_value=2100)

    class Meta:
        model = CommendationDecision
        fields = ["q", "status", "form", "year", "unit"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value)


class CommendationFilter(UnitScopedFilter):
    """The unit is the recipient's unit (a collective, or the unit of an individual)."""

    form = filters.ModelChoiceFilter(label=_("Form of commendation"),
                                     queryset=CommendationForm.objects.all(),
                                     empty_label=_("All"))
    level = filters.ModelChoiceFilter(label=_("Awarding level"), field_name="decision__unit__kind",
                                      queryset=UnitKind.objects.all(),
                                      empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Collective or individual"),
                                choices=RecipientKind.choices, empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), field_name="awarded_on", lookup_expr="year",
                                min_value=1945, max_value=2100)
    review = filters.NumberFilter(label=_("Review"), field_name="decision__review")

    class Meta:
        model = Commendation
        fields = ["form", "level", "kind", "year", "unit", "review"]
