"""Forms of the decision screens; the services check the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType
from kythuat.holdings.models import Item
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, UnitKind, User
from kythuat.storage.models import Facility

from .models import Change, Reorganisation, Succession

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_INPUTS,
                           error_messages={"invalid": _("Enter the date as dd/mm/yyyy, for "
                                                        "example 01/07/2025.")},
                           widget=forms.DateInput(format="%d/%m/%Y", attrs={
                               "placeholder": "dd/mm/yyyy", "autocomplete": "off"}))


def _units(user: User, required: bool = False, label=None) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, required=required,
                                   queryset=Unit.objects.visible_to(user).active()
                                   .order_by("path"))
    field.label_from_instance = indented_label
    return field


class DecisionForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    number = forms.CharField(label=_("Number and symbol"), max_length=60,
                             help_text=_("For example 2786/QĐ-BQP."))
    title = forms.CharField(label=_("Subject"), max_length=300)
    signed_on = date_field(_("Date signed"))
    effective_on = date_field(_("Effective date"))
    users = forms.ChoiceField(label=_("Users of closing units"),
                              choices=Reorganisation.Users.choices)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"] = _units(user, True, _("Issuing unit"))


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=Change.Kind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    code = forms.CharField(label=_("Code of the new unit"), max_length=50, required=False)
    name = forms.CharField(label=_("New name"), max_length=200, required=False)
    short_name = forms.CharField(label=_("New short name"), max_length=60, required=False)
    unit_kind = forms.ModelChoiceField(label=_("Kind of unit"), required=False,
                                       queryset=UnitKind.objects.order_by("order", "name"))
    parent = forms.ModelChoiceField(label=_("New parent unit"), queryset=Unit.objects.none(),
                                    required=False)
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=Unit.objects.none(),
                                       required=False)
    successor_change = forms.ModelChoiceField(label=_("Or a unit created by this decision"),
                                              queryset=Change.objects.none(), required=False)

    def __init__(self, *args, user: User, decision: Reorganisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _units(user, label=_("Unit"))
        self.fields["parent"] = _units(user, label=_("New parent unit"))
        self.fields["successor"] = _units(user, label=_("Successor"))
        self.fields["successor_change"].queryset = decision.changes.filter(
            kind=Change.Kind.CREATE)
        self.fields["successor_change"].label_from_instance = lambda change: change.name


class SuccessionForm(forms.Form):
    change = forms.ModelChoiceField(label=_("Closing unit"), queryset=Change.objects.none())
    records = forms.ChoiceField(label=_("Records"), choices=Succession.Records.choices)
    facility = forms.ModelChoiceField(label=_("Only those kept in facility"), required=False,
                                      queryset=Facility.objects.none())
    type = forms.ModelChoiceField(label=_("Only equipment of type"), required=False,
                                  queryset=EquipmentType.objects.none())
    serials = forms.CharField(label=_("Only the items with serial numbers"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Separated by commas or on separate lines."))
    successor = forms.ModelChoiceField(label=_("Go to"), queryset=Unit.objects.none(),
                                       required=False)
    successor_change = forms.ModelChoiceField(label=_("Or to a unit created by this decision"),
                                              queryset=Change.objects.none(), required=False)

    def __init__(self, *args, user: User, decision: Reorganisation, **kwargs):
        super().__init__(*args, **kwargs)
        closing = decision.changes.filter(kind__in=Change.CLOSING).select_related("unit")
        self.fields["change"].queryset = closing
        self.fields["change"].label_from_instance = lambda change: str(change)
        self.fields["facility"].queryset = Facility.objects.filter(
            owner_unit__in=[c.unit_id for c in closing])
        self.fields["type"].queryset = EquipmentType.objects.visible_to(user)
        self.fields["successor"] = _units(user, label=_("Go to"))
        self.fields["successor_change"].queryset = decision.changes.filter(
            kind=Change.Kind.CREATE)
        self.fields["successor_change"].label_from_instance = lambda change: change.name

    def clean(self):
        data = super().clean()
        serials = [s.strip() for s in (data.get("serials") or "").replace("\n", ",").split(",")
                   if s.strip()]
        data["items"] = []
        change = data.get("change")
        if serials and change is not None:
            found = dict(Item.objects.filter(unit=change.unit_id, serial__in=serials)
                         .values_list("serial", "pk"))
            missing = [s for s in serials if s not in found]
            if missing:
                self.add_error("serials", _("%(unit)s holds no item with serial number "
                                            "%(serials)s.") % {"unit": change.unit.name,
                                                               "serials": ", ".join(missing)})
            data["items"] = sorted(found.values())
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"records": data["records"], "facility": data.get("facility"),
                "type": data.get("type"), "items": data["items"],
                "successor": data.get("successor"),
                "successor_change": data.get("successor_change")}


class AsAtForm(forms.Form):
    on = date_field(_("As at"))
