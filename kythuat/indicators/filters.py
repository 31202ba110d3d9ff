"""The entered figures' list: one FilterSet for the screen and the API, and the scoped query
both start from."""

from collections.abc import Mapping

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from .models import EnteredIndicator, EnteredValue

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
              "size": 10}


def _date_filter(label, lookup: str, field: str) -> filters.DateFilter:
    return filters.DateFilter(
        label=label, field_name=field, lookup_expr=lookup, input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_ATTRS),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy, for example 31/12/2025.")})


class EnteredValueFilter(filters.FilterSet):
    """`unit` selects the figures of a unit and the units below it; `from` and `to` (the names
    the indicator screens link with) keep the figures whose period lies inside that range."""

    indicator = filters.ModelChoiceFilter(label=_("Indicator"),
                                          queryset=EnteredIndicator.objects.all(),
                                          empty_label=_("All"))
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=EnteredValue.Status.choices,
                                  empty_label=_("All"))

    class Meta:
        model = EnteredValue
        fields = ["indicator", "unit", "status"]

    def __init__(self, data=None, queryset=None, *, request=None, user: User | None = None,
                 **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset


# "from" is a Python keyword, so these two are added after the class is built.
EnteredValueFilter.base_filters["from"] = _date_filter(_("Period from"), "gte", "period_start")
EnteredValueFilter.base_filters["to"] = _date_filter(_("Period to"), "lte", "period_end")


def entered_value_list(*, user: User, filters: Mapping[str, str] | None = None
                       ) -> QuerySet[EnteredValue]:
    values = (EnteredValue.objects.visible_to(user)
              .select_related("indicator", "unit", "entered_by", "confirmed_by"))
    if filters is None:
        return values
    return EnteredValueFilter(filters, queryset=values, user=user).qs


def awaiting(values: QuerySet[EnteredValue]) -> QuerySet[EnteredValue]:
    return values.filter(status=EnteredValue.Status.ENTERED)
