"""Forms of the training screens: shapes and formats only; the rules are checked by
training.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.people.models import Person

from .models import Contest, ContestEvent, ContestLevel, Course, PlanItem, Prize, Trainee

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 15/04/2024.")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_INPUTS,
                           error_messages={"invalid": DATE_ERROR},
                           widget=forms.DateInput(format="%d/%m/%Y", attrs={
                               "placeholder": "dd/mm/yyyy", "autocomplete": "off"}), **kwargs)


def hours_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=7, decimal_places=1, localize=True,
                              error_messages={"invalid": _("Enter a number of hours, e.g. "
                                                           "40.")}, **kwargs)


def _units(user: User, field: forms.ModelChoiceField) -> None:
    field.queryset = Unit.objects.visible_to(user)
    field.label_from_instance = indented_label


def _person_label(person: Person) -> str:
    return f"{person} — {person.unit.name}"


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Leave empty for “Kế hoạch huấn luyện kỹ thuật năm …”."))
    approved_on = date_field(_("Approved on"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])


class PlanItemForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    audience = forms.CharField(label=_("Trainees"), max_length=200, required=False)
    planned_hours = hours_field(_("Planned hours"))
    planned_trainees = forms.IntegerField(label=_("Planned trainees"), min_value=0,
                                          required=False)


class CourseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit holding the course"),
                                  queryset=Unit.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=300)
    plan_item = forms.ModelChoiceField(label=_("Planned subject"), required=False,
                                       queryset=PlanItem.objects.none())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"))
    hours = hours_field(_("Hours of the course"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args, user: User, course: Course | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])
        self.fields["plan_item"].queryset = (PlanItem.objects.visible_to(user)
                                             .select_related("plan", "plan__unit")
                                             .order_by("-plan__year", "plan__unit__path",
                                                       "order"))
        self.fields["plan_item"].label_from_instance = (
            lambda i: f"{i.plan.year} · {i.plan.unit.name} · {i.subject}")
        if course is not None:
            del self.fields["unit"]  # a course stays with the unit that held it


class TraineeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    hours = hours_field(_("Hours attended"))
    result = forms.ChoiceField(label=_("Result"), required=False,
                               choices=[("", "—"), *Trainee.Result.choices])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label


class TraineeResultForm(forms.Form):
    hours = hours_field(_("Hours attended"))
    result = forms.ChoiceField(label=_("Result"), required=False,
                               choices=[("", "—"), *Trainee.Result.choices])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ContestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    level = forms.ModelChoiceField(label=_("Level"),
                                   queryset=ContestLevel.objects.filter(is_active=True))
    kind = forms.ChoiceField(label=_("Kind"), choices=Contest.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    held_on = date_field(_("From"))
    ends_on = date_field(_("Until"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    events = forms.CharField(label=_("Events"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("One event per line, e.g. “Lý thuyết”, “Thực hành "
                                        "sửa chữa”."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["events"] = [e for e in (data.get("events") or "").splitlines() if e.strip()]
        return data


class EntryForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), required=False,
                                   queryset=ContestEvent.objects.none(),
                                   empty_label=_("The whole contest"))
    person = forms.ModelChoiceField(label=_("Person"), required=False,
                                    queryset=Person.objects.none())
    team = forms.ModelChoiceField(label=_("or a unit's team"), required=False,
                                  queryset=Unit.objects.none())
    score = forms.DecimalField(label=_("Score"), required=False, max_digits=6,
                               decimal_places=2, localize=True)
    placing = forms.IntegerField(label=_("Placing"), required=False, min_value=1)
    prize = forms.ModelChoiceField(label=_("Prize"), required=False,
                                   queryset=Prize.objects.filter(is_active=True))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, contest: Contest, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = contest.events.all()
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label
        self.fields["team"].queryset = units
        self.fields["team"].label_from_instance = indented_label
