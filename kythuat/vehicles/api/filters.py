import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids


class UnitSubtreeFilter(filters.FilterSet):
    """`unit`: the unit and the units below it, among those the caller sees."""

    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit")

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if request is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(request.user)

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset


class TripFilter(UnitSubtreeFilter):
    start = filters.DateFilter(field_name="trip_date", lookup_expr="gte", label=_("From"))
    end = filters.DateFilter(field_name="trip_date", lookup_expr="lte", label=_("Until"))
    vehicle = filters.NumberFilter(field_name="item_id", label=_("Vehicle"))


class AccidentFilter(UnitSubtreeFilter):
    year = filters.NumberFilter(field_name="occurred_on__year", label=_("Year"))
    vehicle = filters.NumberFilter(field_name="item_id", label=_("Vehicle"))


class DriverFilter(UnitSubtreeFilter):
    expired = filters.BooleanFilter(method="filter_expired", label=_("Expired licences only"))

    def filter_expired(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.expired() if value else queryset


class ConversionFilter(UnitSubtreeFilter):
    programme = filters.NumberFilter(field_name="programme_id", label=_("Programme"))
    start = filters.DateFilter(field_name="converted_on", lookup_expr="gte", label=_("From"))
    end = filters.DateFilter(field_name="converted_on", lookup_expr="lte", label=_("Until"))
