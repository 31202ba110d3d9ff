"""Forms of the facility screens; who may write and the rules are checked by storage.services."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .models import FIRST_YEAR, LAST_YEAR, Facility

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUTS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                   "%d/%m/%Y"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 31/12/2025.")
DATETIME_ERROR = _("Enter the date and time as dd/mm/yyyy hh:mm, for example 31/12/2025 07:30.")


def date_field(label, **kwargs) -> forms.DateField:
    """A date typed as dd/mm/yyyy, whatever the language of the screen."""
    return forms.DateField(
        label=label, input_formats=DATE_INPUTS, error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
        **kwargs)


class NumberField(forms.DecimalField):
    """A measurement typed as "25,5" or "25.5": with one kind of separator it is the decimal
    point (nobody groups the digits of a temperature); with both, "1.250,5" is Vietnamese."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value and "." in value:
                value = value.replace(".", "").replace(",", ".")
            else:
                value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        """120.50 shows as "120,5", 35.0 as "35"."""
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else value.normalize()
            return str(value).replace(".", ",")
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return {**attrs, "inputmode": "decimal"}


NUMBER_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
MEASURES = ("capacity", "min_temperature", "max_temperature", "max_humidity")


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "owner_unit", "kind", "code", "name", "location", "status", "capacity",
            "capacity_uom", "standard", "safety_radius_m", "has_fire_equipment",
            "fire_equipment", "has_lightning_protection", "lightning_protection",
            "logs_conditions", "min_temperature", "max_temperature", "max_humidity",
        ]
        error_messages = {
            "code": {"unique": _("A facility with this code already exists; choose another code.")},
        }
        field_classes = dict.fromkeys(MEASURES, NumberField)
        widgets = {
            **dict.fromkeys(MEASURES, NUMBER_WIDGET),
            "fire_equipment": forms.TextInput(
                attrs={"placeholder": _("For example: 4 MFZ8 powder extinguishers, a 20 m³ "
                                        "water tank")}),
            "lightning_protection": forms.TextInput(
                attrs={"placeholder": _("For example: lightning rod, earth resistance checked "
                                        "04/2026")}),
        }

    def __init__(self, *args, user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].empty_label = _("(no standard)")
        self.fields["status"].required = False
        if creating:
            owner = self.fields["owner_unit"]
            owner.queryset = Unit.objects.visible_to(user).active().select_related("kind")
            owner.label_from_instance = indented_label
        else:
            # A facility changes owner by a handover, not by editing it.
            del self.fields["owner_unit"]
            kind = self.instance.kind
            defaults = (kind.default_min_temperature, kind.default_max_temperature,
                        kind.default_max_humidity)
            for name, default in zip(MEASURES[1:], defaults, strict=True):
                if default is not None:
                    self.fields[name].widget.attrs["placeholder"] = self.fields[
                        name].prepare_value(default)

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or Facility.Status.IN_USE


class InvestmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = forms.ChoiceField(label=_("Kind of work"), choices=[])
    description = forms.CharField(label=_("What was built or upgraded"), max_length=400)
    cost_vnd = forms.IntegerField(
        label=_("Cost (VND)"), help_text=_("In dong, for example 1500000000 for 1,5 billion."),
        widget=forms.NumberInput(attrs={"step": 1000000, "inputmode": "numeric"}))
    funding_source = forms.ModelChoiceField(label=_("Funding source"), queryset=None)
    decision_ref = forms.CharField(label=_("Investment decision"), max_length=200,
                                   required=False,
                                   widget=forms.TextInput(attrs={
                                       "placeholder": _("Number and date of the decision")}))
    note = forms.CharField(label=_("Note"), max_length=400, required=False)

    def __init__(self, *args, **kwargs):
        from .models import FundingSource, Investment

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Investment.Kind.choices
        self.fields["funding_source"].queryset = FundingSource.objects.all()
        if not self.is_bound and "year" not in self.initial:
            self.initial["year"] = timezone.localdate().year


class InspectionForm(forms.Form):
    inspected_on = date_field(_("Inspection date"))
    inspector = forms.CharField(
        label=_("Inspector"), max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Name, position or inspecting body")}))
    findings = forms.CharField(label=_("Findings"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))
    fix_deadline = date_field(_("Deadline for fixes"), required=False,
                              help_text=_("Empty when nothing needs fixing."))


class InspectionCloseForm(forms.Form):
    closed_on = date_field(_("Closing date"), help_text=_("The day the findings were fixed."))
    note = forms.CharField(label=_("Closing note"), max_length=400, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())


class ReadingForm(forms.Form):
    taken_at = forms.DateTimeField(
        label=_("Taken at"), input_formats=DATETIME_INPUTS,
        error_messages={"invalid": DATETIME_ERROR},
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={
            "placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}))
    temperature = NumberField(label=_("Temperature (°C)"), required=False, max_digits=6,
                              decimal_places=1, widget=NUMBER_WIDGET)
    humidity = NumberField(label=_("Humidity (%)"), required=False, max_digits=6,
                           decimal_places=1, widget=NUMBER_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=400, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("taken_at", timezone.localtime().replace(second=0,
                                                                             microsecond=0))


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=400, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("For example: ventilation opened, "
                                                       "dehumidifier run for 6 hours")}))


class SummaryForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), queryset=Unit.objects.none(),
                                  required=False, empty_label=None)
    year_from = forms.IntegerField(label=_("From year"), min_value=FIRST_YEAR,
                                   max_value=LAST_YEAR, required=False)
    year_to = forms.IntegerField(label=_("To year"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                 required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)
        self.fields["unit"].label_from_instance = indented_label

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and last < first:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        return cleaned
