"""Forms of the target screens: shapes and formats only; who may act and the rules are checked
by targets.services."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kythuat.directives.models import Clause, Directive
from kythuat.indicators import registry
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .filters import indicator_choices
from .models import PERCENT, Target

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 31/12/2025.")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_INPUTS, error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
        **kwargs)


class NumberField(forms.DecimalField):
    """A number typed as "−5", "25,5" or "1.250,5" (Vietnamese grouping)."""

    default_error_messages = {"invalid": _("Enter a number, for example 25 or −5.")}

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=20, decimal_places=4, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u2212", "-")
            if "," in value and "." in value:
                value = value.replace(".", "").replace(",", ".")
            else:
                value = value.replace(",", ".")
        return super().to_python(value)


def unit_of_measure_choices() -> list[tuple[str, str]]:
    """The units of measure of the registered indicators, and per cent."""
    found: dict[str, str] = {}
    for indicator in registry.all_indicators():
        if indicator.unit_code and indicator.unit_code != PERCENT:
            found.setdefault(indicator.unit_code, str(indicator.unit))
    choices = sorted(found.items(), key=lambda choice: choice[1])
    return [(PERCENT, str(_("per cent (%)"))), *choices]


def visible_clauses(user: User) -> QuerySet[Clause]:
    """Clauses of the directives the user sees ("down and up": issued in the user's subtree or
    above it)."""
    return (Clause.objects.filter(directive__in=Directive.objects.visible_down_and_up(user))
            .select_related("directive", "directive__kind")
            .order_by("-directive__issued_on", "directive__pk", "order", "number"))


def clause_label(clause: Clause) -> str:
    return f"{clause.directive.number_symbol} – {clause.number}. {clause.text[:90]}"


class TargetValueFields(forms.Form):
    """The target as written: its form, the value and the value's unit of measure."""

    form = forms.ChoiceField(label=_("Form of the target"), choices=Target.Form.choices)
    stated_value = NumberField(label=_("Value as written"),
                               help_text=_("For example 25 (depots), 95 (per cent) or −5 "
                                           "(per cent against the baseline)."))
    stated_unit = forms.ChoiceField(label=_("Unit of the value"), choices=unit_of_measure_choices)
    baseline_start = date_field(_("Start of the base period"), required=False)
    baseline_end = date_field(
        _("End of the base period"), required=False,
        help_text=_("Empty: the period of the same length just before the start (counted "
                    "indicators) or the day before the start (stocks and ratios)."))
    baseline = NumberField(label=_("Baseline (entered indicators only)"), required=False,
                           help_text=_("Only for a figure entered by units; other baselines "
                                       "are computed from the records."))
    baseline_reason = forms.CharField(label=_("Reason for the entered baseline"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TargetAssignForm(TargetValueFields):
    clause = forms.ModelChoiceField(label=_("Clause of the directive"),
                                    queryset=Clause.objects.none())
    indicator_code = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    unit = forms.ModelChoiceField(label=_("Assigned unit"), queryset=Unit.objects.none())
    start = date_field(_("Start"))
    deadline = date_field(_("Deadline"))

    field_order = ["clause", "indicator_code", "unit", "start", "deadline", "form",
                   "stated_value", "stated_unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = visible_clauses(user)
        self.fields["clause"].label_from_instance = clause_label
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active()
        self.fields["unit"].label_from_instance = indented_label


class TargetEditForm(TargetValueFields):
    deadline = date_field(_("Deadline"))

    field_order = ["deadline", "form", "stated_value", "stated_unit"]

    def __init__(self, *args, target: Target, **kwargs) -> None:
        initial = {name: getattr(target, name) for name in (
            "deadline", "form", "stated_value", "stated_unit", "baseline_start", "baseline_end",
            "baseline_reason", "note")}
        if target.baseline_source == Target.BaselineSource.ENTERED:
            initial["baseline"] = target.baseline
        super().__init__(*args, initial=initial, **kwargs)
        try:
            entered = registry.get(target.indicator_code).entered
        except KeyError:
            entered = False
        if not entered:  # a computed baseline is never typed over
            del self.fields["baseline"], self.fields["baseline_reason"]


class TargetAllocateForm(forms.Form):
    """One share per direct subordinate; an empty share gives that unit no target."""

    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, target: Target, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        taken = set(target.children.values_list("unit_id", flat=True))
        self.units = [unit for unit in target.unit.children.active().order_by("name")
                      if unit.pk not in taken]
        for unit in self.units:
            self.fields[f"share_{unit.pk}"] = NumberField(label=unit.name, required=False)
        self.order_fields([f"share_{unit.pk}" for unit in self.units])

    def clean(self):
        cleaned = super().clean()
        if not self.shares() and not self.errors:
            raise forms.ValidationError(_("Give a share to at least one subordinate unit."))
        return cleaned

    def shares(self) -> list[tuple[Unit, Decimal]]:
        data = getattr(self, "cleaned_data", {})
        return [(unit, data[f"share_{unit.pk}"]) for unit in self.units
                if data.get(f"share_{unit.pk}") is not None]
