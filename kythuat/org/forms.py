"""Forms of the organisation screens: units and users. Rules that need the database or the
actor are checked by org.services; these check the shape of the input."""

import datetime as dt

from django import forms
from django.contrib.auth.forms import SetPasswordForm, SetPasswordMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.forms import DATE_WIDGET

from .models import ROLE_RANK, Role, Unit, UnitKind, User
from .querysets import subtree_ids


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or code")}),
    )
    dissolved = forms.BooleanField(label=_("Show dissolved units"), required=False)


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=50)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=UnitKind.objects.all())
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Date of the decision that established the unit."),
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty while the unit exists; a date in the past marks it as dissolved."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["valid_to"]
        else:
            self.fields["valid_from"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity must not be before its start."))
        return cleaned


class UnitMoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label=_("New parent unit"), queryset=Unit.objects.none())
    on = forms.DateField(
        label=_("Effective date"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("The first day under the new parent unit; today if left empty. Reports "
                    "of the days before still count the unit under its former parent."),
    )
    decision = forms.CharField(
        label=_("Decision"),
        max_length=120,
        required=False,
        help_text=_("Number and date of the decision that moves the unit, e.g. 125/QĐ-BTL "
                    "of 02/01/2026."),
    )

    def __init__(self, *args, user: User, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = (
            Unit.objects.visible_to(user)
            .exclude(pk__in=subtree_ids(unit))
            .exclude(pk=unit.parent_id)
            .select_related("kind")
        )
        self.fields["new_parent"].label_from_instance = indented_label

    def clean_on(self) -> dt.date:
        return move_date(self.cleaned_data.get("on"))


def move_date(on: dt.date | None) -> dt.date:
    """The effective date of a move made now: today when not given, never in the future (a
    change announced for a later day is a reorganisation decision)."""
    today = timezone.localdate()
    if on is None:
        return today
    if on > today:
        raise forms.ValidationError(
            _("The effective date %(date)s is in the future. A move takes effect today or on a "
              "past date; a change announced for a later day is made as a reorganisation "
              "decision.") % {"date": on.strftime("%d/%m/%Y")}, code="future")
    return on


def indented_label(unit: Unit) -> str:
    return f"{'— ' * unit.depth}{unit.name} ({unit.code})"


def allowed_roles(user: User) -> list[tuple[str, str]]:
    """The roles a user may give: their own and those below it."""
    if user.is_superuser:
        return list(Role.choices)
    return [
        (value, label) for value, label in Role.choices if ROLE_RANK[value] <= ROLE_RANK[user.role]
    ]


class UserForm(SetPasswordMixin, forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=())
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive user cannot log in.")
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    field_order = [
        "username",
        "password1",
        "password2",
        "unit",
        "role",
        "last_name",
        "first_name",
        "position",
        "email",
        "is_active",
    ]

    def __init__(self, *args, actor: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.fields["unit"].queryset = Unit.objects.visible_to(actor).select_related("kind")
        self.fields["unit"].label_from_instance = indented_label
        self.fields["role"].choices = allowed_roles(actor)
        if creating:
            del self.fields["is_active"]
        else:
            del self.fields["password1"], self.fields["password2"]

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip()

    def clean(self):
        cleaned = super().clean()
        if self.creating:
            self.validate_passwords()
            probe = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            self.validate_password_for_user(probe)
        return cleaned


class UserPasswordForm(SetPasswordForm):
    """Django's form for a new password (two fields, validators); the view saves through
    org.services.user_set_password, not form.save()."""
