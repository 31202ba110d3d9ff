"""Forms of the people screens: shapes and formats only; the rules are checked by the
services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from .models import Band, CertificateKind, Person, PersonCategory, Trade

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 15/04/2024.")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_INPUTS,
                           error_messages={"invalid": DATE_ERROR},
                           widget=forms.DateInput(format="%d/%m/%Y", attrs={
                               "placeholder": "dd/mm/yyyy", "autocomplete": "off"}), **kwargs)


def _units(user: User, field: forms.ModelChoiceField) -> None:
    field.queryset = Unit.objects.visible_to(user)
    field.label_from_instance = indented_label


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    rank = forms.CharField(label=_("Rank"), max_length=60, required=False)
    category = forms.ModelChoiceField(label=_("Category"),
                                      queryset=PersonCategory.objects.filter(is_active=True))
    date_of_birth = date_field(_("Date of birth"), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    started_on = date_field(_("In the unit from"))
    order_number = forms.CharField(label=_("Order number"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user: User, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])
        if editing:
            for name in ("unit", "started_on", "order_number"):
                del self.fields[name]


class MoveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("New unit"), queryset=Unit.objects.none())
    started_on = date_field(_("From"))
    order_number = forms.CharField(label=_("Order number"), max_length=60)
    position = forms.CharField(label=_("New position"), max_length=150, required=False,
                               help_text=_("Empty: the same position."))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])


class LeaveForm(forms.Form):
    left_on = date_field(_("Left the service on"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class LevelForm(forms.Form):
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.filter(
        is_active=True))
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=7)
    started_on = date_field(_("From"))
    evidence = forms.CharField(label=_("Decision (number and date)"), max_length=200)


class CertificateForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=CertificateKind.objects.filter(
        is_active=True))
    number = forms.CharField(label=_("Number"), max_length=60)
    issued_on = date_field(_("Issued on"))
    valid_until = date_field(_("Valid until"), required=False)
    issued_by = forms.CharField(label=_("Issued by"), max_length=150, required=False)


class SessionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit holding the exam"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = date_field(_("Date of the exam"))
    trades = forms.ModelMultipleChoiceField(label=_("Trades"), queryset=Trade.objects.filter(
        is_active=True), widget=forms.CheckboxSelectMultiple)
    committee = forms.ModelMultipleChoiceField(
        label=_("Examination committee"), queryset=Person.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])
        self.fields["committee"].queryset = (Person.objects.visible_to(user).active()
                                             .select_related("unit"))


class CandidateForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.none())
    training_evidence = forms.CharField(label=_("Training completed"), max_length=200,
                                        required=False)
    theory_exempt = forms.BooleanField(label=_("Exempt from the theory test"), required=False)
    exemption_reason = forms.CharField(label=_("Reason for the exemption"), max_length=300,
                                       required=False)

    def __init__(self, *args, user: User, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(user).active()
            .filter(unit__in=subtree_ids(session.unit)).select_related("unit"))
        self.fields["person"].label_from_instance = lambda p: f"{p} — {p.unit.name}"
        self.fields["trade"].queryset = session.trades.all()


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for admitting"), max_length=300)


class DecideForm(forms.Form):
    decision_date = date_field(_("Date of the decision"))
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False,
        help_text=_("Empty: the next number of the unit's register is taken."))


class EstablishmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.filter(
        is_active=True))
    band = forms.ChoiceField(label=_("Level band"), choices=Band.choices)
    required = forms.IntegerField(label=_("Required"), min_value=0, max_value=9999)
    valid_from = date_field(_("Valid from"))
    decision_ref = forms.CharField(label=_("Decision"), max_length=100, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])


# The person picker of other apps' forms (committee members, authors, recipients) ------------


def person_picker(user: User | None, *, label=None) -> forms.ModelChoiceField:
    """An optional choice among the serving people the user can see; the form's free-text
    name, rank and position stay as they are and are filled from the person when left
    empty (`fill_from_person`)."""
    field = forms.ModelChoiceField(
        label=label or _("Person in the staff records"), required=False,
        queryset=(Person.objects.visible_to(user).active().select_related("unit")
                  if user is not None else Person.objects.none()),
        help_text=_("Optional: choose the person to link the record to the staff records; "
                    "the name, rank and position are taken from it when left empty."),
        error_messages={"invalid_choice": _("Choose a person of your unit or a unit under "
                                            "it.")})
    field.label_from_instance = lambda p: f"{p} — {p.unit.name}"
    return field


def fill_from_person(data: dict, *, person_field: str = "person", name: str = "name",
                     rank: str | None = "rank", position: str | None = "position") -> dict:
    """Copies the chosen person's name, rank and position into the empty text fields."""
    person = data.get(person_field)
    if person is None:
        return data
    for field, value in ((name, person.full_name), (rank, person.rank),
                         (position, person.position)):
        if field and not (data.get(field) or "").strip():
            data[field] = value
    return data
