"""Meter readings: odometers, motor-hour counters, rounds counters."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.text import nfc
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.models import User

from ..models import Meter, MeterKind, MeterReading
from .due import meter_total_changed


def number(value: Decimal) -> str:
    value = value.normalize() if value != value.to_integral_value() else int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


@transaction.atomic
def meter_reading_record(*, actor: User | None, item: Item, kind: MeterKind, read_on: dt.date,
                         value: Decimal, is_replacement: bool = False,
                         note: str = "") -> MeterReading:
    """Records a reading; a lower value than the last one needs `is_replacement`."""
    permissions.ensure_can_draft(actor, item.unit)
    if item.status not in HELD_STATUSES:
        raise ValidationError(_("Item %(item)s is no longer held; its meters cannot be read.")
                              % {"item": item.serial}, code="not_held")
    params = {"uom": kind.uom, "kind": kind.name}
    if value is None or value < 0:
        raise ValidationError({"value": _("A reading cannot be negative.")})
    if value > kind.max_value:
        raise ValidationError({"value": _("A reading of %(kind)s cannot be above %(max)s %(uom)s; "
                                          "check the figure.")
                               % {**params, "max": number(kind.max_value)}})
    if read_on is None or read_on > timezone.localdate():
        raise ValidationError({"read_on": _("The reading date cannot be in the future.")})
    meter = Meter.objects.select_for_update().filter(item=item, kind=kind).first()
    if meter is None:
        meter = Meter(item=item, kind=kind, value=value, total=value, first_total=value,
                      read_on=read_on)
        total = value
    else:
        last = {"last": number(meter.value), "date": meter.read_on.strftime("%d/%m/%Y"), **params}
        if read_on < meter.read_on:
            raise ValidationError({"read_on": _(
                "The last reading of this meter is dated %(date)s; a reading cannot be dated "
                "before it.") % last})
        if is_replacement:
            # The distance covered between the last reading and the change is not known.
            total = meter.total
        else:
            if value < meter.value:
                raise ValidationError({"value": _(
                    "The reading %(value)s %(uom)s is lower than the last one, %(last)s %(uom)s on "
                    "%(date)s. A meter does not go backwards: check the figure, or tick “meter "
                    "replaced” if the meter was changed.") % {**last, "value": number(value)}},
                    code="meter_backwards")
            increase = value - meter.value
            days = max((read_on - meter.read_on).days, 1)
            if increase > kind.max_per_day * days:
                raise ValidationError({"value": _(
                    "%(increase)s %(uom)s in %(days)s day(s) since the last reading (%(date)s) "
                    "is impossible: the largest increase of %(kind)s is %(max)s %(uom)s a day. "
                    "Check the figure.") % {**last, "increase": number(increase), "days": days,
                                            "max": number(kind.max_per_day)}},
                    code="meter_impossible")
            total = meter.total + increase
        meter.value, meter.total, meter.read_on = value, total, read_on
    meter.save()
    meter_total_changed(meter)
    reading = MeterReading.objects.create(
        meter=meter, read_on=read_on, value=value, total=total, is_replacement=is_replacement,
        note=nfc(note), recorded_by=actor if actor and actor.pk else None)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=reading, unit=item.unit,
                 changes={"value": [None, value], "read_on": [None, read_on],
                          "is_replacement": [None, is_replacement]})
    return reading
