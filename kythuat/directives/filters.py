"""One FilterSet for the directive list, serving the screen, its export and the API."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.documents.models import Issuer
from kythuat.documents.selectors import issuer_lineage

from .models import Clause, Directive, DirectiveKind


class DirectiveFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    issuer = filters.ModelChoiceFilter(label=_("Issuer"), queryset=Issuer.objects.none(),
                                       method="filter_issuer", empty_label=_("All"))
    kind = filters.ModelChoiceFilter(label=_("Kind"), queryset=DirectiveKind.objects.all(),
                                     empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), field_name="issued_on", lookup_expr="year",
                                min_value=1945, max_value=2100)
    status = filters.ChoiceFilter(label=_("Status"), choices=Directive.Status.choices,
                                  empty_label=_("All"))

    class Meta:
        model = Directive
        fields = ["q", "issuer", "kind", "year", "status"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = user or (request.user if request is not None else None)
        if user is not None:
            # The issuers whose directives the user may see: down and up, as the directives.
            self.filters["issuer"].queryset = (Issuer.objects.visible_down_and_up(user)
                                               .select_related("unit"))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Every word, in any order: "lanh dao ky thuat" finds "lãnh đạo công tác kỹ thuật".
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_issuer(self, queryset: QuerySet, name: str, value: Issuer | None) -> QuerySet:
        # Every name of the issuing body: "Quân ủy Trung ương" also finds what the Đảng ủy
        # Quân sự Trung ương issued before the rename.
        return queryset.filter(issuer__in=issuer_lineage(value)) if value else queryset


class ClauseFilter(filters.FilterSet):
    """The clauses of one directive (the list is already limited to visible directives)."""

    directive = filters.NumberFilter(label=_("Directive"), field_name="directive")

    class Meta:
        model = Clause
        fields = ["directive"]
