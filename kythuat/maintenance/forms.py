"""Forms of the maintenance screens; the rules are checked by maintenance.services."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch, EquipmentType, Tracking, UsageGroup
from kythuat.core.forms import DATE_WIDGET
from kythuat.core.text import serial_key
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import GRADE_CHOICES, Item
from kythuat.org import permissions
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from .models import (
    CalendarEntry,
    MaintenanceKind,
    MaintenancePlan,
    MeterKind,
    RepairLevel,
    WorkOrder,
)
from .selectors import DueState

DATE_FIELD = {"input_formats": ["%d/%m/%Y", "%Y-%m-%d"], "widget": DATE_WIDGET}


def _units(field: forms.ModelChoiceField, user: User) -> None:
    field.queryset = Unit.objects.visible_to(user).select_related("kind")
    field.label_from_instance = indented_label


class DueFilterForm(forms.Form):
    q = forms.CharField(label=_("Serial number"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))
    state = forms.ChoiceField(label=_("Show"), required=False, choices=[
        (DueState.DUE, _("due now or overdue")), (DueState.OVERDUE, _("overdue")),
        (DueState.SOON, _("due in the next 30 days")),
        (DueState.UPCOMING, _("due now or in the next 30 days"))])
    kind = forms.ModelChoiceField(label=_("Maintenance kind"), required=False,
                                  queryset=MaintenanceKind.objects.all(), empty_label=_("All"))
    branch = forms.ModelChoiceField(label=_("Technical branch"), required=False,
                                    queryset=Branch.objects.all(), empty_label=_("All"))
    type = forms.ModelChoiceField(label=_("Equipment type"), required=False,
                                  queryset=EquipmentType.objects.none(), empty_label=_("All"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], user)
        self.fields["type"].queryset = EquipmentType.objects.visible_to(user).filter(
            maintenance_plans__isnull=False).distinct()


class WorkOrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Number"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *WorkOrder.Status.choices])
    category = forms.ChoiceField(label=_("Work"), required=False,
                                 choices=[("", _("All")), *WorkOrder.Category.choices])
    repair_level = forms.ModelChoiceField(label=_("Repair level"), required=False,
                                          queryset=RepairLevel.objects.all(), empty_label=_("All"))
    opened_from = forms.DateField(label=_("Opened from"), required=False, **DATE_FIELD)
    opened_to = forms.DateField(label=_("Opened to"), required=False, **DATE_FIELD)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], user)


class WorkOrderOpenForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit holding the equipment"),
                                  queryset=Unit.objects.none())
    category = forms.ChoiceField(label=_("Work"), choices=WorkOrder.Category.choices,
                                 widget=forms.RadioSelect)
    maintenance_kind = forms.ModelChoiceField(label=_("Maintenance kind"), required=False,
                                              queryset=MaintenanceKind.objects.filter(
                                                  is_active=True))
    repair_level = forms.ModelChoiceField(label=_("Repair level"), required=False,
                                          queryset=RepairLevel.objects.filter(is_active=True))
    facility = forms.ModelChoiceField(label=_("Facility doing the work"),
                                      queryset=Facility.objects.none())
    opened_on = forms.DateField(label=_("Opened on"), **DATE_FIELD)
    type = forms.ModelChoiceField(label=_("Equipment type"), queryset=EquipmentType.objects.none())
    serials = forms.CharField(
        label=_("Serial numbers"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One serial number per line, or separated by commas."))
    description = forms.CharField(label=_("Work to do"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], user)
        self.fields["unit"].queryset = self.fields["unit"].queryset.active()
        self.fields["type"].queryset = EquipmentType.objects.visible_to(user).filter(
            tracking=Tracking.SERIAL, is_active=True)
        # The facilities of the user's subtree and of the units above it (a higher workshop).
        above = user.unit.ancestors() if user.unit_id else Unit.objects.none()
        self.fields["facility"].queryset = (
            Facility.objects.filter(Q(pk__in=Facility.objects.visible_to(user).values("pk"))
                                    | Q(owner_unit__in=above))
            .filter(status=Facility.Status.IN_USE)
            .select_related("owner_unit", "kind").order_by("owner_unit__path", "name"))
        self.fields["facility"].label_from_instance = (
            lambda f: f"{f.name} — {f.kind.name}, {f.owner_unit.label}")
        self.initial.setdefault("opened_on", timezone.localdate())
        self.initial.setdefault("category", WorkOrder.Category.REPAIR)

    def clean(self):
        cleaned = super().clean()
        unit, etype, text = cleaned.get("unit"), cleaned.get("type"), cleaned.get("serials")
        if unit and etype and text:
            wanted = [s.strip() for s in text.replace(",", "\n").splitlines() if s.strip()]
            found = {item.search_text: item for item in Item.objects.filter(
                unit=unit, type=etype, status__in=HELD_STATUSES,
                search_text__in=[serial_key(s) for s in wanted]).select_related(
                    "type", "facility", "usage_group")}
            missing = [s for s in wanted if serial_key(s) not in found]
            if missing:
                self.add_error("serials", _("%(unit)s holds no %(type)s with the serial number "
                                            "%(serials)s.") % {
                    "unit": unit.name, "type": etype.name, "serials": ", ".join(missing)})
            cleaned["items"] = [found[serial_key(s)] for s in dict.fromkeys(wanted)
                                if serial_key(s) in found]
        return cleaned


class WorkOrderCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), **DATE_FIELD)
    labour_hours = forms.DecimalField(label=_("Labour hours"), required=False, max_digits=9,
                                      decimal_places=1, localize=True)
    cost = forms.DecimalField(label=_("Cost (VND)"), required=False, max_digits=16,
                              decimal_places=0, localize=True)
    result = forms.CharField(label=_("Result"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    parts_facility = forms.ModelChoiceField(label=_("Parts taken from"), required=False,
                                            queryset=Facility.objects.none(),
                                            empty_label=_("Not kept in a facility"))

    def __init__(self, *args, work_order: WorkOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(work_order.lines.select_related("item", "type", "lot"))
        for line in self.lines:
            self.fields[f"grade_{line.pk}"] = forms.TypedChoiceField(
                label=str(line.item.serial if line.item else line.type.name),
                choices=GRADE_CHOICES, coerce=int, initial=line.grade_before)
        self.fields["parts_facility"].queryset = Facility.objects.filter(
            owner_unit=work_order.facility.owner_unit)
        self.initial.setdefault("closed_on", timezone.localdate())

    def grade_fields(self):
        return [(line, self[f"grade_{line.pk}"]) for line in self.lines]

    def grades(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[f"grade_{line.pk}"] for line in self.lines}


class PartForm(forms.Form):
    type = forms.ModelChoiceField(label=_("Spare part"), queryset=EquipmentType.objects.none(),
                                  required=False)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, max_digits=18,
                                  decimal_places=3, localize=True)
    grade = forms.TypedChoiceField(label=_("Grade"), choices=GRADE_CHOICES, coerce=int,
                                   initial=1, required=False, empty_value=None)
    usage_group = forms.ModelChoiceField(label=_("Usage group"), required=False,
                                         queryset=UsageGroup.objects.valid_on())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = EquipmentType.objects.visible_to(user).exclude(
            tracking=Tracking.SERIAL).filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("type"):
            if not cleaned.get("quantity") or cleaned["quantity"] <= 0:
                self.add_error("quantity", _("Enter a quantity greater than 0."))
            if not cleaned.get("usage_group"):
                self.add_error("usage_group", _("Choose the usage group."))
            if not cleaned.get("grade"):
                self.add_error("grade", _("Choose the quality grade."))
        return cleaned


PartFormSet = forms.formset_factory(PartForm, extra=3, max_num=20)


class MeterReadingForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Meter"), queryset=MeterKind.objects.all())
    read_on = forms.DateField(label=_("Read on"), **DATE_FIELD)
    value = forms.DecimalField(label=_("Reading"), max_digits=14, decimal_places=1, localize=True)
    is_replacement = forms.BooleanField(label=_("Meter replaced"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("read_on", timezone.localdate())


class PlanForm(forms.ModelForm):
    class Meta:
        model = MaintenancePlan
        fields = ["type", "kind", "interval_months", "interval_days", "meter_kind",
                  "interval_meter", "is_active", "note"]
        localized_fields = ["interval_meter"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the types whose plans the user may set (army-wide ones: the administrator).
        self.fields["type"].queryset = EquipmentType.objects.visible_to(user).filter(
            permissions.type_data_editable(user), tracking=Tracking.SERIAL)

    def validate_unique(self) -> None:
        """The service says it with the type's and kind's names."""


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ModelChoiceField(label=_("Maintenance kind"), required=False,
                                  queryset=MaintenanceKind.objects.all(), empty_label=_("All"))
    branch = forms.ModelChoiceField(label=_("Technical branch"), required=False,
                                    queryset=Branch.objects.all(), empty_label=_("All"))


class CalendarEntryForm(forms.ModelForm):
    valid_from = forms.DateField(label=_("Valid from"), **DATE_FIELD)
    valid_to = forms.DateField(label=_("Valid to"), required=False, **DATE_FIELD)

    class Meta:
        model = CalendarEntry
        fields = ["name", "frequency", "weekday", "day_of_month", "start_time", "end_time",
                  "content", "applies_below", "valid_from", "valid_to"]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("valid_from", timezone.localdate())


class UnitPickForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], user)
