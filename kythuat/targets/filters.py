"""The target list's filters, serving the screen and the API alike."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.directives.models import Directive
from kythuat.indicators import registry
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Target
from .progress import Status

STATUS_LIMIT = 500  # targets whose progress is computed to filter by status


def indicator_choices() -> list[tuple[str, str]]:
    return sorted(((i.code, str(i.name)) for i in registry.all_indicators()),
                  key=lambda choice: choice[1])


class TargetFilter(filters.FilterSet):
    directive = filters.ModelChoiceFilter(label=_("Directive"), field_name="clause__directive",
                                          queryset=Directive.objects.none(),
                                          empty_label=_("All"))
    indicator = filters.ChoiceFilter(label=_("Indicator"), field_name="indicator_code",
                                     choices=indicator_choices, empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Status.choices,
                                  method="filter_status", empty_label=_("All"))
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    top = filters.BooleanFilter(label=_("Only targets not allocated from above"),
                                field_name="parent", lookup_expr="isnull")

    class Meta:
        model = Target
        fields = ["directive", "indicator", "unit", "top", "status"]  # status last: it measures

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
            self.filters["directive"].queryset = Directive.objects.filter(
                pk__in=Target.objects.visible_to(user).values("clause__directive")
            ).select_related("kind")
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Progress is computed, not stored: the targets (the nearest deadlines first, at most
        STATUS_LIMIT) are measured and kept when their status matches."""
        if not value:
            return queryset
        from .selectors import targets_with_status

        return queryset.filter(pk__in=targets_with_status(queryset, value, limit=STATUS_LIMIT))
