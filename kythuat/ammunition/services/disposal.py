"""Disposal batches: a decision sends lots to disposal; write-off documents carry it out.

Draft → approved (its lots become "approved for disposal") → done (the write-offs linked to it
are posted and cover every line; a lot nobody holds any more becomes "disposed"). Posting or
reversing a linked write-off moves the batch through `follow_write_off`, which runs as a
posting guard, so the batch changes in the same transaction as the books.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.text import nfc
from kythuat.holdings import services as holdings
from kythuat.holdings.choices import LotStatus, MovementKind
from kythuat.holdings.models import Balance, Lot, Movement, MovementLine
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from ..models import DisposalBatch, DisposalLine, DisposalWriteOff
from .lots import ensure_lot_in_unit, locked_lot, lot_label, set_lot_status

Status = DisposalBatch.Status


def _qty(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:f}".replace(".", ",")


def _ensure_draft(batch: DisposalBatch) -> None:
    if batch.status != Status.DRAFT:
        raise ValidationError(_("Disposal batch %(batch)s is already approved; it cannot be "
                                "changed.") % {"batch": batch.title}, code="not_draft")


def held_in(unit: Unit, lot: Lot) -> Decimal:
    return Balance.objects.filter(unit__in=subtree_ids(unit), lot=lot).aggregate(
        total=Sum("quantity"))["total"] or Decimal(0)


@transaction.atomic
def disposal_batch_create(*, actor: User | None, unit: Unit, title: str, decided_on: dt.date,
                          decision_ref: str = "", note: str = "",
                          lines: list[tuple[Lot, Decimal]] | None = None) -> DisposalBatch:
    permissions.ensure_can_post(actor, unit)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the batch a title.")}, code="required")
    if decided_on is None or decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Enter a decision date that is not in the "
                                               "future.")}, code="bad_date")
    batch = DisposalBatch.objects.create(unit=unit, title=nfc(title), decided_on=decided_on,
                                         decision_ref=nfc(decision_ref), note=nfc(note))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=batch, unit=unit,
                 changes=audit.snapshot(batch, ["title", "decision_ref", "decided_on"]))
    for lot, quantity in lines or []:
        _add_line(batch, lot, quantity)
    return batch


def _add_line(batch: DisposalBatch, lot: Lot, quantity: Decimal) -> DisposalLine:
    ensure_lot_in_unit(lot, batch.unit)
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be greater than 0.")},
                              code="bad_quantity")
    if batch.lines.filter(lot=lot).exists():
        raise ValidationError({"lot": _("Lot %(lot)s is already in this batch.")
                               % {"lot": lot_label(lot)}}, code="duplicate_lot")
    if lot.status == LotStatus.DISPOSED:
        raise ValidationError({"lot": _("Lot %(lot)s has already been disposed of.")
                               % {"lot": lot_label(lot)}}, code="disposed")
    on_hand = held_in(batch.unit, lot)
    if quantity > on_hand:
        raise ValidationError({"quantity": _(
            "%(unit)s and its subordinates hold only %(on_hand)s %(uom)s of lot %(lot)s.")
            % {"unit": batch.unit.name, "on_hand": _qty(on_hand), "uom": lot.type.uom,
               "lot": lot_label(lot)}}, code="too_much")
    return DisposalLine.objects.create(batch=batch, lot=lot, quantity=quantity)


@transaction.atomic
def disposal_line_add(*, actor: User | None, batch: DisposalBatch, lot: Lot,
                      quantity: Decimal) -> DisposalLine:
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    permissions.ensure_can_post(actor, batch.unit)
    _ensure_draft(batch)
    line = _add_line(batch, lot, quantity)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=batch, unit=batch.unit,
                 changes={"lines": [None, str(line)]})
    return line


@transaction.atomic
def disposal_line_remove(*, actor: User | None, line: DisposalLine) -> None:
    batch = DisposalBatch.objects.select_for_update().get(pk=line.batch_id)
    permissions.ensure_can_post(actor, batch.unit)
    _ensure_draft(batch)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=batch, unit=batch.unit,
                 changes={"lines": [str(line), None]})
    line.delete()


@transaction.atomic
def disposal_batch_delete(*, actor: User | None, batch: DisposalBatch) -> None:
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    permissions.ensure_can_post(actor, batch.unit)
    _ensure_draft(batch)
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=batch, unit=batch.unit)
    batch.delete()


@transaction.atomic
def disposal_batch_approve(*, actor: User | None, batch: DisposalBatch) -> DisposalBatch:
    """Approves the batch; its lots become "approved for disposal" (nothing may issue them)."""
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    permissions.ensure_can_post(actor, batch.unit)
    _ensure_draft(batch)
    lines = list(batch.lines.select_related("lot__type").order_by("lot_id"))
    if not lines:
        raise ValidationError(_("The batch has no lots; add at least one lot before "
                                "approving it."), code="no_lines")
    if not batch.decision_ref.strip():
        raise ValidationError({"decision_ref": _("Enter the number and date of the disposal "
                                                 "decision before approving the batch.")},
                              code="required")
    for line in lines:
        lot = locked_lot(line.lot)
        if lot.status == LotStatus.DISPOSED:
            raise ValidationError(_("Lot %(lot)s has already been disposed of; remove it from "
                                    "the batch.") % {"lot": lot_label(lot)}, code="disposed")
        set_lot_status(actor=actor, lot=lot, status=LotStatus.DISPOSAL_APPROVED,
                       unit=batch.unit, note=_("Disposal batch %(batch)s approved")
                       % {"batch": batch.title})
    batch.status = Status.APPROVED
    batch.approved_by = actor if actor and actor.pk else None
    batch.approved_at = timezone.now()
    batch.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.POSTED, target=batch, unit=batch.unit,
                 changes={"status": [Status.DRAFT, Status.APPROVED]})
    return batch


def covered_quantities(batch: DisposalBatch, *, posted_only: bool,
             extra: Movement | None = None) -> dict[int, Decimal]:
    """Quantity per lot that the batch's write-offs take (reversed ones excluded)."""
    movements = Movement.objects.filter(disposal_link__batch=batch, reversal__isnull=True)
    if posted_only:
        movements = movements.filter(status=Movement.Status.POSTED)
    ids = set(movements.values_list("pk", flat=True))
    if extra is not None:
        ids.add(extra.pk)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in (MovementLine.objects.filter(movement__in=ids, lot__isnull=False)
                .values("lot_id").annotate(total=Sum("quantity")).order_by()):
        totals[row["lot_id"]] += row["total"]
    return totals


def _check_write_off(batch: DisposalBatch, movement: Movement) -> None:
    if movement.kind != MovementKind.WRITE_OFF:
        raise ValidationError(_("Document %(number)s is not a write-off; only write-offs carry "
                                "out a disposal batch.") % {"number": movement.number
                                                            or _("(draft)")}, code="not_write_off")
    if movement.from_unit_id not in set(subtree_ids(batch.unit).values_list("pk", flat=True)):
        raise ValidationError(_("The write-off is for %(unit)s, outside %(batch_unit)s and its "
                                "subordinates.") % {"unit": movement.from_unit.name,
                                                    "batch_unit": batch.unit.name},
                              code="outside_batch_unit")
    in_batch = set(batch.lines.values_list("lot_id", flat=True))
    strangers = [line.lot.lot_number if line.lot else line.type.name
                 for line in movement.lines.select_related("lot", "type")
                 if line.lot_id not in in_batch]
    if strangers:
        raise ValidationError(_("Lines %(lots)s of the write-off are not lots of disposal batch "
                                "%(batch)s.") % {"lots": ", ".join(strangers) or "—",
                                                 "batch": batch.title}, code="not_in_batch")


@transaction.atomic
def disposal_write_off_link(*, actor: User | None, batch: DisposalBatch,
                            movement: Movement) -> DisposalWriteOff:
    """Links a write-off document (draft or posted) to the batch it carries out."""
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    permissions.ensure_can_post(actor, batch.unit)
    if batch.status == Status.DRAFT:
        raise ValidationError(_("Approve the disposal batch before linking write-offs to it."),
                              code="not_approved")
    if DisposalWriteOff.objects.filter(movement=movement).exists():
        raise ValidationError(_("Document %(number)s already carries out a disposal batch.")
                              % {"number": movement.number or _("(draft)")},
                              code="already_linked")
    if movement.reverses_id is not None or hasattr(movement, "reversal"):
        raise ValidationError(_("A reversed document cannot carry out a disposal batch."),
                              code="reversed")
    _check_write_off(batch, movement)
    link = DisposalWriteOff.objects.create(batch=batch, movement=movement)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=batch, unit=batch.unit,
                 changes={"write_offs": [None, str(movement)]})
    if movement.status == Movement.Status.POSTED:
        _ensure_within(batch, covered_quantities(batch, posted_only=True))
        _refresh(batch, actor=actor)
    return link


@transaction.atomic
def disposal_write_off_create(*, actor: User | None, batch: DisposalBatch, unit: Unit,
                              effective_date: dt.date | None = None) -> list[Movement]:
    """Drafts the write-offs that take from `unit` what remains of the batch's lots (one per
    facility, since a document takes from one place); an officer then posts them."""
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    permissions.ensure_can_post(actor, batch.unit)
    permissions.ensure_can_draft(actor, unit)
    if batch.status != Status.APPROVED:
        raise ValidationError(_("Only an approved batch that is not done yet can get new "
                                "write-offs."), code="not_approved")
    if not unit.path.startswith(batch.unit.path):
        raise ValidationError({"unit": _("Choose %(unit)s or one of its subordinates.")
                               % {"unit": batch.unit.name}}, code="outside_batch_unit")
    day = effective_date or timezone.localdate()
    covered = covered_quantities(batch, posted_only=False)
    by_facility: dict[int | None, list[holdings.LineSpec]] = defaultdict(list)
    for line in batch.lines.select_related("lot__type"):
        remaining = line.quantity - covered.get(line.lot_id, Decimal(0))
        balances = (Balance.objects.filter(unit=unit, lot=line.lot, quantity__gt=0)
                    .select_related("usage_group", "type").order_by("facility_id", "grade"))
        for balance in balances:
            if remaining <= 0:
                break
            take = min(remaining, balance.quantity)
            remaining -= take
            by_facility[balance.facility_id].append(holdings.LineSpec(
                type=balance.type, lot=line.lot, quantity=take, grade=balance.grade,
                usage_group=balance.usage_group))
    if not by_facility:
        raise ValidationError({"unit": _("%(unit)s holds nothing that remains to be written off "
                                         "in this batch.") % {"unit": unit.name}},
                              code="nothing_to_write_off")
    movements = []
    facilities = {f.pk: f for f in unit.facilities.filter(pk__in=[k for k in by_facility if k])}
    for facility_id, specs in by_facility.items():
        movement = holdings.movement_create(
            actor=actor, kind=MovementKind.WRITE_OFF, from_unit=unit,
            from_facility=facilities.get(facility_id), effective_date=day, lines=specs,
            reason=_("Disposal batch %(batch)s") % {"batch": batch.title},
            decision_ref=batch.decision_ref)
        DisposalWriteOff.objects.create(batch=batch, movement=movement)
        movements.append(movement)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=batch, unit=batch.unit,
                 changes={"write_offs": [None, ", ".join(str(m) for m in movements)]})
    return movements


def _ensure_within(batch: DisposalBatch, covered: dict[int, Decimal]) -> None:
    for line in batch.lines.select_related("lot__type"):
        if covered.get(line.lot_id, Decimal(0)) > line.quantity:
            raise ValidationError(_(
                "The write-offs of lot %(lot)s would exceed the %(quantity)s %(uom)s that "
                "disposal batch %(batch)s approves.")
                % {"lot": lot_label(line.lot), "quantity": _qty(line.quantity),
                   "uom": line.lot.type.uom, "batch": batch.title}, code="over_batch")


def _refresh(batch: DisposalBatch, *, actor: User | None, posting: Movement | None = None,
             leaving: dict[int, Decimal] | None = None) -> None:
    """Sets the batch done when its posted write-offs cover every line (counting `posting`,
    which is being posted now), and disposed the lots that nobody holds any more."""
    covered = covered_quantities(batch, posted_only=True, extra=posting)
    lines = list(batch.lines.select_related("lot__type").order_by("lot_id"))
    done = all(covered.get(line.lot_id, Decimal(0)) >= line.quantity for line in lines)
    if not done or batch.status != Status.APPROVED:
        return
    leaving = leaving or {}
    for line in lines:
        lot = locked_lot(line.lot)
        left = (Balance.objects.filter(lot=lot).aggregate(total=Sum("quantity"))["total"]
                or Decimal(0)) - leaving.get(lot.pk, Decimal(0))
        if left <= 0:
            set_lot_status(actor=actor, lot=lot, status=LotStatus.DISPOSED, unit=batch.unit,
                           note=_("Disposed of by batch %(batch)s") % {"batch": batch.title})
    batch.status = Status.DONE
    batch.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=batch, unit=batch.unit,
                 changes={"status": [Status.APPROVED, Status.DONE]})


def follow_write_off(movement: Movement, lines: list, stage: str) -> None:
    """Posting guard: a linked write-off posts only for an approved batch and within its
    quantities, and moves the batch to done; reversing it re-opens the batch."""
    if stage == "draft" or movement.kind != MovementKind.WRITE_OFF or not movement.pk:
        return
    link = DisposalWriteOff.objects.filter(movement_id=movement.pk).first()
    if link is None:
        return
    batch = DisposalBatch.objects.select_for_update().get(pk=link.batch_id)
    if stage == "post":
        if batch.status == Status.DRAFT:
            raise ValidationError(_("Disposal batch %(batch)s is not approved yet; approve it "
                                    "before posting its write-offs.") % {"batch": batch.title},
                                  code="batch_not_approved")
        _check_write_off(batch, movement)
        _ensure_within(batch, covered_quantities(batch, posted_only=True, extra=movement))
        leaving: dict[int, Decimal] = defaultdict(Decimal)
        for line in lines:
            if line.lot is not None:
                leaving[line.lot.pk] += line.quantity
        _refresh(batch, actor=None, posting=movement, leaving=leaving)
    elif stage == "reverse" and batch.status == Status.DONE:
        batch.status = Status.APPROVED
        batch.save(update_fields=["status", "updated_at"])
        audit.record(actor=None, action=AuditEvent.Action.CHANGED, target=batch,
                     unit=batch.unit, changes={"status": [Status.DONE, Status.APPROVED]},
                     note=_("Write-off %(number)s reversed") % {"number": movement.number})
        for line in batch.lines.select_related("lot"):
            lot = locked_lot(line.lot)
            if lot.status == LotStatus.DISPOSED:
                set_lot_status(actor=None, lot=lot, status=LotStatus.DISPOSAL_APPROVED,
                               unit=batch.unit, note=_("Write-off %(number)s reversed")
                               % {"number": movement.number})
