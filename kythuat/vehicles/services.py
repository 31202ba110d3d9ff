"""Writes on vehicles: one business action per function, in one transaction, audited."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.people import services as people_services
from kythuat.people.models import Person, PersonCategory
from kythuat.storage.models import Facility

from .models import (
    VEHICLE_BRANCH,
    Accident,
    Conversion,
    Driver,
    DriverAssignment,
    FuelNorm,
    LicenceClass,
    PlateType,
    Programme,
    Registration,
    Trip,
    plate_key,
)

DRIVER_FIELDS = ["person", "licence_number", "licence_class", "licence_issued_on",
                 "licence_expires_on", "is_active", "note"]
DRIVER_CATEGORY = "hsq-bs"  # a new person recorded as a driver: soldier with a technical duty
DRIVER_POSITION = "Lái xe"


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def is_vehicle_type(etype: EquipmentType) -> bool:
    return etype.tracking == Tracking.SERIAL and etype.branch.code == VEHICLE_BRANCH


def _ensure_vehicle(item: Item, field: str = "item") -> None:
    if not is_vehicle_type(item.type):
        raise ValidationError({field: _("%(item)s is not a vehicle: choose an item of a vehicle "
                                        "type of the vehicle branch.") % {"item": item}},
                              code="not_vehicle")


def _ensure_held(item: Item, field: str = "item") -> None:
    if item.status not in HELD_STATUSES:
        raise ValidationError({field: _("Vehicle %(item)s is no longer held (%(status)s).")
                               % {"item": item, "status": item.get_status_display()}},
                              code="not_held")


def _ensure_not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date %(day)s is in the future; enter a date up to "
                                        "today.") % {"day": _day(day)}}, code="future_date")


# Registration and drivers -----------------------------------------------------------------

def normalise_plate(plate: str) -> str:
    return " ".join(nfc(plate).upper().split())


@transaction.atomic
def registration_create(*, actor: User | None, item: Item, plate: str, plate_type: PlateType,
                        registered_on: dt.date, note: str = "") -> Registration:
    """Registers a vehicle under a plate; the previous registration ends on this date."""
    permissions.ensure_can_post(actor, item.unit)
    _ensure_vehicle(item)
    _ensure_not_future(registered_on, "registered_on")
    plate = normalise_plate(plate)
    key = plate_key(plate)
    if not key:
        raise ValidationError({"plate": _("Enter the plate number.")}, code="required")
    other = (Registration.objects.filter(plate_key=key, ended_on__isnull=True)
             .exclude(item=item).select_related("item__type").first())
    if other is not None:
        raise ValidationError({"plate": _("The plate number %(plate)s is already registered to "
                                          "another vehicle; check the number.")
                               % {"plate": plate}}, code="duplicate_plate")
    current = Registration.objects.select_for_update().filter(
        item=item, ended_on__isnull=True).first()
    if current is not None:
        if registered_on <= current.registered_on:
            raise ValidationError({"registered_on": _(
                "The vehicle has been registered since %(day)s; a new registration must be "
                "dated after it.") % {"day": _day(current.registered_on)}}, code="before_current")
        current.ended_on = registered_on
        current.save(update_fields=["ended_on", "updated_at"])
    registration = Registration(item=item, plate=plate, plate_key=key, plate_type=plate_type,
                                registered_on=registered_on, note=nfc(note))
    registration.full_clean()
    registration.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=registration,
                 unit=item.unit, changes=audit.snapshot(
                     registration, ["plate", "plate_type", "registered_on"]),
                 note=str(item))
    return registration


def _check_licence_dates(issued: dt.date | None, expires: dt.date | None) -> None:
    if issued and expires and expires <= issued:
        raise ValidationError({"licence_expires_on": _(
            "The licence expiry date must be after its issue date (%(day)s).")
            % {"day": _day(issued)}}, code="expiry_before_issue")


def _driver_person(actor: User | None, unit: Unit, person: Person | None, full_name: str,
                   rank: str, category: PersonCategory | None,
                   joined_on: dt.date | None) -> Person:
    """The person the licence belongs to: one already recorded in the unit's subtree (and not
    yet a driver), or a new person of the unit, serving from today."""
    if person is not None:
        if not person.unit.path.startswith(unit.path):
            raise ValidationError({"person": _(
                "%(person)s serves in %(unit)s, outside the driver's unit; choose a person of "
                "that unit or a unit below it.") % {"person": person, "unit": person.unit.name}},
                code="person_outside")
        if Driver.objects.filter(person=person).exists():
            raise ValidationError({"person": _(
                "%(person)s is already recorded as a driver; open that driver's page.")
                % {"person": person}}, code="person_is_driver")
        return person
    if not nfc(full_name).strip():
        raise ValidationError({"full_name": _(
            "Choose a person already recorded, or enter the full name of a new person.")},
            code="person_missing")
    category = category or PersonCategory.objects.filter(code=DRIVER_CATEGORY).first() or \
        PersonCategory.objects.filter(is_active=True).first()
    return people_services.person_create(
        actor=actor, unit=unit, full_name=full_name, rank=rank, category=category,
        position=DRIVER_POSITION, started_on=joined_on or timezone.localdate())


@transaction.atomic
def driver_create(*, actor: User | None, unit: Unit, licence_number: str,
                  licence_class: LicenceClass, licence_issued_on: dt.date,
                  licence_expires_on: dt.date, person: Person | None = None,
                  full_name: str = "", rank: str = "", note: str = "",
                  category: PersonCategory | None = None,
                  joined_on: dt.date | None = None) -> Driver:
    """Records the military driving licence of a person (a new person of `category`, serving
    in the unit from `joined_on`, when only a name is given)."""
    permissions.ensure_can_draft(actor, unit)
    _check_licence_dates(licence_issued_on, licence_expires_on)
    _ensure_not_future(licence_issued_on, "licence_issued_on")
    person = _driver_person(actor, unit, person, full_name, rank, category, joined_on)
    driver = Driver(unit=unit, person=person,
                    licence_number=nfc(licence_number).upper(), licence_class=licence_class,
                    licence_issued_on=licence_issued_on, licence_expires_on=licence_expires_on,
                    note=nfc(note))
    driver.full_clean()
    driver.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=driver, unit=unit,
                 changes=audit.snapshot(driver, DRIVER_FIELDS))
    return driver


@transaction.atomic
def driver_update(*, actor: User | None, driver: Driver, data: dict) -> Driver:
    permissions.ensure_can_draft(actor, driver.unit)
    _check_licence_dates(data.get("licence_issued_on", driver.licence_issued_on),
                         data.get("licence_expires_on", driver.licence_expires_on))
    data.pop("person", None)  # a licence stays with its person
    if "note" in data:
        data["note"] = nfc(data["note"])
    if "licence_number" in data:
        data["licence_number"] = nfc(data["licence_number"]).upper()
    changes = model_update(instance=driver, fields=DRIVER_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=driver,
                     unit=driver.unit, changes=changes)
    return driver


def _ensure_same_tree(driver: Driver, item: Item) -> None:
    """A driver drives the vehicles of their unit's line: one unit is inside the other."""
    a, b = driver.unit.path, item.unit.path
    if not (a.startswith(b) or b.startswith(a)):
        raise ValidationError({"driver": _("%(driver)s belongs to %(unit)s, which neither holds "
                                           "nor is under the unit holding this vehicle.")
                               % {"driver": driver, "unit": driver.unit.name}},
                              code="driver_unit")


@transaction.atomic
def assignment_create(*, actor: User | None, item: Item, driver: Driver,
                      started_on: dt.date) -> DriverAssignment:
    """Assigns a driver to a vehicle; the previous driver's assignment ends on this date."""
    permissions.ensure_can_draft(actor, item.unit, driver.unit)
    _ensure_vehicle(item)
    _ensure_held(item)
    _ensure_same_tree(driver, item)
    if not driver.is_active:
        raise ValidationError({"driver": _("%(driver)s is no longer an active driver.")
                               % {"driver": driver}}, code="inactive_driver")
    if not driver.licence_valid_on(started_on):
        raise ValidationError({"driver": _(
            "The licence of %(driver)s is not valid on %(day)s (valid %(issued)s–%(expires)s).")
            % {"driver": driver, "day": _day(started_on), "issued": _day(driver.licence_issued_on),
               "expires": _day(driver.licence_expires_on)}}, code="licence_invalid")
    current = DriverAssignment.objects.select_for_update().filter(
        item=item, ended_on__isnull=True).first()
    if current is not None:
        if started_on <= current.started_on:
            raise ValidationError({"started_on": _(
                "The current driver has been assigned since %(day)s; the new assignment must "
                "start after it.") % {"day": _day(current.started_on)}}, code="before_current")
        current.ended_on = started_on
        current.save(update_fields=["ended_on", "updated_at"])
    assignment = DriverAssignment.objects.create(item=item, driver=driver, started_on=started_on)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=assignment,
                 unit=item.unit, changes=audit.snapshot(assignment, ["driver", "started_on"]))
    return assignment


# Norms and trips -----------------------------------------------------------------------------

@transaction.atomic
def fuel_norm_set(*, actor: User | None, type: EquipmentType, litres_per_100km: Decimal,
                  tank_litres: Decimal, source: str = "") -> FuelNorm:
    permissions.ensure_can_manage_catalog(actor)
    permissions.ensure_can_edit_type_data(actor, type.owner_unit)
    if not is_vehicle_type(type):
        raise ValidationError({"type": _("%(type)s is not a vehicle type.") % {"type": type.name}},
                              code="not_vehicle")
    for field, value in (("litres_per_100km", litres_per_100km), ("tank_litres", tank_litres)):
        if value is None or value <= 0:
            raise ValidationError({field: _("Enter a number above zero.")}, code="not_positive")
    norm = FuelNorm.objects.filter(type=type).first()
    data = {"litres_per_100km": litres_per_100km, "tank_litres": tank_litres,
            "source": nfc(source)}
    if norm is None:
        norm = FuelNorm(type=type, **data)
        norm.full_clean()
        norm.save()
        audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=norm,
                     changes=audit.snapshot(norm, list(data)))
        return norm
    changes = model_update(instance=norm, fields=list(data), data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=norm, changes=changes)
    return norm


@transaction.atomic
def trip_create(*, actor: User | None, item: Item, driver: Driver, order_number: str,
                trip_date: dt.date, route: str, km: Decimal, fuel_litres: Decimal,
                note: str = "") -> Trip:
    """Records a trip; refused when the fuel exceeds the tank or the licence is not valid."""
    permissions.ensure_can_draft(actor, item.unit, driver.unit)
    _ensure_vehicle(item)
    _ensure_held(item)
    _ensure_not_future(trip_date, "trip_date")
    if km is None or km < 0:
        raise ValidationError({"km": _("The km driven cannot be negative.")}, code="negative")
    if fuel_litres is None or fuel_litres < 0:
        raise ValidationError({"fuel_litres": _("The fuel issued cannot be negative.")},
                              code="negative")
    norm = FuelNorm.objects.filter(type=item.type_id).first()
    if norm is not None and fuel_litres > norm.tank_litres:
        raise ValidationError({"fuel_litres": _(
            "%(fuel)s litres is more than the tank of a %(type)s holds (%(tank)s litres); "
            "split the issue over several trips or check the figure.")
            % {"fuel": number_format(fuel_litres), "type": item.type.symbol,
               "tank": number_format(norm.tank_litres)}}, code="above_tank")
    _ensure_same_tree(driver, item)
    if not driver.licence_valid_on(trip_date):
        raise ValidationError({"driver": _(
            "The military driving licence of %(driver)s is not valid on %(day)s (valid "
            "%(issued)s–%(expires)s); choose another driver.")
            % {"driver": driver, "day": _day(trip_date),
               "issued": _day(driver.licence_issued_on),
               "expires": _day(driver.licence_expires_on)}}, code="licence_invalid")
    order_number = nfc(order_number).upper()
    if Trip.objects.filter(item=item, order_number=order_number).exists():
        raise ValidationError({"order_number": _(
            "Dispatch order %(number)s is already recorded for this vehicle.")
            % {"number": order_number}}, code="duplicate_order")
    trip = Trip(unit=item.unit, item=item, driver=driver, order_number=order_number,
                trip_date=trip_date, route=nfc(route), km=km, fuel_litres=fuel_litres,
                note=nfc(note), created_by=actor if actor and actor.pk else None)
    trip.full_clean()
    trip.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=trip, unit=trip.unit,
                 changes=audit.snapshot(trip, ["order_number", "trip_date", "item", "driver",
                                               "route", "km", "fuel_litres"]))
    return trip


# Accidents ---------------------------------------------------------------------------------

@transaction.atomic
def accident_create(*, actor: User | None, item: Item, occurred_on: dt.date, place: str,
                    deaths: int = 0, injuries: int = 0, driver: Driver | None = None,
                    description: str = "") -> Accident:
    permissions.ensure_can_draft(actor, item.unit)
    if driver is not None:
        permissions.ensure_can_draft(actor, driver.unit)
    _ensure_vehicle(item)
    _ensure_not_future(occurred_on, "occurred_on")
    for field, value in (("deaths", deaths), ("injuries", injuries)):
        if value is None or value < 0:
            raise ValidationError({field: _("The number of deaths or injuries cannot be "
                                            "negative; enter 0 if there were none.")},
                                  code="negative")
    accident = Accident(unit=item.unit, item=item, driver=driver, occurred_on=occurred_on,
                        place=nfc(place), description=nfc(description), deaths=deaths,
                        injuries=injuries, created_by=actor if actor and actor.pk else None)
    accident.full_clean()
    accident.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=accident,
                 unit=accident.unit, changes=audit.snapshot(
                     accident, ["occurred_on", "item", "driver", "place", "deaths", "injuries"]))
    return accident


# Modernisation -----------------------------------------------------------------------------

@transaction.atomic
def programme_create(*, actor: User | None, unit: Unit, name: str, types: list[EquipmentType],
                     phase: str = "", decision_ref: str = "",
                     description: str = "") -> Programme:
    permissions.ensure_can_post(actor, unit)
    if not types:
        raise ValidationError({"types": _("Choose at least one vehicle model the programme "
                                          "covers.")}, code="required")
    for etype in types:
        if not is_vehicle_type(etype):
            raise ValidationError({"types": _("%(type)s is not a vehicle type.")
                                   % {"type": etype.name}}, code="not_vehicle")
    programme = Programme(unit=unit, name=nfc(name), phase=nfc(phase),
                          decision_ref=nfc(decision_ref), description=nfc(description))
    programme.full_clean()
    programme.save()
    programme.types.set(types)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=programme, unit=unit,
                 changes={**audit.snapshot(programme, ["name", "phase", "decision_ref"]),
                          "types": [None, sorted(t.symbol for t in types)]})
    return programme


@transaction.atomic
def conversion_create(*, actor: User | None, programme: Programme, item: Item,
                      converted_on: dt.date, fuel_before: Decimal, fuel_after: Decimal,
                      facility: Facility | None = None, performed_by: str = "",
                      note: str = "") -> Conversion:
    """Records a vehicle converted under a programme with its consumption before and after."""
    permissions.ensure_can_post(actor, item.unit)
    _ensure_vehicle(item)
    _ensure_held(item)
    _ensure_not_future(converted_on, "converted_on")
    if not programme.types.filter(pk=item.type_id).exists():
        raise ValidationError({"item": _("The programme does not cover %(type)s.")
                               % {"type": item.type.name}}, code="type_not_covered")
    if Conversion.objects.filter(programme=programme, item=item).exists():
        raise ValidationError({"item": _("This vehicle is already converted under this "
                                         "programme.")}, code="duplicate")
    for field, value in (("fuel_before", fuel_before), ("fuel_after", fuel_after)):
        if value is None or value <= 0:
            raise ValidationError({field: _("Fuel consumption must be above zero.")},
                                  code="not_positive")
    if facility is None and not nfc(performed_by):
        raise ValidationError({"performed_by": _("Choose the facility or write the factory or "
                                                 "workshop that did the conversion.")},
                              code="required")
    if (actor is not None and facility is not None
            and not Facility.objects.visible_to(actor).filter(pk=facility.pk).exists()):
        raise PermissionDenied(_("You may not name that facility."))
    conversion = Conversion(programme=programme, item=item, unit=item.unit,
                            converted_on=converted_on, facility=facility,
                            performed_by=nfc(performed_by), fuel_before=fuel_before,
                            fuel_after=fuel_after, note=nfc(note))
    conversion.full_clean()
    conversion.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=conversion,
                 unit=item.unit, changes=audit.snapshot(
                     conversion, ["converted_on", "facility", "performed_by", "fuel_before",
                                  "fuel_after"]))
    return conversion


# Corrections -------------------------------------------------------------------------------

TRIP_FIELDS = ["order_number", "trip_date", "item", "driver", "route", "km", "fuel_litres"]
ACCIDENT_FIELDS = ["occurred_on", "item", "driver", "place", "deaths", "injuries"]


@transaction.atomic
def trip_delete(*, actor: User | None, trip: Trip, reason: str) -> None:
    """Removes a trip recorded by mistake; the audit row keeps what it said and why."""
    permissions.ensure_can_post(actor, trip.unit)
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for deleting the record.")},
                              code="required")
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=trip, unit=trip.unit,
                 changes={f: [getattr(trip, f), None] for f in TRIP_FIELDS}, note=nfc(reason))
    trip.delete()


@transaction.atomic
def accident_delete(*, actor: User | None, accident: Accident, reason: str) -> None:
    """Removes an accident recorded by mistake; the audit row keeps what it said and why."""
    permissions.ensure_can_post(actor, accident.unit)
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for deleting the record.")},
                              code="required")
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=accident,
                 unit=accident.unit, changes={f: [getattr(accident, f), None]
                                              for f in ACCIDENT_FIELDS}, note=nfc(reason))
    accident.delete()
