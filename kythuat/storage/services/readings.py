"""Storage-condition readings and the acknowledgement of those out of limits."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import User

from ..models import HUMIDITY_RANGE, TEMPERATURE_RANGE, ConditionReading, Facility

CLOCK_SKEW = dt.timedelta(minutes=10)  # a reading "now" from a clock slightly ahead is fine
READING_FIELDS = ["facility", "taken_at", "temperature", "humidity", "min_temperature",
                  "max_temperature", "max_humidity", "is_out_of_limits"]


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}, code="invalid") from None


def out_of_limits(temperature: Decimal | None, humidity: Decimal | None,
                  limits: tuple[Decimal | None, Decimal | None, Decimal | None]) -> bool:
    low, high, wet = limits
    return bool(
        (temperature is not None and low is not None and temperature < low)
        or (temperature is not None and high is not None and temperature > high)
        or (humidity is not None and wet is not None and humidity > wet)
    )


@transaction.atomic
def reading_record(*, actor: User | None, facility: Facility, taken_at: dt.datetime,
                   temperature: Any = None, humidity: Any = None,
                   note: str = "") -> ConditionReading:
    """Records a reading with the limits in force; a reading out of limits raises an alert."""
    permissions.ensure_can_draft(actor, facility.owner_unit)
    temperature = _decimal(temperature, "temperature")
    humidity = _decimal(humidity, "humidity")
    errors: dict[str, str] = {}
    if not facility.logs_conditions:
        errors["__all__"] = _("Storage conditions are not logged for %(facility)s; turn the "
                              "logging on in the facility's data first.") % {
                                  "facility": facility.name}
    if temperature is None and humidity is None:
        errors["temperature"] = _("Enter the temperature, the humidity or both.")
    if temperature is not None and not (
            TEMPERATURE_RANGE[0] <= temperature <= TEMPERATURE_RANGE[1]):
        errors["temperature"] = _(
            "A temperature of %(value)s °C is not possible in a facility: enter a value between "
            "−50 and 70 °C.") % {"value": temperature}
    if humidity is not None and not HUMIDITY_RANGE[0] <= humidity <= HUMIDITY_RANGE[1]:
        errors["humidity"] = _(
            "A humidity of %(value)s %% is not possible: enter a value between 0 and 100 %%."
        ) % {"value": humidity}
    if taken_at is None:
        errors["taken_at"] = _("Enter the date and time of the reading.")
    elif taken_at > timezone.now() + CLOCK_SKEW:
        errors["taken_at"] = _("The time of the reading cannot be in the future.")
    if errors:
        raise ValidationError(errors, code="invalid")
    limits = facility.limits()
    reading = ConditionReading(
        facility=facility, taken_at=taken_at, temperature=temperature, humidity=humidity,
        note=nfc(note).strip(), recorded_by=actor if actor is not None and actor.pk else None,
        min_temperature=limits[0], max_temperature=limits[1], max_humidity=limits[2],
        is_out_of_limits=out_of_limits(temperature, humidity, limits),
    )
    reading.full_clean()
    reading.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=reading,
                 unit=facility.owner_unit, changes=audit.snapshot(reading, READING_FIELDS))
    return reading


@transaction.atomic
def reading_acknowledge(*, actor: User | None, reading: ConditionReading,
                        note: str = "") -> ConditionReading:
    """An officer has seen a reading out of limits (and says what was done): its alert ends."""
    permissions.ensure_can_post(actor, reading.facility.owner_unit)
    if not reading.is_out_of_limits:
        raise ValidationError(_("This reading is within the limits; there is nothing to "
                                "acknowledge."), code="within_limits")
    if reading.acknowledged_at is not None:
        raise ValidationError(_("This reading was already acknowledged on %(date)s.") % {
            "date": f"{timezone.localtime(reading.acknowledged_at):%d/%m/%Y %H:%M}"},
            code="acknowledged")
    reading.acknowledged_at = timezone.now()
    reading.acknowledged_by = actor if actor is not None and actor.pk else None
    reading.acknowledgement_note = nfc(note).strip()
    reading.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note",
                                "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=reading,
                 unit=reading.facility.owner_unit,
                 changes={"acknowledged_at": [None, reading.acknowledged_at]},
                 note=reading.acknowledgement_note)
    return reading
