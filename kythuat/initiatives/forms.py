"""Forms of the initiative screens: shapes and formats only; the lifecycle's rules are checked by
initiatives.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType
from kythuat.indicators import registry
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .models import (
    AwardClass,
    Council,
    CouncilMember,
    Initiative,
    InitiativeField,
    RecognitionLevel,
    ScoringCriterion,
)
from .services import AuthorSpec, MemberSpec

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 15/04/2024.")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_INPUTS,
                           error_messages={"invalid": DATE_ERROR},
                           widget=forms.DateInput(format="%d/%m/%Y", attrs={
                               "placeholder": "dd/mm/yyyy", "autocomplete": "off"}), **kwargs)


def amount_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=15,
                              decimal_places=1, localize=True, error_messages={
                                  "invalid": _("Enter a number, e.g. 4500000."),
                                  "min_value": _("A benefit cannot be negative.")}, **kwargs)


def _units(user: User, field: forms.ModelChoiceField) -> None:
    field.queryset = Unit.objects.visible_to(user)
    field.label_from_instance = indented_label


def parse_people(text: str) -> list[tuple[str, str, str]]:
    """"rank; full name; position" per line → (rank, name, position); a line with one part is
    a name."""
    people = []
    for raw in (text or "").splitlines():
        parts = [p.strip() for p in raw.split(";")]
        if not any(parts):
            continue
        if len(parts) == 1:
            people.append(("", parts[0], ""))
        else:
            people.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return people


PEOPLE_HELP = _("One person per line: rank; full name; position, e.g. Thượng úy; Nguyễn Văn "
                "An; Trợ lý quân khí.")


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={
        "placeholder": _("e.g. Improved rest for checking 82 mm mortar barrels")}))
    field = forms.ModelChoiceField(label=_("Field"), queryset=InitiativeField.objects.filter(
        is_active=True), error_messages={"invalid_choice": _("Choose a field from the list.")})
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": _(
                                      "Choose a unit among the units you can see.")})
    registered_on = date_field(_("Date registered"))
    first_applied_on = date_field(_("First trial application"), required=False)
    main_author = forms.CharField(label=_("Main author"), max_length=300, required=False,
                                  help_text=_("rank; full name; position, e.g. Thượng úy; "
                                              "Nguyễn Văn An; Trợ lý quân khí."))
    co_authors = forms.CharField(label=_("Co-authors"), required=False, help_text=PEOPLE_HELP,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    problem = forms.CharField(label=_("Problem"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Solution"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.CharField(label=_("Scope of application"), max_length=300, required=False)
    benefit_vnd = amount_field(_("Money saved (VND/year)"))
    benefit_hours = amount_field(_("Hours saved (per year)"))
    benefit_fuel_litres = amount_field(_("Fuel saved (litres/year)"))
    benefit_text = forms.CharField(label=_("Benefit described"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(label=_("Attached file"), required=False,
                                 help_text=_("The dossier: PDF, Word, Excel or an image, up to "
                                             "20 MB."))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])
        from kythuat.people.forms import person_picker

        self.fields["main_person"] = person_picker(user, label=_("Main author in the staff "
                                                                 "records"))

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("main_person")
        if person is not None and not (cleaned.get("main_author") or "").strip():
            cleaned["main_author"] = "; ".join((person.rank, person.full_name, person.position))
        if not (cleaned.get("main_author") or "").strip() and "main_author" not in self.errors:
            self.add_error("main_author", _("Enter the main author, or choose them in the "
                                            "staff records."))
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        person = data.pop("main_person", None)
        main = parse_people(data.pop("main_author"))
        co = parse_people(data.pop("co_authors"))
        unit = data["unit"]
        data["authors"] = ([AuthorSpec(n, r, p, unit, True, person) for r, n, p in main[:1]]
                           + [AuthorSpec(n, r, p, unit) for r, n, p in co])
        return data


class SendForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Council"), queryset=Council.objects.none(),
                                     error_messages={"invalid_choice": _(
                                         "Choose a council in session from the list.")})
    sent_on = date_field(_("Date sent"))

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        # The councils in session of the initiative's unit and the units above it.
        self.fields["council"].queryset = (
            Council.objects.filter(status=Council.Status.OPEN,
                                   unit__in=initiative.unit.ancestors(include_self=True))
            .select_related("unit", "level"))


class DecideForm(forms.Form):
    RECOGNISE, REFUSE = "recognise", "refuse"
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (RECOGNISE, _("Recognise")), (REFUSE, _("Do not recognise"))])
    decision_date = date_field(_("Decision date"))
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False,
        help_text=_("Left empty, the number is taken from the unit's register of numbers."))
    reason = forms.CharField(label=_("Reason (when not recognised)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AwardForm(forms.Form):
    award_class = forms.ModelChoiceField(label=_("Award class"),
                                         queryset=AwardClass.objects.filter(is_active=True))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = date_field(_("Decision date"))


class ScoreForm(forms.Form):
    """One field per criterion of the score sheet, 0 to its maximum."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(ScoringCriterion.objects.filter(is_active=True).order_by("order"))
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name} (0–{criterion.max_points})", min_value=0,
                max_value=criterion.max_points, decimal_places=1, localize=True,
                error_messages={"invalid": _("Enter the points as a number."),
                                "min_value": _("Points cannot be negative."),
                                "max_value": _("At most %(limit_value)s points.")})

    def points(self) -> dict[int, object]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class CouncilForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    level = forms.ModelChoiceField(label=_("Recognition level"),
                                   queryset=RecognitionLevel.objects.filter(is_active=True))
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    session = forms.IntegerField(label=_("Session"), min_value=1, max_value=20, initial=1)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    convened_on = date_field(_("Date of the meeting"))
    quorum = forms.IntegerField(label=_("Quorum"), min_value=1, max_value=30, help_text=_(
        "The number of complete score sheets each dossier needs before the council closes."))
    users = forms.ModelMultipleChoiceField(label=_("Members with a login"), required=False,
                                           queryset=User.objects.none())
    others = forms.CharField(label=_("Other members"), required=False, help_text=PEOPLE_HELP,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])
        users = User.objects.filter(is_active=True, unit__isnull=False)
        if not user.is_superuser:
            users = users.filter(unit__in=Unit.objects.visible_to(user))
        self.fields["users"].queryset = users.select_related("unit").order_by("unit__path")

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        members = [MemberSpec(user=u) for u in data.pop("users")]
        members += [MemberSpec(name=n, rank=r, position=p)
                    for r, n, p in parse_people(data.pop("others"))]
        return {**data, "members": members}


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), required=False, queryset=User.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=60, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role in the council"), choices=CouncilMember.Role.choices,
                             initial=CouncilMember.Role.MEMBER)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, unit__in=Unit.objects.within(council.unit))

    def spec(self) -> MemberSpec:
        return MemberSpec(**self.cleaned_data)


class CloseForm(forms.Form):
    closed_on = date_field(_("Closing date"))
    minutes = forms.CharField(label=_("Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Adopting unit"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": _(
                                      "Choose a unit among the units you can see.")})
    adopted_on = date_field(_("Date applied"))
    result = forms.CharField(label=_("Result"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])


def indicator_choices(blank: bool = False) -> list[tuple[str, str]]:
    choices = sorted(((i.code, f"{i.name} ({i.unit})") for i in registry.all_indicators()
                      if i.kind == registry.Kind.FLOW), key=lambda c: c[1])
    return [("", "—"), *choices] if blank else choices


class MeasureForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    indicator_code = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    per_code = forms.ChoiceField(label=_("Per indicator"), required=False,
                                 choices=lambda: indicator_choices(blank=True),
                                 help_text=_("e.g. fuel per 100 km: fuel, per km, 100."))
    per_scale = forms.IntegerField(label=_("Per how many"), min_value=1, max_value=1_000_000,
                                   initial=100)
    equipment_type = forms.ModelChoiceField(label=_("Equipment type"), required=False,
                                            queryset=EquipmentType.objects.none())
    before_start = date_field(_("Before: from"))
    before_end = date_field(_("Before: to"))
    after_start = date_field(_("After: from"))
    after_end = date_field(_("After: to"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(user, self.fields["unit"])
        self.fields["equipment_type"].queryset = EquipmentType.objects.visible_to(
            user).order_by("name")
