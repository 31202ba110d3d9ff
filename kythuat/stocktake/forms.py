from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.forms import DATE_WIDGET
from kythuat.holdings.models import GRADE_CHOICES
from kythuat.org.models import Unit, User

from .models import CommitteeMember, Stocktake

GRADE_OPTIONS = [("", "—"), *GRADE_CHOICES]


class StocktakeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"),
                                  queryset=Unit.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Stocktake.Status.choices])
    kind = forms.ChoiceField(label=_("Stocktake kind"), required=False,
                             choices=[("", _("All")), *Stocktake.Kind.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)


class StocktakeForm(forms.ModelForm):
    class Meta:
        model = Stocktake
        fields = ["unit", "kind", "as_of", "title", "decision_ref", "is_blind", "note",
                  "conclusion"]
        widgets = {"as_of": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2}),
                   "conclusion": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, creating: bool, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)
        self.fields["as_of"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty for the usual title.")
        if creating:
            del self.fields["conclusion"]
        if locked:  # counting has started: the scope and the date are fixed
            for name in ("unit", "kind", "as_of", "is_blind"):
                del self.fields[name]


class MemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "position", "role"]

    def __init__(self, *args, user: User | None = None, **kwargs):
        from kythuat.people.forms import person_picker

        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["person"] = person_picker(user)

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is not None:
            if not (cleaned.get("name") or "").strip():
                cleaned["name"] = person.full_name
            if not (cleaned.get("position") or "").strip():
                cleaned["position"] = ", ".join(p for p in (person.rank, person.position) if p)
        if not (cleaned.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Enter the member's full name."))
        return cleaned


class CountForm(forms.Form):
    counted = forms.DecimalField(label=_("Counted"), required=False, min_value=0,
                                 max_digits=18, decimal_places=3, localize=True)
    grade_found = forms.TypedChoiceField(label=_("Re-assessed grade"), required=False,
                                         choices=GRADE_OPTIONS, coerce=int, empty_value=None)
    regraded = forms.DecimalField(label=_("Re-assessed quantity"), required=False,
                                  min_value=0, max_digits=18, decimal_places=3, localize=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class FindForm(forms.Form):
    type = forms.ModelChoiceField(label=_("Equipment type"),
                                  queryset=EquipmentType.objects.none())
    serial = forms.CharField(label=_("Serial number"), required=False, max_length=60)
    lot_number = forms.CharField(label=_("Lot number"), required=False, max_length=60)
    grade = forms.TypedChoiceField(label=_("Grade"), choices=GRADE_CHOICES, coerce=int)
    usage_group = forms.ModelChoiceField(label=_("Usage group"),
                                         queryset=UsageGroup.objects.all())
    counted = forms.DecimalField(label=_("Quantity found"), min_value=Decimal("0.001"),
                                 max_digits=18, decimal_places=3, initial=1, localize=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = EquipmentType.objects.visible_to(user).order_by("name")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled count sheets (.xlsx)"))


class ApproveForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion of the committee"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
