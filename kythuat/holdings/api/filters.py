"""Filters of the API-only lists; items and documents use holdings/filters.py like the screens."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType
from kythuat.core.text import fold
from kythuat.org.models import Unit

from ..choices import LotStatus
from ..filters import ScopedFilterSet
from ..models import AuthorizedStrength, Lot, PeriodClose


class LotFilter(ScopedFilterSet):
    type = filters.ModelChoiceFilter(
        label=_("Equipment type"), queryset=EquipmentType.objects.none()
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=LotStatus.choices)
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Lot
        fields = ["type", "status", "q"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Lot number or manufacturer, diacritic-insensitive."""
        text = fold(value)
        return queryset.filter(search_text__contains=text) if text else queryset


class AuthorizedStrengthFilter(ScopedFilterSet):
    unit = filters.ModelChoiceFilter(
        label=_("Unit (with subordinates)"),
        queryset=Unit.objects.none(),
        method="filter_subtree",
        field_name="unit",
    )
    type = filters.ModelChoiceFilter(
        label=_("Equipment type"), queryset=EquipmentType.objects.none()
    )

    class Meta:
        model = AuthorizedStrength
        fields = ["unit", "type"]


class PeriodCloseFilter(ScopedFilterSet):
    unit = filters.ModelChoiceFilter(
        label=_("Unit (with subordinates)"),
        queryset=Unit.objects.none(),
        method="filter_subtree",
        field_name="unit",
    )

    class Meta:
        model = PeriodClose
        fields = ["unit"]
