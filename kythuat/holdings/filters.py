"""One FilterSet per list, serving the screens and the API alike."""

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch, EquipmentType, UsageGroup
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids
from kythuat.storage.models import Facility

from .choices import HELD_STATUSES, ItemStatus, MovementKind
from .models import GRADE_CHOICES, Item, Movement


class ScopedFilterSet(filters.FilterSet):
    """Choice lists hold only what the requesting user may see."""

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None and "unit" in self.filters:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        if user is not None and "type" in self.filters:
            self.filters["type"].queryset = EquipmentType.objects.visible_to(user)
        if user is not None and "facility" in self.filters:
            self.filters["facility"].queryset = Facility.objects.visible_to(user)

    def filter_subtree(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(**{f"{name}__in": subtree_ids(value)}) if value else queryset


class ItemFilter(ScopedFilterSet):
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_subtree",
                                     field_name="unit", empty_label=_("All"))
    branch = filters.ModelChoiceFilter(label=_("Branch"), queryset=Branch.objects.all(),
                                       field_name="type__branch", empty_label=_("All"))
    type = filters.ModelChoiceFilter(label=_("Equipment type"),
                                     queryset=EquipmentType.objects.none(), empty_label=_("All"))
    grade = filters.MultipleChoiceFilter(label=_("Grade"), choices=GRADE_CHOICES)
    usage_group = filters.ModelChoiceFilter(label=_("Usage group"),
                                            queryset=UsageGroup.objects.all(), empty_label=_("All"))
    facility = filters.ModelChoiceFilter(label=_("Facility"), queryset=Facility.objects.none(),
                                         empty_label=_("All"))
    # No empty choice: an absent status means "held", and "all" lifts the filter.
    status = filters.ChoiceFilter(label=_("Status"), method="filter_status", empty_label=None,
                                  choices=[("held", _("held (in service or in repair)")),
                                           *ItemStatus.choices, ("all", _("all statuses"))])
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Item
        fields = ["unit", "branch", "type", "grade", "usage_group", "facility", "status", "q"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "all":
            return queryset
        if not value or value == "held":
            return queryset.filter(status__in=HELD_STATUSES)
        return queryset.filter(status=value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Diacritic-insensitive, word by word: "sung ak" finds "Súng tiểu liên AK-47"; each
        word matches the serial or the type's symbol, name or origin."""
        for word in fold(value).split():
            types = EquipmentType.objects.filter(search_text__contains=word).values("pk")
            queryset = queryset.filter(Q(search_text__contains=word) | Q(type__in=types))
        return queryset

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        # The status filter's empty choice still means "held": apply it when absent.
        if not (self.data or {}).get("status"):
            queryset = queryset.filter(status__in=HELD_STATUSES)
        return queryset


class MovementFilter(ScopedFilterSet):
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=MovementKind.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=Movement.Status.choices)
    date_from = filters.DateFilter(label=_("From date"), field_name="effective_date",
                                   lookup_expr="gte")
    date_to = filters.DateFilter(label=_("To date"), field_name="effective_date",
                                 lookup_expr="lte")
    q = filters.CharFilter(label=_("Number or reason"), method="filter_search")

    class Meta:
        model = Movement
        fields = ["unit", "kind", "status", "date_from", "date_to", "q"]

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        if not value:
            return queryset
        ids = subtree_ids(value)
        return queryset.filter(Q(from_unit__in=ids) | Q(to_unit__in=ids))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(reason__icontains=value)
                               | Q(decision_ref__icontains=value))
