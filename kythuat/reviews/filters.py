"""One FilterSet for the review list, serving the screen, its export and the API."""

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import CommitteeMember, PlanEntry, Review, ReviewKind


class ReviewFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    kind = filters.ModelChoiceFilter(label=_("Kind"), queryset=ReviewKind.objects.all(),
                                     empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Review.Status.choices,
                                  empty_label=_("All"))
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), method="filter_year", min_value=1945,
                                max_value=2100)

    class Meta:
        model = Review
        fields = ["q", "kind", "status", "unit", "year"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Every word, in any order: "tong ket 382" finds "Tổng kết 15 năm … Nghị quyết 382".
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        """Reviews held by the unit or a unit below it, and reviews that ask it (or a unit
        below it) for a report."""
        if not value:
            return queryset
        subtree = subtree_ids(value)
        planned = PlanEntry.objects.filter(unit__in=subtree).values("review_id")
        return queryset.filter(Q(unit__in=subtree) | Q(pk__in=planned))

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Reviews whose period covers some of the year, or whose conference is in it."""
        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(Q(period_start__year__lte=year, period_end__year__gte=year)
                               | Q(conference_date__year=year))


class PlanEntryFilter(filters.FilterSet):
    """The plan entries of one review (the list is already limited to visible reviews)."""

    review = filters.NumberFilter(label=_("Review"), field_name="review")

    class Meta:
        model = PlanEntry
        fields = ["review"]


class MemberFilter(filters.FilterSet):
    """The committee and secretariat of one review (already limited to visible reviews)."""

    review = filters.NumberFilter(label=_("Review"), field_name="review")
    body = filters.ChoiceFilter(label=_("Body"), choices=CommitteeMember.Body.choices,
                                empty_label=_("All"))

    class Meta:
        model = CommitteeMember
        fields = ["review", "body"]
