"""Vehicles: registrations, drivers, trips and fuel, traffic accidents, modernisation.

A vehicle is a holdings `Item` of a serial-tracked type of the "xe-may" branch; the records
here hang off the item. Trips, accidents and conversions keep the unit that held the vehicle
when they happened, so a vehicle moved to another unit leaves its history where it was made.
"""

import datetime as dt
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType
from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.holdings.models import Item
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet
from kythuat.people.models import Person
from kythuat.storage.models import Facility

VEHICLE_BRANCH = "xe-may"
KM = {"max_digits": 10, "decimal_places": 1}
LITRES = {"max_digits": 9, "decimal_places": 1}
RATE = {"max_digits": 6, "decimal_places": 2}  # litres per 100 km


class PlateType(BaseModel):
    """Biển đỏ quân sự, biển dân sự …: editable reference data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("plate type")
        verbose_name_plural = _("plate types")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LicenceClass(BaseModel):
    """A class of the military driving licence (B, C, D, E, FC …): editable reference data."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("licence class")
        verbose_name_plural = _("licence classes")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class FuelNorm(BaseModel):
    """Fuel norm and tank capacity of an equipment type (định mức nhiên liệu)."""

    type = models.OneToOneField(EquipmentType, models.CASCADE, related_name="fuel_norm",
                                verbose_name=_("equipment type"))
    litres_per_100km = models.DecimalField(_("fuel norm (l/100 km)"), **RATE)
    tank_litres = models.DecimalField(_("tank capacity (litres)"), **LITRES)
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("The decision or document that sets the norm."))

    class Meta:
        verbose_name = _("fuel norm")
        verbose_name_plural = _("fuel norms")
        ordering = ["type__symbol"]
        constraints = [
            models.CheckConstraint(condition=Q(litres_per_100km__gt=0, tank_litres__gt=0),
                                   name="fuel_norm_positive",
                                   violation_error_message=_("The fuel norm and the tank "
                                                             "capacity must be above zero.")),
        ]

    def __str__(self) -> str:
        return f"{self.type.symbol}: {self.litres_per_100km} l/100 km"


class HeldByVehicleQuerySet(UnitScopedQuerySet):
    """Records scoped by the unit that holds their vehicle now."""

    unit_lookup = "item__unit"


class Registration(BaseModel):
    """One registration of a vehicle; the open one (no end date) is the current one."""

    item = models.ForeignKey(Item, models.PROTECT, related_name="registrations",
                             verbose_name=_("vehicle"))
    plate = models.CharField(_("plate number"), max_length=20)
    # Letters and digits only, upper case: "tm 12-34" and "TM-1234" are the same plate.
    plate_key = models.CharField(max_length=20, editable=False, db_index=True)
    plate_type = models.ForeignKey(PlateType, models.PROTECT, related_name="registrations",
                                   verbose_name=_("plate type"))
    registered_on = models.DateField(_("registration date"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = HeldByVehicleQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(ended_on__isnull=True),
                                    name="registration_one_current_per_vehicle"),
            models.UniqueConstraint(fields=["plate_key"], condition=Q(ended_on__isnull=True),
                                    name="registration_plate_unique",
                                    violation_error_message=_("This plate number is already "
                                                              "registered to another vehicle.")),
        ]

    def __str__(self) -> str:
        return self.plate


def plate_key(plate: str) -> str:
    return "".join(ch for ch in fold(plate).upper() if ch.isalnum())


class DriverQuerySet(UnitScopedQuerySet):
    def expired(self, on: dt.date | None = None) -> Self:
        return self.filter(is_active=True, licence_expires_on__lt=on or timezone.localdate())


class Driver(BaseModel):
    """A driver with a military driving licence, belonging to a unit."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="drivers",
                             verbose_name=_("unit"))
    # The person's name, rank and unit history live in the people app; a driver is that
    # person's military driving licence (one driver record per person).
    person = models.OneToOneField(Person, models.PROTECT, related_name="driver",
                                  verbose_name=_("person"))
    licence_number = models.CharField(_("licence number"), max_length=40)
    licence_class = models.ForeignKey(LicenceClass, models.PROTECT, related_name="drivers",
                                      verbose_name=_("licence class"))
    licence_issued_on = models.DateField(_("licence issued on"))
    licence_expires_on = models.DateField(_("licence expires on"))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    objects = DriverQuerySet.as_manager()

    class Meta:
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        ordering = ["unit__path", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(licence_expires_on__gt=models.F("licence_issued_on")),
                name="driver_licence_expiry_after_issue",
                violation_error_message=_("The licence expiry date must be after its issue "
                                          "date.")),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("vehicles:driver-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return self.person.full_name

    @property
    def rank(self) -> str:
        return self.person.rank

    def licence_valid_on(self, day: dt.date) -> bool:
        return self.licence_issued_on <= day <= self.licence_expires_on

    @property
    def licence_expired(self) -> bool:
        return self.licence_expires_on < timezone.localdate()

    def save(self, *args, **kwargs):
        self.search_text = fold(self.licence_number)  # the name is searched on the person
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class DriverAssignment(BaseModel):
    """A driver assigned to a vehicle from a date; the open one is the current driver."""

    item = models.ForeignKey(Item, models.PROTECT, related_name="driver_assignments",
                             verbose_name=_("vehicle"))
    driver = models.ForeignKey(Driver, models.PROTECT, related_name="assignments",
                               verbose_name=_("driver"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = HeldByVehicleQuerySet.as_manager()

    class Meta:
        verbose_name = _("driver assignment")
        verbose_name_plural = _("driver assignments")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(ended_on__isnull=True),
                                    name="assignment_one_current_per_vehicle"),
        ]

    def __str__(self) -> str:
        return f"{self.driver} — {self.item}"


class Trip(BaseModel):
    """One trip under a dispatch order (lệnh điều xe): route, km driven, fuel issued."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="trips", verbose_name=_("unit"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="trips",
                             verbose_name=_("vehicle"))
    driver = models.ForeignKey(Driver, models.PROTECT, related_name="trips",
                               verbose_name=_("driver"))
    order_number = models.CharField(_("dispatch order number"), max_length=40)
    trip_date = models.DateField(_("trip date"))
    route = models.CharField(_("route"), max_length=300)
    km = models.DecimalField(_("km driven"), **KM)
    fuel_litres = models.DecimalField(_("fuel issued (litres)"), **LITRES)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("recorded by"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-trip_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(km__gte=0, fuel_litres__gte=0),
                                   name="trip_km_fuel_not_negative",
                                   violation_error_message=_("Km and fuel cannot be negative.")),
            models.UniqueConstraint(fields=["item", "order_number"],
                                    name="trip_order_unique_per_vehicle"),
        ]
        indexes = [models.Index(fields=["unit", "trip_date"], name="trip_unit_date_idx"),
                   models.Index(fields=["item", "trip_date"], name="trip_item_date_idx")]

    def __str__(self) -> str:
        return f"{self.order_number} ({self.trip_date:%d/%m/%Y})"


class Accident(BaseModel):
    """A traffic accident: one record is one accident (vụ), with deaths and injuries."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="accidents",
                             verbose_name=_("unit"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="accidents",
                             verbose_name=_("vehicle"))
    driver = models.ForeignKey(Driver, models.PROTECT, null=True, blank=True,
                               related_name="accidents", verbose_name=_("driver"))
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    deaths = models.IntegerField(_("deaths"), default=0)
    injuries = models.IntegerField(_("injuries"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("recorded by"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("traffic accident")
        verbose_name_plural = _("traffic accidents")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(deaths__gte=0, injuries__gte=0),
                                   name="accident_counts_not_negative",
                                   violation_error_message=_("The numbers of deaths and "
                                                             "injuries cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} — {self.place}"


class ProgrammeQuerySet(UnitScopedQuerySet):
    def seen_from(self, unit: Unit) -> Self:
        """Programmes of the unit, the units above it (which set them) or below it."""
        return self.within_lineage(unit)


class Programme(BaseModel):
    """A modernisation programme (diesel conversion …) over some equipment types."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="modernization_programmes",
                             verbose_name=_("managing unit"))
    name = models.CharField(_("name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True,
                                    help_text=_("Number, symbol and date of the decision."))
    types = models.ManyToManyField(EquipmentType, related_name="modernization_programmes",
                                   verbose_name=_("models covered"))
    description = models.TextField(_("description"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("modernisation programme")
        verbose_name_plural = _("modernisation programmes")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phase})" if self.phase else self.name

    def get_absolute_url(self) -> str:
        return reverse("vehicles:programme-detail", args=[self.pk])


class Conversion(BaseModel):
    """One vehicle converted under a programme, with its consumption before and after."""

    programme = models.ForeignKey(Programme, models.PROTECT, related_name="conversions",
                                  verbose_name=_("programme"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="conversions",
                             verbose_name=_("vehicle"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="conversions",
                             verbose_name=_("unit"))
    converted_on = models.DateField(_("converted on"))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="conversions", verbose_name=_("facility"))
    performed_by = models.CharField(_("performed by"), max_length=200, blank=True,
                                    help_text=_("Factory or workshop, e.g. Nhà máy Z151."))
    fuel_before = models.DecimalField(_("consumption before (l/100 km)"), **RATE)
    fuel_after = models.DecimalField(_("consumption after (l/100 km)"), **RATE)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversion")
        verbose_name_plural = _("conversions")
        ordering = ["-converted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "item"],
                                    name="conversion_once_per_programme",
                                    violation_error_message=_("This vehicle is already "
                                                              "converted under this programme.")),
            models.CheckConstraint(condition=Q(fuel_before__gt=0, fuel_after__gt=0),
                                   name="conversion_consumption_positive",
                                   violation_error_message=_("Fuel consumption must be above "
                                                             "zero.")),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.item}"

    @property
    def saving(self) -> Decimal:
        return self.fuel_before - self.fuel_after

    @property
    def saving_percent(self) -> Decimal:
        return (self.saving * 100 / self.fuel_before).quantize(Decimal("0.1"))

    @property
    def facility_label(self) -> str:
        return self.facility.name if self.facility else self.performed_by
