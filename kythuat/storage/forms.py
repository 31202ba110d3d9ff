"""Forms of the facility screens; who may write is checked by storage.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .models import Facility, FacilityKind


class FacilityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, code or location")}
        ),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (with subordinates)"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("All my units"),
    )
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        queryset=FacilityKind.objects.all(),
        required=False,
        empty_label=_("All kinds"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Facility.Status.choices]
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)
        self.fields["unit"].label_from_instance = indented_label


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = ["owner_unit", "kind", "code", "name", "location", "status"]
        error_messages = {
            "code": {"unique": _("A facility with this code already exists; choose another code.")},
        }

    def __init__(self, *args, user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["status"]
            owner = self.fields["owner_unit"]
            owner.queryset = Unit.objects.visible_to(user).active().select_related("kind")
            owner.label_from_instance = indented_label
        else:
            # A facility changes owner by a handover, not by editing it.
            del self.fields["owner_unit"]
