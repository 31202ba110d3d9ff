"""Writes: format profiles and document types (superuser), issuers (officers of the unit),
and issuing a number (one transaction holding a lock on the series counter)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from .formatting import ABBREVIATION_RE, format_symbol
from .models import DocumentType, FormatProfile, IssuedNumber, Issuer, NumberCounter
from .selectors import issuer_lineage, issuer_on

PROFILE_FIELDS = [f.name for f in FormatProfile._meta.get_fields()
                  if getattr(f, "editable", False) and f.concrete and not f.primary_key
                  and f.name not in ("created_at", "updated_at", "code")]
TYPE_FIELDS = ["code", "name", "applies_to", "order", "is_active"]
ISSUER_FIELDS = ["name", "abbreviation", "parent_name", "place", "profile", "valid_from",
                 "valid_to", "term_start", "term_end"]


def _ensure_superuser(actor: User | None) -> None:
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only the system administrator may change reference data."))


# Profiles and types ------------------------------------------------------------------------

@transaction.atomic
def profile_update(*, actor: User | None, profile: FormatProfile,
                   data: dict[str, Any]) -> FormatProfile:
    _ensure_superuser(actor)
    pattern = data.get("number_pattern", profile.number_pattern)
    if "{n}" not in pattern or "{type}" not in pattern or "{issuer}" not in pattern:
        raise ValidationError({"number_pattern": _(
            "The pattern must contain {n}, {type} and {issuer}.")})
    for name in ("margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm"):
        if name in data and not 5 <= float(data[name]) <= 50:
            raise ValidationError({name: _("A margin must be between 5 and 50 mm.")})
    changes = model_update(instance=profile, fields=PROFILE_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=profile,
                     changes=changes)
    return profile


@transaction.atomic
def document_type_save(*, actor: User | None, data: dict[str, Any],
                       document_type: DocumentType | None = None) -> DocumentType:
    _ensure_superuser(actor)
    code = nfc(str(data.get("code", document_type.code if document_type else ""))).strip()
    if not code or " " in code:
        raise ValidationError({"code": _("A type code is one word without spaces, e.g. BC.")})
    clash = DocumentType.objects.filter(code=code)
    if document_type is not None:
        clash = clash.exclude(pk=document_type.pk)
    if clash.exists():
        raise ValidationError({"code": _("The type code %(code)s is already used.")
                               % {"code": code}})
    data = {**data, "code": code, "name": nfc(str(data.get("name", "")))}
    if document_type is None:
        document_type = DocumentType(**{k: v for k, v in data.items() if k in TYPE_FIELDS})
        document_type.full_clean()
        document_type.save()
        audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=document_type,
                     changes=audit.snapshot(document_type, TYPE_FIELDS))
        return document_type
    changes = model_update(instance=document_type, fields=TYPE_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=document_type,
                     changes=changes)
    return document_type


# Issuers -----------------------------------------------------------------------------------

def _clean_issuer(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    values = {**values}
    for name in ("name", "parent_name", "place"):
        values[name] = " ".join(nfc(str(values.get(name) or "")).split())
    abbreviation = nfc(str(values.get("abbreviation") or "")).strip()
    if not abbreviation or not ABBREVIATION_RE.match(abbreviation):
        raise ValidationError({"abbreviation": _(
            "An abbreviation is one word of capital letters and digits without spaces, "
            "e.g. BCH or ĐUQSTW.")})
    values["abbreviation"] = abbreviation
    if not values["name"]:
        raise ValidationError({"name": _("Enter the name of the issuer.")})
    if not values["place"]:
        raise ValidationError({"place": _("Enter the place name of the date line.")})
    start, end = values.get("valid_from"), values.get("valid_to")
    if start is None:
        raise ValidationError({"valid_from": _("Enter the date from which the name is used.")})
    if end is not None and end < start:
        raise ValidationError({"valid_to": _("The end of validity is before its start.")})
    term_start, term_end = values.get("term_start"), values.get("term_end")
    if term_end is not None and term_start is not None and term_end < term_start:
        raise ValidationError({"term_end": _("The end of the term is before its start.")})
    if term_end is not None and term_start is None:
        raise ValidationError({"term_start": _("Enter the start of the term.")})
    profile: FormatProfile = values["profile"]
    if profile.counter_scope == FormatProfile.CounterScope.TERM and term_start is None:
        raise ValidationError({"term_start": _(
            "A Party committee numbers its documents per term: enter the start of the term.")})
    return values


@transaction.atomic
def issuer_create(*, actor: User | None, unit: Unit, predecessor: Issuer | None = None,
                  **values: Any) -> Issuer:
    """A new issuer, or (with `predecessor`) the new name of an existing one: the old name
    ends the day before the new one starts and keeps its documents and symbols."""
    permissions.ensure_can_post(actor, unit)
    values = _clean_issuer(values)
    if predecessor is not None:
        if predecessor.unit_id != unit.pk:
            raise ValidationError({"predecessor": _(
                "The previous name must belong to the same unit.")})
        if hasattr(predecessor, "successor"):
            raise ValidationError({"predecessor": _("This name has already been replaced.")})
        if values["valid_from"] <= predecessor.valid_from:
            raise ValidationError({"valid_from": _(
                "A new name must start after the previous name started (%(date)s).")
                % {"date": predecessor.valid_from.strftime("%d/%m/%Y")}})
        end = values["valid_from"] - dt.timedelta(days=1)
        if predecessor.valid_to is None or predecessor.valid_to > end:
            changes = {"valid_to": [predecessor.valid_to, end]}
            predecessor.valid_to = end
            predecessor.save(update_fields=["valid_to", "updated_at"])
            audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=predecessor,
                         unit=unit, changes=changes)
    issuer = Issuer(unit=unit, predecessor=predecessor,
                    **{k: v for k, v in values.items() if k in ISSUER_FIELDS})
    issuer.full_clean()
    issuer.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=issuer, unit=unit,
                 changes=audit.snapshot(issuer, ISSUER_FIELDS))
    return issuer


@transaction.atomic
def issuer_update(*, actor: User | None, issuer: Issuer, data: dict[str, Any]) -> Issuer:
    permissions.ensure_can_post(actor, issuer.unit)
    current = {name: getattr(issuer, name) for name in ISSUER_FIELDS}
    values = _clean_issuer({**current, **{k: v for k, v in data.items()
                                          if k in ISSUER_FIELDS}})
    successor = getattr(issuer, "successor", None)
    if successor is not None and (values["valid_to"] is None
                                  or values["valid_to"] >= successor.valid_from):
        raise ValidationError({"valid_to": _(
            "This name was replaced on %(date)s; its validity must end before that day.")
            % {"date": successor.valid_from.strftime("%d/%m/%Y")}})
    changes = model_update(instance=issuer, fields=ISSUER_FIELDS, data=values)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=issuer,
                     unit=issuer.unit, changes=changes)
    return issuer


# Numbers -----------------------------------------------------------------------------------

def series_of(issuer: Issuer, document_type: DocumentType, day: dt.date) -> tuple[str, str]:
    """(series, scope key) of a number: the type code for per-type profiles, and the calendar
    year or the committee term the date falls in."""
    profile = issuer.profile
    series = document_type.code if profile.counter_per_type else ""
    if profile.counter_scope == FormatProfile.CounterScope.TERM:
        if issuer.term_start is None or day < issuer.term_start or (
                issuer.term_end is not None and day > issuer.term_end):
            raise ValidationError({"date": _(
                "The date is outside the committee term of %(issuer)s; record the new term "
                "on the issuer first.") % {"issuer": issuer.name}})
        return series, f"term:{issuer.term_start.isoformat()}"
    return series, str(day.year)


@transaction.atomic
def number_issue(*, actor: User | None, issuer: Issuer, document_type: DocumentType,
                 date: dt.date, subject: str, reference: str = "",
                 once_key: str = "") -> IssuedNumber:
    """Gives the next number of the series and records it in the register. The issuer's name
    and abbreviation are those valid at the document's date.

    `once_key` names the document the number is for (a form's request key, a record): a
    second call with the same key — a double click, a retry after an abandoned download —
    answers the number already taken instead of a new one. The series is locked first, so two
    concurrent calls with one key also take one number."""
    permissions.ensure_can_draft(actor, issuer.unit)
    subject = " ".join(nfc(subject or "").split())
    if not subject:
        raise ValidationError({"subject": _("Enter the subject of the document.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A number cannot be issued for a future date.")})
    named = issuer_on(issuer, date)
    if named is None:
        raise ValidationError({"date": _(
            "%(issuer)s had no valid name on %(date)s.")
            % {"issuer": issuer.name, "date": date.strftime("%d/%m/%Y")}})
    profile = named.profile
    if not document_type.is_active or document_type.applies_to not in ("all", profile.code):
        raise ValidationError({"document_type": _(
            "The document type %(code)s is not used in this kind of document.")
            % {"code": document_type.code}})
    series, scope_key = series_of(named, document_type, date)
    root = issuer_lineage(named)[0]
    counter, _created = NumberCounter.objects.get_or_create(
        issuer=root, series=series, scope_key=scope_key)
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    reference = (f"{reference}#{once_key}" if once_key else reference)[:100]
    if once_key:
        taken = counter.numbers.filter(reference=reference).first()
        if taken is not None:
            return taken
    last = counter.numbers.order_by("-number").first()
    if last is not None and last.date > date:
        raise ValidationError({"date": _(
            "The last number of this series, %(symbol)s, is dated %(date)s; numbers follow the "
            "order of dates, so a new one cannot be dated earlier.")
            % {"symbol": last.symbol, "date": last.date.strftime("%d/%m/%Y")}})
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    symbol = format_symbol(profile.number_pattern, counter.last_number, document_type.code,
                           named.abbreviation, profile.pad_number)
    issued = IssuedNumber.objects.create(
        issuer=named, document_type=document_type, counter=counter,
        number=counter.last_number, symbol=symbol, date=date, subject=subject[:500],
        reference=reference, issued_by=actor if actor is not None and actor.pk else None)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=issued,
                 unit=named.unit, changes=audit.snapshot(issued, ["symbol", "date", "subject"]))
    return issued
