"""The life of a stocktake: draft, committee, start (sheets from the book), finish, cancel."""

import datetime as dt
from itertools import groupby
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from ..models import OPEN_STATUSES, CommitteeMember, CountLine, CountSheet, Stocktake
from ..selectors import book_as_of

FIELDS = ["unit", "kind", "as_of", "title", "decision_ref", "is_blind", "note", "conclusion"]


def _check(stocktake: Stocktake) -> None:
    errors: dict[str, str] = {}
    if stocktake.kind == Stocktake.Kind.PERIODIC and stocktake.as_of is not None and (
            stocktake.as_of.month, stocktake.as_of.day) != (1, 1):
        errors["as_of"] = _("A periodic stocktake is taken as at 0h on 1 January; choose "
                            "01/01 of the year or make it an ad hoc stocktake.")
    if not (stocktake.title or "").strip():
        errors["title"] = _("Give the stocktake a title.")
    if stocktake.unit_id and stocktake.as_of and not stocktake.unit.is_active(stocktake.as_of):
        errors["unit"] = _("%(unit)s did not exist on %(date)s.") % {
            "unit": stocktake.unit.name, "date": stocktake.as_of.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    twin = Stocktake.objects.filter(unit=stocktake.unit, as_of=stocktake.as_of).exclude(
        status=Stocktake.Status.CANCELLED).exclude(pk=stocktake.pk).first()
    if twin is not None:
        raise ValidationError({"as_of": _("%(unit)s already has a stocktake as at %(date)s: "
                                          "%(title)s.") % {
            "unit": stocktake.unit.name, "date": stocktake.as_of.strftime("%d/%m/%Y"),
            "title": twin.title}}, code="duplicate")


def default_title(kind: str, as_of: dt.date, unit: Unit) -> str:
    if kind == Stocktake.Kind.PERIODIC:
        return _("Periodic stocktake as at 0h 01/01/%(year)s — %(unit)s") % {
            "year": as_of.year, "unit": unit.label}
    return _("Ad hoc stocktake as at 0h %(date)s — %(unit)s") % {
        "date": as_of.strftime("%d/%m/%Y"), "unit": unit.label}


@transaction.atomic
def stocktake_create(*, actor: User | None, unit: Unit, as_of: dt.date,
                     kind: str = Stocktake.Kind.PERIODIC, title: str = "",
                     decision_ref: str = "", is_blind: bool = False, note: str = "",
                     conclusion: str = "") -> Stocktake:
    """Records a draft stocktake; its sheets are made when counting starts."""
    permissions.ensure_can_draft(actor, unit)
    stocktake = Stocktake(unit=unit, kind=kind, as_of=as_of,
                          title=nfc(title.strip()) or default_title(kind, as_of, unit),
                          decision_ref=nfc(decision_ref), is_blind=is_blind, note=nfc(note),
                          conclusion=nfc(conclusion),
                          created_by=actor if actor and actor.pk else None)
    _check(stocktake)
    stocktake.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=stocktake, unit=unit,
                 changes=audit.snapshot(stocktake, FIELDS))
    return stocktake


def _lock(stocktake: Stocktake) -> Stocktake:
    return Stocktake.objects.select_for_update(of=("self",)).select_related("unit").get(
        pk=stocktake.pk)


def ensure_status(stocktake: Stocktake, *statuses: str) -> None:
    if stocktake.status not in statuses:
        labels = ", ".join(str(Stocktake.Status(s).label) for s in statuses)
        raise ValidationError(
            _("The stocktake is %(status)s; this can only be done while it is %(allowed)s.")
            % {"status": stocktake.get_status_display(), "allowed": labels}, code="status")


@transaction.atomic
def stocktake_update(*, actor: User | None, stocktake: Stocktake,
                     data: dict[str, Any]) -> Stocktake:
    """Changes the header. Unit, kind and date only while it is a draft."""
    stocktake = _lock(stocktake)
    permissions.ensure_can_draft(actor, stocktake.unit, data.get("unit"))
    ensure_status(stocktake, Stocktake.Status.DRAFT, *OPEN_STATUSES)
    if stocktake.status != Stocktake.Status.DRAFT:
        data = {k: v for k, v in data.items() if k in ("title", "decision_ref", "note",
                                                         "conclusion")}
    for name in ("title", "decision_ref", "note", "conclusion"):
        if name in data:
            data[name] = nfc(data[name] or "")
    before = {name: getattr(stocktake, name) for name in FIELDS}
    for name, value in data.items():
        setattr(stocktake, name, value)
    _check(stocktake)
    for name, value in before.items():
        setattr(stocktake, name, value)
    changes = model_update(instance=stocktake, fields=FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                     unit=stocktake.unit, changes=changes)
    return stocktake


@transaction.atomic
def member_add(*, actor: User | None, stocktake: Stocktake, name: str, position: str = "",
               role: str = CommitteeMember.Role.MEMBER, person=None) -> CommitteeMember:
    stocktake = _lock(stocktake)
    permissions.ensure_can_draft(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.DRAFT, *OPEN_STATUSES)
    name = nfc(name.strip())
    if not name:
        raise ValidationError({"name": _("Enter the member's full name.")})
    if role == CommitteeMember.Role.CHAIR and stocktake.members.filter(role=role).exists():
        raise ValidationError({"role": _("The committee already has a chair; remove them "
                                         "first or choose another role.")})
    member = CommitteeMember.objects.create(stocktake=stocktake, name=name,
                                            position=nfc(position.strip()), role=role,
                                            person=person)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, changes={"members": [None, str(member)]})
    return member


@transaction.atomic
def member_remove(*, actor: User | None, member: CommitteeMember) -> None:
    stocktake = _lock(member.stocktake)
    permissions.ensure_can_draft(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.DRAFT, *OPEN_STATUSES)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, changes={"members": [str(member), None]})
    member.delete()


def _ensure_no_overlap(stocktake: Stocktake) -> None:
    """Two open stocktakes may not cover the same unit: one would freeze the other's books."""
    unit = stocktake.unit
    open_ones = Stocktake.objects.filter(status__in=OPEN_STATUSES).exclude(pk=stocktake.pk)
    overlapping = (open_ones.filter(unit__in=unit.ancestors().values("pk")).first()
                   or open_ones.filter(unit__in=subtree_ids(unit)).first())
    if overlapping is not None:
        raise ValidationError(_("Stocktake %(title)s is still open over part of these units; "
                                "approve or cancel it first.") % {"title": overlapping.title},
                              code="overlap")


def _make_sheets(stocktake: Stocktake) -> int:
    booked = book_as_of(unit=stocktake.unit, day=stocktake.book_day)
    units = {u.pk: u for u in Unit.objects.filter(pk__in={b.unit_id for b in booked})}
    booked.sort(key=lambda b: (units[b.unit_id].path, b.facility_id or 0))
    serials = dict(Item.objects.filter(pk__in=[b.item_id for b in booked if b.item_id])
                   .values_list("pk", "serial"))
    number = 0
    own_sheet = False
    lines = []
    for (unit_id, facility_id), group in groupby(booked,
                                                 key=lambda b: (b.unit_id, b.facility_id)):
        number += 1
        own_sheet = own_sheet or (unit_id == stocktake.unit_id and facility_id is None)
        sheet = CountSheet.objects.create(stocktake=stocktake, number=number, unit_id=unit_id,
                                          facility_id=facility_id)
        lines += [CountLine(sheet=sheet, type_id=b.type_id, item_id=b.item_id,
                            serial=serials.get(b.item_id, ""), lot_id=b.lot_id, grade=b.grade,
                            usage_group_id=b.usage_group_id, booked=b.quantity)
                  for b in group]
    if not own_sheet:  # somewhere to record finds of the unit itself
        number += 1
        CountSheet.objects.create(stocktake=stocktake, number=number, unit=stocktake.unit)
    CountLine.objects.bulk_create(lines, batch_size=500)
    return len(lines)


@transaction.atomic
def stocktake_start(*, actor: User | None, stocktake: Stocktake) -> Stocktake:
    """Starts counting: makes the count sheets from the book as at 0h of the stocktake date
    and freezes postings in the scope until the stocktake is approved or cancelled."""
    stocktake = _lock(stocktake)
    permissions.ensure_can_post(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.DRAFT)
    if stocktake.as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Counting can start on %(date)s at the earliest.")
                               % {"date": stocktake.as_of.strftime("%d/%m/%Y")}})
    if not stocktake.members.filter(role=CommitteeMember.Role.CHAIR).exists():
        raise ValidationError(_("Name the chair of the stocktake committee before counting "
                                "starts."), code="no_chair")
    _ensure_no_overlap(stocktake)
    count = _make_sheets(stocktake)
    stocktake.status = Stocktake.Status.COUNTING
    stocktake.started_at = timezone.now()
    stocktake.save(update_fields=["status", "started_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, changes={"status": ["draft", "counting"]},
                 note=_("%(count)s lines on %(sheets)s sheets") % {
                     "count": count, "sheets": stocktake.sheets.count()})
    return stocktake


@transaction.atomic
def stocktake_finish(*, actor: User | None, stocktake: Stocktake) -> Stocktake:
    """Closes counting once every line has a counted quantity."""
    stocktake = _lock(stocktake)
    permissions.ensure_can_draft(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.COUNTING)
    left = CountLine.objects.filter(sheet__stocktake=stocktake, counted__isnull=True).count()
    if left:
        raise ValidationError(_("%(count)s lines have not been counted yet; enter a counted "
                                "quantity (0 if nothing was found) on every line.")
                              % {"count": left}, code="uncounted")
    stocktake.status = Stocktake.Status.COUNTED
    stocktake.counted_at = timezone.now()
    stocktake.save(update_fields=["status", "counted_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, changes={"status": ["counting", "counted"]})
    return stocktake


@transaction.atomic
def stocktake_reopen(*, actor: User | None, stocktake: Stocktake) -> Stocktake:
    """Back to counting, to correct a count before approval."""
    stocktake = _lock(stocktake)
    permissions.ensure_can_draft(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.COUNTED)
    stocktake.status = Stocktake.Status.COUNTING
    stocktake.counted_at = None
    stocktake.save(update_fields=["status", "counted_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, changes={"status": ["counted", "counting"]})
    return stocktake


@transaction.atomic
def stocktake_cancel(*, actor: User | None, stocktake: Stocktake, reason: str = "") -> Stocktake:
    """Cancels a stocktake that is not approved; the books of its scope are free again."""
    stocktake = _lock(stocktake)
    permissions.ensure_can_post(actor, stocktake.unit)
    ensure_status(stocktake, Stocktake.Status.DRAFT, *OPEN_STATUSES)
    before = stocktake.status
    stocktake.status = Stocktake.Status.CANCELLED
    stocktake.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, changes={"status": [before, "cancelled"]},
                 note=nfc(reason))
    return stocktake
