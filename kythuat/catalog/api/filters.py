import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold

from ..models import Branch, EquipmentType, Tracking


class EquipmentTypeFilter(filters.FilterSet):
    branch = filters.ModelChoiceFilter(label=_("Branch"), queryset=Branch.objects.all())
    tracking = filters.ChoiceFilter(label=_("Tracking"), choices=Tracking.choices)
    is_active = filters.BooleanFilter(label=_("In use"))
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = EquipmentType
        fields = ["branch", "tracking", "is_active", "q"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Diacritic-insensitive on symbol, name and origin: "sung" finds "Súng"."""
        text = fold(value)
        return queryset.filter(search_text__contains=text) if text else queryset
