"""Certificates and qualifications, and the establishment of technical staff."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org.models import Unit, User

from ..models import Band, Certificate, CertificateKind, Establishment, Person, Trade
from .common import day_text, ensure_in_subtree, line, not_future, required_day
from .levels import check_level


@transaction.atomic
def certificate_add(*, actor: User | None, person: Person, kind: CertificateKind, number: str,
                    issued_on: dt.date, valid_until: dt.date | None = None, issued_by: str = "",
                    trade: Trade | None = None, level: int | None = None,
                    note: str = "") -> Certificate:
    ensure_in_subtree(actor, person.unit, "person")
    if not isinstance(kind, CertificateKind):
        raise ValidationError({"kind": _("Choose the kind of certificate.")})
    number = line(number, 60)
    if not number:
        raise ValidationError({"number": _("Enter the certificate's number.")})
    required_day(issued_on, "issued_on", _("the date of issue"))
    not_future(issued_on, "issued_on", _("The date of issue"))
    if valid_until is not None and valid_until < issued_on:
        raise ValidationError({"valid_until": _(
            "The certificate cannot expire (%(end)s) before it is issued (%(start)s).")
            % {"end": day_text(valid_until), "start": day_text(issued_on)}})
    if level is not None:
        if trade is None:
            raise ValidationError({"trade": _("Choose the trade of the level.")})
        level = check_level(trade, level)
    if Certificate.objects.filter(kind=kind, number__iexact=number, person=person).exists():
        raise ValidationError({"number": _(
            "%(person)s already has the certificate %(number)s of this kind.")
            % {"person": person, "number": number}})
    certificate = Certificate(person=person, kind=kind, number=number, issued_on=issued_on,
                              valid_until=valid_until, issued_by=line(issued_by, 150),
                              trade=trade, level=level, note=line(note, 300))
    certificate.full_clean()
    certificate.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=certificate,
                 unit=person.unit, changes=audit.snapshot(certificate, [
                     "number", "issued_on", "valid_until"]))
    return certificate


@transaction.atomic
def establishment_set(*, actor: User | None, unit: Unit, trade: Trade, band: str,
                      required: int, valid_from: dt.date,
                      decision_ref: str = "") -> Establishment:
    """The unit's establishment for a trade and band from `valid_from`; the figure in force
    ends the day before."""
    ensure_in_subtree(actor, unit)
    if not isinstance(trade, Trade):
        raise ValidationError({"trade": _("Choose the trade.")})
    if band not in Band.values:
        raise ValidationError({"band": _("Choose the low or the high band.")})
    if required is None or int(required) < 0 or int(required) > 9999:
        raise ValidationError({"required": _(
            "Enter the required number of people, from 0 to 9999.")})
    required_day(valid_from, "valid_from", _("the date the establishment applies from"))
    rows = Establishment.objects.select_for_update().filter(unit=unit, trade=trade, band=band)
    later = rows.filter(valid_from__gte=valid_from).first()
    if later is not None:
        raise ValidationError({"valid_from": _(
            "An establishment of %(unit)s for this trade and band already applies from "
            "%(date)s; date the new figure after it.") % {
            "unit": unit.name, "date": day_text(later.valid_from)}})
    current = rows.filter(valid_to__isnull=True).first()
    old = None
    if current is not None:
        old = current.required
        current.valid_to = valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_to", "updated_at"])
    row = Establishment.objects.create(unit=unit, trade=trade, band=band,
                                       required=int(required), valid_from=valid_from,
                                       decision_ref=line(decision_ref, 100))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=row, unit=unit,
                 changes={"required": [old, row.required],
                          "valid_from": [None, day_text(valid_from)]})
    return row
