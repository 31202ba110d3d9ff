"""The filter bars of the report screens (GET forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch, EquipmentType, UsageGroup
from kythuat.holdings.forms import PeriodReportForm, UnitChoiceField, date_field, type_choices
from kythuat.org.models import User


def _type_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Equipment type"),
        required=False,
        queryset=EquipmentType.objects.none(),
        empty_label=_("All"),
    )


def _branch_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Branch"), required=False, queryset=Branch.objects.all(), empty_label=_("All")
    )


class IncreaseDecreaseForm(PeriodReportForm):
    """Year and quarter (or two dates), branch, type, and rows by type or by type and grade."""

    type = _type_field()
    by_grade = forms.BooleanField(label=_("Rows by type and grade"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["type"].queryset = type_choices(user)


class GradeReportForm(forms.Form):
    as_of = date_field(_("As at (end of day)"), help_text=_("Empty: now."))
    branch = _branch_field()
    type = _type_field()
    usage_group = forms.ModelChoiceField(
        label=_("Usage group"),
        required=False,
        queryset=UsageGroup.objects.all(),
        empty_label=_("All"),
    )
    split_usage = forms.BooleanField(label=_("Split by usage group"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "unit": UnitChoiceField(user=user, label=_("Unit (with subordinates)"), required=False),
            **self.fields,
        }
        self.fields["type"].queryset = type_choices(user)


class StrengthReportForm(forms.Form):
    branch = _branch_field()
    type = _type_field()
    per_unit = forms.BooleanField(
        label=_("Every unit separately"),
        required=False,
        help_text=_("Otherwise one row per direct subordinate with its subtree."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "unit": UnitChoiceField(user=user, label=_("Unit (with subordinates)"), required=False),
            **self.fields,
        }
        self.fields["type"].queryset = type_choices(user)
