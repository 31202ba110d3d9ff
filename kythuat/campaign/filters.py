"""The sheet list's filters, serving the screen and the API alike."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Phase, Sheet


class SheetFilter(filters.FilterSet):
    phase = filters.ModelChoiceFilter(label=_("Phase"), queryset=Phase.objects.all(),
                                      empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), min_value=1945, max_value=2100)
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Sheet.Status.choices,
                                  empty_label=_("All"))
    mine = filters.ChoiceFilter(
        label=_("Whose sheets"), method="filter_mine", empty_label=_("All"),
        choices=[("own", _("my unit's")), ("below", _("my subordinates'"))])

    class Meta:
        model = Sheet
        fields = ["phase", "year", "unit", "status", "mine"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.user = user or (request.user if request is not None else None)
        if self.user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(self.user)
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset

    def filter_mine(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value or self.user is None or self.user.unit_id is None:
            return queryset
        if value == "own":
            return queryset.filter(unit=self.user.unit_id)
        return queryset.filter(unit__parent=self.user.unit_id)
