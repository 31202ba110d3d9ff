"""Forms of the vehicle screens; rules that need the database are in vehicles.services."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.core.forms import DATE_WIDGET
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.people.models import Person
from kythuat.storage.models import Facility

from .models import VEHICLE_BRANCH, Driver, FuelNorm, LicenceClass, PlateType, Programme


def vehicle_types(user: User):
    return EquipmentType.objects.visible_to(user).filter(
        branch__code=VEHICLE_BRANCH, tracking=Tracking.SERIAL).order_by("symbol")


def _units(field: forms.ModelChoiceField, user: User) -> None:
    field.queryset = Unit.objects.visible_to(user).select_related("kind")
    field.label_from_instance = indented_label


def _vehicle_label(item: Item) -> str:
    return f"{item.type.symbol} — {item.serial} ({item.unit.label})"


def _date(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET,
                           input_formats=["%d/%m/%Y", "%Y-%m-%d"], **kwargs)


def _decimal(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, localize=True, decimal_places=2, max_digits=10,
                              **kwargs)


class UnitFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], user)


class VehicleFilterForm(UnitFilterForm):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Plate or serial number")}))
    type = forms.ModelChoiceField(label=_("Model"), required=False,
                                  queryset=EquipmentType.objects.none(),
                                  empty_label=_("All"))
    plate_type = forms.ModelChoiceField(label=_("Plate type"), required=False,
                                        queryset=PlateType.objects.all(),
                                        empty_label=_("All"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["type"].queryset = vehicle_types(user)


class RegistrationForm(forms.Form):
    plate = forms.CharField(label=_("Plate number"), max_length=20)
    plate_type = forms.ModelChoiceField(label=_("Plate type"), queryset=PlateType.objects.all())
    registered_on = _date(_("Registration date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class DriverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Driver) -> str:
        label = f"{obj} — {obj.licence_class.code}"
        if obj.licence_expired:
            return f"{label} ({_('licence expired')})"
        return label


def _drivers(user: User):
    drivers = Driver.objects.visible_to(user).filter(is_active=True)
    return drivers.select_related("licence_class", "person").order_by("person__full_name")


class AssignmentForm(forms.Form):
    driver = DriverChoiceField(label=_("Driver"), queryset=Driver.objects.none())
    started_on = _date(_("From"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = _drivers(user)


class DriverFilterForm(UnitFilterForm):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Name, rank or licence number")}))
    expired = forms.BooleanField(label=_("Expired licences only"), required=False)


class DriverForm(forms.ModelForm):
    """A new driver is a person of the unit already recorded, or a new person named here; the
    name and rank are changed on the person's page afterwards."""

    person = forms.ModelChoiceField(
        label=_("Person already recorded"), queryset=Person.objects.none(), required=False,
        help_text=_("Choose a person of the unit, or leave empty and enter the name below to "
                    "record a new person."))
    full_name = forms.CharField(label=_("Full name of a new person"), max_length=120,
                                required=False)
    rank = forms.CharField(label=_("Rank"), max_length=60, required=False)
    licence_issued_on = _date(_("Licence issued on"))
    licence_expires_on = _date(_("Licence expires on"))

    class Meta:
        model = Driver
        fields = ["unit", "licence_number", "licence_class", "licence_issued_on",
                  "licence_expires_on", "is_active", "note"]

    def __init__(self, *args, user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_class"].queryset = LicenceClass.objects.all()
        if creating:
            del self.fields["is_active"]
            _units(self.fields["unit"], user)
            self.fields["person"].queryset = (
                Person.objects.visible_to(user).filter(is_active=True, driver__isnull=True)
                .select_related("unit").order_by("unit__path", "full_name"))
            self.fields["person"].label_from_instance = lambda p: f"{p} — {p.unit.name}"
            self.order_fields(["unit", "person", "full_name", "rank"])
        else:
            for name in ("unit", "person", "full_name", "rank"):
                del self.fields[name]  # a driver moves with the person; names on their page

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("licence_issued_on"), cleaned.get("licence_expires_on")
        if issued and expires and expires <= issued:
            self.add_error("licence_expires_on",
                           _("The licence expiry date must be after its issue date."))
        return cleaned


def _vehicles(user: User):
    return Item.objects.visible_to(user).filter(
        type__branch__code=VEHICLE_BRANCH, type__tracking=Tracking.SERIAL,
        status__in=HELD_STATUSES).select_related("type", "unit").order_by("type__symbol",
                                                                          "serial")


class VehicleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        return _vehicle_label(obj)


class TripFilterForm(UnitFilterForm):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Order number, route or serial")}))
    start = _date(_("From"), required=False)
    end = _date(_("Until"), required=False)


class TripForm(forms.Form):
    item = VehicleChoiceField(label=_("Vehicle"), queryset=Item.objects.none())
    driver = DriverChoiceField(label=_("Driver"), queryset=Driver.objects.none())
    order_number = forms.CharField(label=_("Dispatch order number"), max_length=40)
    trip_date = _date(_("Trip date"), initial=timezone.localdate)
    route = forms.CharField(label=_("Route"), max_length=300)
    km = _decimal(_("Km driven"))
    fuel_litres = _decimal(_("Fuel issued (litres)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _vehicles(user)
        self.fields["driver"].queryset = _drivers(user)


class AccidentFilterForm(UnitFilterForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)


class AccidentForm(forms.Form):
    item = VehicleChoiceField(label=_("Vehicle"), queryset=Item.objects.none())
    driver = DriverChoiceField(label=_("Driver"), queryset=Driver.objects.none(),
                               required=False)
    occurred_on = _date(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=300)
    deaths = forms.IntegerField(label=_("Deaths"), initial=0)
    injuries = forms.IntegerField(label=_("Injuries"), initial=0)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.visible_to(user).filter(
            type__branch__code=VEHICLE_BRANCH, type__tracking=Tracking.SERIAL
        ).select_related("type", "unit").order_by("type__symbol", "serial")
        self.fields["driver"].queryset = Driver.objects.visible_to(user).select_related(
            "licence_class", "person").order_by("person__full_name")


class ComparisonForm(UnitFilterForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1951, max_value=2100)


class UsageForm(UnitFilterForm):
    BY = [("vehicle", _("by vehicle")), ("unit", _("by unit"))]

    start = _date(_("From"), required=False)
    end = _date(_("Until"), required=False)
    by = forms.ChoiceField(label=_("Show"), choices=BY, required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (data.get("start") or dt.date(today.year, 1, 1), data.get("end") or today)


class FuelNormForm(forms.ModelForm):
    litres_per_100km = _decimal(_("Fuel norm (l/100 km)"))
    tank_litres = _decimal(_("Tank capacity (litres)"))

    class Meta:
        model = FuelNorm
        fields = ["type", "litres_per_100km", "tank_litres", "source"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the models whose norm the user may set (army-wide ones: the administrator).
        self.fields["type"].queryset = vehicle_types(user).filter(
            permissions.type_data_editable(user))
        self.fields["type"].label = _("Model")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["unit", "name", "phase", "decision_ref", "types", "description"]
        widgets = {"types": forms.CheckboxSelectMultiple, "description":
                   forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], user)
        self.fields["types"].queryset = vehicle_types(user)


class ConversionForm(forms.Form):
    item = VehicleChoiceField(label=_("Vehicle"), queryset=Item.objects.none())
    converted_on = _date(_("Converted on"))
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none(),
                                      required=False, empty_label=_("Another facility"))
    performed_by = forms.CharField(label=_("Performed by"), required=False, max_length=200,
                                   help_text=_("Factory or workshop, e.g. Nhà máy Z151."))
    fuel_before = _decimal(_("Consumption before (l/100 km)"))
    fuel_after = _decimal(_("Consumption after (l/100 km)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user: User, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        converted = programme.conversions.values("item_id")
        self.fields["item"].queryset = _vehicles(user).filter(
            type__in=programme.types.all()).exclude(pk__in=converted)
        self.fields["facility"].queryset = Facility.objects.visible_to(user).order_by("name")
