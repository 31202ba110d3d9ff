"""One FilterSet per list (initiatives, councils), serving the screens, the export and the API."""

import django_filters as filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Adoption, Council, Initiative, InitiativeField, RecognitionLevel


class InitiativeFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    field = filters.ModelChoiceFilter(label=_("Field"), queryset=InitiativeField.objects.all(),
                                      empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Initiative.Status.choices,
                                  empty_label=_("All"))
    level = filters.ModelChoiceFilter(label=_("Recognised at"),
                                      queryset=RecognitionLevel.objects.all(),
                                      empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year registered"), field_name="registered_on",
                                lookup_expr="year", min_value=1945, max_value=2100)
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    applied = filters.BooleanFilter(label=_("Applied by another unit"), method="filter_applied")

    class Meta:
        model = Initiative
        fields = ["q", "field", "status", "level", "year", "unit", "applied"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset

    def filter_applied(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        elsewhere = Exists(Adoption.objects.filter(initiative=OuterRef("pk"), is_elsewhere=True))
        return queryset.filter(elsewhere if value else ~elsewhere)


class CouncilFilter(filters.FilterSet):
    year = filters.NumberFilter(label=_("Year"), field_name="year", min_value=1945,
                                max_value=2100)
    level = filters.ModelChoiceFilter(label=_("Recognition level"),
                                      queryset=RecognitionLevel.objects.all(),
                                      empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Council.Status.choices,
                                  empty_label=_("All"))

    class Meta:
        model = Council
        fields = ["year", "level", "status"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
