import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold

from ..models import Unit, UnitKind


class UnitFilter(filters.FilterSet):
    parent = filters.ModelChoiceFilter(label=_("Parent unit"), queryset=Unit.objects.none())
    kind = filters.ModelChoiceFilter(label=_("Kind"), queryset=UnitKind.objects.all())
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Unit
        fields = ["parent", "kind", "q"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if request is not None:
            self.filters["parent"].queryset = Unit.objects.visible_to(request.user)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Diacritic-insensitive: "lang son" finds "Lạng Sơn"."""
        text = fold(value)
        return queryset.filter(search_text__contains=text) if text else queryset
