"""Forms of the holdings screens: the shape of the input; the services check the rules."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch, EquipmentType, Placement
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from .choices import LotStatus, PeriodKind
from .models import Item
from .selectors import period_bounds

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 31/12/2025.")


def date_field(label, **kwargs) -> forms.DateField:
    """A date typed as dd/mm/yyyy, whatever the language of the screen."""
    kwargs.setdefault("required", False)
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUTS,
        error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
                "size": 10,
            },
        ),
        **kwargs,
    )


class UnitChoiceField(forms.ModelChoiceField):
    """Units the user may see, indented by their depth below the user's unit."""

    def __init__(self, *, user: User, **kwargs):
        queryset = Unit.objects.visible_to(user).only("pk", "name", "depth", "path")
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=queryset, **kwargs)
        self.base_depth = user.unit.depth if user.unit_id else 0

    def label_from_instance(self, unit: Unit) -> str:
        return "\u00a0\u00a0\u00a0" * max(unit.depth - self.base_depth, 0) + unit.name


def quarters() -> list[tuple[str, str]]:
    return [(str(n), gettext("quarter %(number)s") % {"number": n}) for n in range(1, 5)]


def type_choices(user: User):
    return EquipmentType.objects.visible_to(user).select_related("branch")


# Lists and the item page


UNIT_OPTION_LEVELS = 2


def style_item_filter_form(form: forms.Form, user: User | None = None) -> forms.Form:
    """The item filter bar: grades as a row of checkboxes, a search box with a hint.

    The unit list offers the user's unit and two levels below it (plus the chosen unit):
    a military region has thousands of units, and rendering them all costs more than the
    query. Any visible unit is still accepted, e.g. from a link on the dashboard.
    """
    if user is not None and user.unit_id is not None:
        field = form.fields["unit"]
        chosen = form.data.get("unit") if form.is_bound else None
        shown = field.queryset.filter(
            Q(depth__lte=user.unit.depth + UNIT_OPTION_LEVELS) | Q(pk=chosen or 0))
        field.widget.choices = [("", _("All")), *shown.values_list("pk", "name")]
    grade = form.fields["grade"]
    grade.widget = forms.CheckboxSelectMultiple(choices=grade.choices)
    form.fields["q"].widget.attrs.update(
        {
            "placeholder": _("Serial number or type, e.g. sung ak"),
            "type": "search",
            "autocomplete": "off",
        }
    )
    for name in ("unit", "branch", "type", "usage_group", "facility"):
        form.fields[name].empty_label = _("All")
    return form


class AsOfForm(forms.Form):
    as_of = date_field(_("State as at"))


class ItemEditForm(forms.Form):
    """What can change without a document; grade, unit and usage group need a document."""

    manufactured_year = forms.IntegerField(
        label=_("Year of manufacture"), required=False, min_value=1900
    )
    origin = forms.CharField(label=_("Country of origin"), required=False, max_length=60)
    placement = forms.ModelChoiceField(
        label=_("Placement"), required=False, queryset=Placement.objects.none()
    )
    is_complete = forms.BooleanField(label=_("Complete set"), required=False)
    missing_parts = forms.CharField(
        label=_("Missing parts"),
        required=False,
        max_length=300,
        help_text=_("Required when the set is not complete."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, item: Item, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "manufactured_year": item.manufactured_year,
                "origin": item.origin,
                "placement": item.placement_id,
                "is_complete": item.is_complete,
                "missing_parts": item.missing_parts,
                "note": item.note,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = Placement.objects.valid_on()
        self.fields["manufactured_year"].validators.append(
            _max_year_validator(timezone.localdate().year)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("is_complete") is False and not cleaned.get("missing_parts", "").strip():
            self.add_error(
                "missing_parts",
                _("List the missing parts of an incomplete set, or tick “Complete set”."),
            )
        return cleaned


def _max_year_validator(year: int):
    def check(value: int | None) -> None:
        if value is not None and value > year:
            raise ValidationError(
                _("The year of manufacture cannot be after %(year)s.") % {"year": year},
                code="future_year",
            )

    return check


class LotFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ModelChoiceField(
        label=_("Equipment type"),
        required=False,
        queryset=EquipmentType.objects.none(),
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *LotStatus.choices]
    )
    expiry = forms.ChoiceField(
        label=_("Expiry"),
        required=False,
        choices=[
            ("", _("All")),
            ("expired", _("expired")),
            ("soon", _("expires within 6 months")),
        ],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = type_choices(user).filter(tracking="lot")
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Lot number or manufacturer"), "type": "search"}
        )


# Reports


class BalanceForm(forms.Form):
    GROUPS = [
        ("type_grade", _("by type and grade")),
        ("unit", _("by unit")),
        ("unit_type", _("by unit and type")),
        ("usage_group", _("by usage group")),
    ]

    as_of = date_field(_("As at (end of day)"), help_text=_("Empty: now."))
    group = forms.ChoiceField(label=_("Group"), choices=GROUPS, required=False)
    branch = forms.ModelChoiceField(
        label=_("Branch"), required=False, queryset=Branch.objects.all(), empty_label=_("All")
    )
    type = forms.ModelChoiceField(
        label=_("Equipment type"),
        required=False,
        queryset=EquipmentType.objects.none(),
        empty_label=_("All"),
    )
    facility = forms.ModelChoiceField(
        label=_("Facility"), required=False, queryset=Facility.objects.none(),
        empty_label=_("All"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "unit": UnitChoiceField(user=user, label=_("Unit (with subordinates)"), required=False),
            **self.fields,
        }
        self.fields["type"].queryset = type_choices(user)
        self.fields["facility"].queryset = Facility.objects.visible_to(user)


class PeriodReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.ChoiceField(label=_("Period"), choices=[], required=False)
    start = date_field(_("Or from"))
    end = date_field(_("to"))
    branch = forms.ModelChoiceField(
        label=_("Branch"), required=False, queryset=Branch.objects.all(), empty_label=_("All")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "unit": UnitChoiceField(user=user, label=_("Unit (with subordinates)"), required=False),
            **self.fields,
        }
        self.fields["quarter"].choices = [("", gettext("whole year")), *quarters()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if bool(start) != bool(end) and not self.errors:
            self.add_error(
                "end" if start else "start",
                _(
                    "Enter both the first and the last day, or leave both empty and "
                    "choose a year and quarter."
                ),
            )
        elif start and end and start > end:
            self.add_error("end", _("The last day must not be before the first day."))
        return cleaned

    def period(self) -> tuple[dt.date, dt.date, str]:
        """First and last day, and the period in words; call after is_valid(). An unbound
        form (the page opened without a query) gives this year."""
        data = getattr(self, "cleaned_data", {})
        if data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
            return start, end, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
        year = data.get("year") or timezone.localdate().year
        if data.get("quarter"):
            quarter = int(data["quarter"])
            start, end = period_bounds(PeriodKind.QUARTER, year, quarter)
            label = gettext("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}
        else:
            start, end = period_bounds(PeriodKind.YEAR, year)
            label = gettext("Year %(year)s") % {"year": year}
        return start, end, f"{label} ({start:%d/%m/%Y} – {end:%d/%m/%Y})"


class StrengthForm(forms.Form):
    collapse = forms.BooleanField(label=_("Totals by direct subordinate"), required=False)
    branch = forms.ModelChoiceField(
        label=_("Branch"), required=False, queryset=Branch.objects.all(), empty_label=_("All")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "unit": UnitChoiceField(user=user, label=_("Unit (with subordinates)"), required=False),
            **self.fields,
        }


class StrengthSetForm(forms.Form):
    type = forms.ModelChoiceField(label=_("Equipment type"), queryset=EquipmentType.objects.none())
    quantity = forms.DecimalField(
        label=_("Authorised quantity"),
        min_value=Decimal(0),
        max_digits=15,
        decimal_places=3,
        localize=True,
    )
    valid_from = date_field(_("Valid from"), required=True)
    decision_ref = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=200,
        help_text=_("Number and date of the decision."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"unit": UnitChoiceField(user=user, label=_("Unit")), **self.fields}
        self.fields["type"].queryset = type_choices(user).active()
        self.fields["valid_from"].initial = timezone.localdate()


class PeriodCloseForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=[])

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "unit": UnitChoiceField(user=user, label=_("Unit (with subordinates)")),
            **self.fields,
        }
        self.fields["period"].choices = [(PeriodKind.YEAR, gettext("whole year")), *quarters()]
        today = timezone.localdate()
        last_quarter = (today.month - 1) // 3 or 4
        self.fields["year"].initial = today.year if last_quarter != 4 else today.year - 1
        self.fields["period"].initial = str(last_quarter)
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id

    def service_arguments(self) -> dict[str, Any]:
        period = self.cleaned_data["period"]
        if period == PeriodKind.YEAR:
            return {"kind": PeriodKind.YEAR, "year": self.cleaned_data["year"]}
        return {
            "kind": PeriodKind.QUARTER,
            "year": self.cleaned_data["year"],
            "quarter": int(period),
        }
