"""Forms of the catalogue screens. Rules that need the database or the actor (who may define a
type, unique symbols) are checked by catalog.services."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kythuat.core.forms import DATE_WIDGET
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, UnitKind, User

from .models import Branch, EquipmentType, GradeDefinition, Placement, Tracking, UsageGroup


class TypeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, symbol or origin")}
        ),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    tracking = forms.ChoiceField(
        label=_("Tracking"), required=False, choices=[("", _("Any tracking")), *Tracking.choices]
    )
    inactive = forms.BooleanField(label=_("Include types no longer in use"), required=False)


class EquipmentTypeForm(forms.ModelForm):
    class Meta:
        model = EquipmentType
        fields = [
            "symbol",
            "name",
            "branch",
            "uom",
            "origin",
            "tracking",
            "owner_unit",
            "is_active",
        ]
        error_messages = {
            "symbol": {
                "unique": _(
                    "An equipment type with this symbol already exists; choose another symbol."
                )
            },
        }

    def __init__(self, *args, user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["is_active"]
            owner = self.fields["owner_unit"]
            owner.queryset = Unit.objects.visible_to(user).active().select_related("kind")
            owner.label_from_instance = indented_label
            owner.required = not user.is_superuser
            if user.is_superuser:
                owner.empty_label = _("(army-wide type)")
        else:
            # Who owns a type does not change: a type used by another subtree stays theirs.
            del self.fields["owner_unit"]


def _date_widget(field: models.Field, **kwargs) -> forms.Field:
    if isinstance(field, models.DateField):
        kwargs["widget"] = DATE_WIDGET
    return field.formfield(**kwargs)


DATED = ["valid_from", "valid_to", "source"]

# The reference tables the superuser may edit on screen: URL slug → (model, fields).
REFERENCE_MODELS: dict[str, tuple[type[models.Model], list[str]]] = {
    "grade": (GradeDefinition, ["level", "name", "description", "is_serviceable", *DATED]),
    "usage-group": (UsageGroup, ["code", "name", "order", "is_combat_ready", *DATED]),
    "placement": (Placement, ["code", "name", "order", *DATED]),
    "branch": (Branch, ["code", "name", "order"]),
    "unit-kind": (UnitKind, ["code", "name", "order", "is_storage"]),
}
# Tables other apps add to the reference screen: slug → (title, help text).
EXTRA_TABLES: dict[str, tuple[Any, Any]] = {}


def register_reference(slug: str, model: type[models.Model], fields: list[str], *, title,
                       help_text="") -> None:
    """Adds an app's editable list (maintenance kinds, repair levels …) to the reference
    screen; called from the app's AppConfig.ready()."""
    if REFERENCE_MODELS.get(slug, (model,))[0] is not model:
        raise ValueError(f"Reference table {slug} is registered twice.")
    REFERENCE_MODELS[slug] = (model, fields)
    EXTRA_TABLES[slug] = (title, help_text)


class ReferenceForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity must not be before its start."))
        return cleaned


def reference_form_class(slug: str) -> type[forms.ModelForm]:
    model, fields = REFERENCE_MODELS[slug]
    return forms.modelform_factory(
        model, form=ReferenceForm, fields=fields, formfield_callback=_date_widget
    )
