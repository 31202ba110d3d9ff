"""One FilterSet per list (people, certificates, exam sessions), serving the screens, the
exports and the API."""

import django_filters as filters
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.core.text import fold
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Band, Certificate, CertificateKind, ExamSession, Person, PersonCategory, Trade


class UnitFilterMixin:
    def _scope_units(self, user) -> None:
        if user is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.form.fields["unit"].label_from_instance = indented_label

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return queryset.filter(**{f"{self.unit_field}__in": subtree_ids(value)}) if value \
            else queryset


class PersonFilter(UnitFilterMixin, filters.FilterSet):
    unit_field = "unit"
    q = filters.CharFilter(label=_("Search"), method="filter_search")
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    category = filters.ModelChoiceFilter(label=_("Category"),
                                         queryset=PersonCategory.objects.all(),
                                         empty_label=_("All"))
    trade = filters.ModelChoiceFilter(label=_("Trade"), queryset=Trade.objects.all(),
                                      method="filter_trade", empty_label=_("All"))
    band = filters.ChoiceFilter(label=_("Level band"), choices=Band.choices,
                                method="filter_band", empty_label=_("All"))
    serving = filters.ChoiceFilter(label=_("Serving"), method="filter_serving",
                                   choices=[("yes", _("serving")), ("no", _("left")),
                                            ("all", _("all"))],
                                   empty_label=_("Serving (default)"))

    class Meta:
        model = Person
        fields = ["q", "unit", "category", "trade", "band", "serving"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self._scope_units(user or (request.user if request is not None else None))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("serving"):
            queryset = queryset.filter(is_active=True)
        trade, band = self.form.cleaned_data.get("trade"), self.form.cleaned_data.get("band")
        if trade or band:
            from .models import SkillLevel

            levels = SkillLevel.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)
            if trade:
                levels = levels.filter(trade=trade)
            if band == Band.HIGH:
                levels = levels.filter(level__gt=F("trade__ladder_size") / 2)
            elif band == Band.LOW:
                levels = levels.filter(level__lte=F("trade__ladder_size") / 2)
            queryset = queryset.filter(Exists(levels))
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_trade(self, queryset: QuerySet, name: str, value: Trade | None) -> QuerySet:
        return queryset  # applied with the band in filter_queryset

    def filter_band(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    def filter_serving(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "yes":
            return queryset.filter(is_active=True)
        if value == "no":
            return queryset.filter(is_active=False)
        return queryset


class CertificateFilter(UnitFilterMixin, filters.FilterSet):
    unit_field = "person__unit"
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    kind = filters.ModelChoiceFilter(label=_("Kind"), queryset=CertificateKind.objects.all(),
                                     empty_label=_("All"))
    state = filters.ChoiceFilter(label=_("Validity"), method="filter_state",
                                 choices=[("expiring", _("expiring soon")),
                                          ("expired", _("expired"))],
                                 empty_label=_("All"))
    q = filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Certificate
        fields = ["unit", "kind", "state", "q"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self._scope_units(user or (request.user if request is not None else None))

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from .selectors import certificates_expired, certificates_expiring

        if value == "expiring":
            return certificates_expiring(queryset)
        if value == "expired":
            return certificates_expired(queryset)
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in fold(value).split():
            queryset = queryset.filter(person__search_text__contains=word)
        return queryset


class ExamSessionFilter(UnitFilterMixin, filters.FilterSet):
    unit_field = "unit"
    unit = filters.ModelChoiceFilter(label=_("Unit (with subordinates)"),
                                     queryset=Unit.objects.none(), method="filter_unit",
                                     empty_label=_("All"))
    year = filters.NumberFilter(label=_("Year"), field_name="held_on", lookup_expr="year",
                                min_value=1945, max_value=2100)
    trade = filters.ModelChoiceFilter(label=_("Trade"), queryset=Trade.objects.all(),
                                      field_name="trades", empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=ExamSession.Status.choices,
                                  empty_label=_("All"))

    class Meta:
        model = ExamSession
        fields = ["unit", "year", "trade", "status"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self._scope_units(user or (request.user if request is not None else None))
