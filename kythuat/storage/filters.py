"""One FilterSet per list, serving the screens and the API alike."""

import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import (
    ConditionReading,
    Facility,
    FacilityKind,
    FacilityStandard,
    FundingSource,
    Inspection,
    Investment,
)

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
              "size": 10}


def _date_filter(label, lookup: str, field: str) -> filters.DateFilter:
    return filters.DateFilter(
        label=label, field_name=field, lookup_expr=lookup, input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_ATTRS),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy, for example 31/12/2025.")})


class ScopedFilterSet(filters.FilterSet):
    """Unit and facility choices hold only what the requesting user may see; `unit` selects
    the records of a unit and the units below it."""

    owner_lookup = "facility__owner_unit"

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None and "unit" in self.filters:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        if user is not None and "facility" in self.filters:
            self.filters["facility"].queryset = (Facility.objects.visible_to(user)
                                                 .select_related("owner_unit"))
        if "unit" in self.form.fields:
            self.form.fields["unit"].label_from_instance = indented_label

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.owner_lookup}__in": subtree_ids(value)})


def _unit_filter() -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))


def _facility_filter() -> filters.ModelChoiceFilter:
    return filters.ModelChoiceFilter(label=_("Facility"), queryset=Facility.objects.none(),
                                     empty_label=_("All"))


class FacilityFilter(ScopedFilterSet):
    owner_lookup = "owner_unit"
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    unit = _unit_filter()
    kind = filters.ModelChoiceFilter(label=_("Facility kind"), queryset=FacilityKind.objects.all(),
                                     empty_label=_("All"))
    standard = filters.ModelChoiceFilter(label=_("Standard met"),
                                         queryset=FacilityStandard.objects.all(),
                                         empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Facility.Status.choices,
                                  empty_label=_("All"))

    class Meta:
        model = Facility
        fields = ["q", "unit", "kind", "standard", "status"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = fold(value)
        return queryset.filter(search_text__contains=text) if text else queryset


class InvestmentFilter(ScopedFilterSet):
    unit = _unit_filter()
    facility = _facility_filter()
    funding_source = filters.ModelChoiceFilter(label=_("Funding source"),
                                               queryset=FundingSource.objects.all(),
                                               empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Kind of work"), choices=Investment.Kind.choices,
                                empty_label=_("All"))
    year_from = filters.NumberFilter(label=_("From year"), field_name="year", lookup_expr="gte")
    year_to = filters.NumberFilter(label=_("To year"), field_name="year", lookup_expr="lte")
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Investment
        fields = ["unit", "facility", "funding_source", "kind", "year_from", "year_to", "q"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value) | Q(decision_ref__icontains=value)
                               | Q(facility__search_text__contains=fold(value)))


def overdue(inspections: QuerySet[Inspection], on: dt.date | None = None) -> QuerySet:
    """Open inspections whose deadline for fixes has passed."""
    day = on or timezone.localdate()
    return inspections.filter(closed_on__isnull=True, fix_deadline__lt=day)


def unacknowledged(readings: QuerySet[ConditionReading]) -> QuerySet:
    return readings.filter(is_out_of_limits=True, acknowledged_at__isnull=True)


class StateFilterSet(ScopedFilterSet):
    """A list with a `state` choice: each state names the query that selects it."""

    STATE_QUERIES: dict = {}

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        query = self.STATE_QUERIES.get(value)
        return query(queryset) if query is not None else queryset


class InspectionFilter(StateFilterSet):
    STATES = [("open", _("open (fixes pending)")), ("overdue", _("overdue for fixes")),
              ("closed", _("closed (fixed)"))]
    STATE_QUERIES = {
        "open": lambda inspections: inspections.filter(closed_on__isnull=True),
        "overdue": overdue,
        "closed": lambda inspections: inspections.filter(closed_on__isnull=False),
    }

    unit = _unit_filter()
    facility = _facility_filter()
    state = filters.ChoiceFilter(label=_("State"), choices=STATES, method="filter_state",
                                 empty_label=_("All"))
    date_from = _date_filter(_("From date"), "gte", "inspected_on")
    date_to = _date_filter(_("To date"), "lte", "inspected_on")

    class Meta:
        model = Inspection
        fields = ["unit", "facility", "state", "date_from", "date_to"]


class ReadingFilter(StateFilterSet):
    STATES = [("out", _("out of limits")), ("unacknowledged", _("out of limits, not acknowledged")),
              ("within", _("within limits"))]
    STATE_QUERIES = {
        "out": lambda readings: readings.filter(is_out_of_limits=True),
        "unacknowledged": unacknowledged,
        "within": lambda readings: readings.filter(is_out_of_limits=False),
    }

    unit = _unit_filter()
    facility = _facility_filter()
    state = filters.ChoiceFilter(label=_("Limits"), choices=STATES, method="filter_state",
                                 empty_label=_("All"))
    date_from = _date_filter(_("From date"), "date__gte", "taken_at")
    date_to = _date_filter(_("To date"), "date__lte", "taken_at")

    class Meta:
        model = ConditionReading
        fields = ["unit", "facility", "state", "date_from", "date_to"]
