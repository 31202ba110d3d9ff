import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from ..models import Facility, FacilityKind


class FacilityFilter(filters.FilterSet):
    unit = filters.ModelChoiceFilter(
        label=_("Unit (with subordinates)"), queryset=Unit.objects.none(), method="filter_unit"
    )
    kind = filters.ModelChoiceFilter(label=_("Kind"), queryset=FacilityKind.objects.all())
    status = filters.ChoiceFilter(label=_("Status"), choices=Facility.Status.choices)
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Facility
        fields = ["unit", "kind", "status", "q"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if request is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(request.user)

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(owner_unit__in=subtree_ids(value)) if value else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = fold(value)
        return queryset.filter(search_text__contains=text) if text else queryset
