"""Documents: draft, change, delete a draft, post, reverse."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.text import normalize_serial, serial_key
from kythuat.org import permissions
from kythuat.org.models import User

from ..choices import INCREASES, NUMBER_PREFIX, ItemStatus, MovementKind
from ..models import DocumentCounter, Item, LedgerEntry, Lot, Movement, MovementLine
from . import ledger
from .guards import run_guards
from .periods import ensure_period_open
from .rules import LineSpec, check_header, check_lines

HEADER_FIELDS = ["kind", "effective_date", "from_unit", "to_unit", "from_facility",
                 "to_facility", "source", "reason", "decision_ref", "note"]
LINE_FIELDS = ["type", "item", "lot", "quantity", "grade", "grade_to", "usage_group",
               "usage_group_to", "serial", "manufactured_year", "lot_number", "lot_expiry",
               "note"]
# What becomes of an item that a document takes out of the books for good.
END_STATUS = {
    MovementKind.WRITE_OFF: ItemStatus.WRITTEN_OFF,
    MovementKind.LOSS: ItemStatus.LOST,
    MovementKind.ADJUST_OUT: ItemStatus.LOST,
    MovementKind.CONSUMPTION: ItemStatus.CONSUMED,
}


def _ensure_types_visible(actor: User | None, lines: list[LineSpec]) -> None:
    if actor is None:
        return
    visible = set(EquipmentType.objects.visible_to(actor).filter(
        pk__in={line.type.pk for line in lines}).values_list("pk", flat=True))
    for line in lines:
        if line.type.pk not in visible:
            raise ValidationError(_("Unknown equipment type."), code="unknown_type")


def _fill_from_items(movement: Movement, lines: list[LineSpec]) -> None:
    """An item line takes its grade and usage group from the item itself (the few usage
    groups read once, not once per item: a handover of a merged unit has tens of thousands)."""
    wanted = {line.item.usage_group_id for line in lines if line.item is not None}
    groups = UsageGroup.objects.in_bulk(wanted) if wanted else {}
    for line in lines:
        if line.item is not None:
            line.grade = line.item.grade
            line.usage_group = groups.get(line.item.usage_group_id)
            line.quantity = line.quantity or 1
        if movement.kind in INCREASES and line.item is None and line.serial:
            line.serial = normalize_serial(line.serial)


def _store_lines(movement: Movement, lines: list[LineSpec]) -> list[MovementLine]:
    movement.lines.all().delete()
    return MovementLine.objects.bulk_create(
        [MovementLine(movement=movement, **{f: getattr(line, f) for f in LINE_FIELDS})
         for line in lines],
        batch_size=ledger.CHUNK,
    )


def _check(actor: User | None, movement: Movement, lines: list[LineSpec]) -> None:
    permissions.ensure_can_draft(actor, movement.from_unit, movement.to_unit)
    check_header(movement)
    _ensure_types_visible(actor, lines)
    _fill_from_items(movement, lines)
    check_lines(movement, lines)
    run_guards(movement, lines, "draft")


@transaction.atomic
def movement_create(*, actor: User | None, lines: list[LineSpec], **header: Any) -> Movement:
    """Records a draft document with its lines; nothing reaches the books until it is posted."""
    movement = Movement(created_by=actor if actor and actor.pk else None, **header)
    _check(actor, movement, lines)
    movement.save()
    _store_lines(movement, lines)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=movement,
                 unit=movement.owner_unit, changes=audit.snapshot(movement, HEADER_FIELDS),
                 note=_lines(len(lines)))
    return movement


def _lines(count: int) -> str:
    return ngettext("%(count)s line", "%(count)s lines", count) % {"count": count}


def _ensure_draft(movement: Movement) -> None:
    if movement.status != Movement.Status.DRAFT:
        raise ValidationError(_("Document %(number)s is already posted; it cannot be changed. "
                                "Reverse it and record a new one.")
                              % {"number": movement.number}, code="not_draft")


@transaction.atomic
def movement_update(*, actor: User | None, movement: Movement, lines: list[LineSpec],
                    **header: Any) -> Movement:
    """Replaces a draft's header fields and lines."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    _ensure_draft(movement)
    permissions.ensure_can_draft(actor, movement.from_unit, movement.to_unit)
    before = {field: getattr(movement, field) for field in HEADER_FIELDS}
    for field, value in header.items():
        setattr(movement, field, value)
    _check(actor, movement, lines)
    # A returned draft changed by its clerk goes back to the officers' inbox; the comment
    # stays in the history.
    movement.returned_comment, movement.returned_by, movement.returned_at = "", None, None
    movement.save()
    _store_lines(movement, lines)
    changes = {f: [before[f], getattr(movement, f)] for f in HEADER_FIELDS
               if before[f] != getattr(movement, f)}
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=movement,
                 unit=movement.owner_unit, changes=changes,
                 note=_lines(len(lines)))
    return movement


@transaction.atomic
def movement_delete(*, actor: User | None, movement: Movement) -> None:
    """Deletes a draft. Posted documents are never deleted."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    _ensure_draft(movement)
    permissions.ensure_can_draft(actor, movement.from_unit, movement.to_unit)
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=movement,
                 unit=movement.owner_unit)
    movement.delete()


@transaction.atomic
def movement_return(*, actor: User | None, movement: Movement, comment: str) -> Movement:
    """Sends a draft back to its clerk with the officer's comment: what to correct before it
    can be posted. The draft stays as it is; changing it puts it back in the inbox."""
    movement = Movement.objects.select_for_update(of=("self",)).select_related(
        "from_unit", "to_unit").get(pk=movement.pk)
    _ensure_draft(movement)
    permissions.ensure_can_post(actor, movement.from_unit, movement.to_unit)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write what the clerk must correct before the "
                                            "document can be posted.")}, code="comment_required")
    movement.returned_comment = comment[:2000]
    movement.returned_by = actor if actor and actor.pk else None
    movement.returned_at = timezone.now()
    movement.save(update_fields=["returned_comment", "returned_by", "returned_at",
                                 "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=movement,
                 unit=movement.owner_unit,
                 note=_("Returned to the clerk: %(comment)s") % {"comment": comment[:400]})
    return movement


def _next_number(kind: str, day: dt.date) -> str:
    prefix = NUMBER_PREFIX[kind]
    DocumentCounter.objects.get_or_create(prefix=prefix, year=day.year)
    counter = DocumentCounter.objects.select_for_update().get(prefix=prefix, year=day.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{counter.last:05d}/{prefix}-{day.year}"


def _as_spec(line: MovementLine) -> LineSpec:
    return LineSpec(**{f: getattr(line, f) for f in LINE_FIELDS})


def _lock_items(lines: list[MovementLine]) -> None:
    """Locks the items a document moves and reloads them, so two postings of the same item
    queue and the second one sees where the first one put it."""
    ids = [line.item_id for line in lines if line.item_id]
    locked = {item.pk: item for item in Item.objects.select_for_update().filter(pk__in=ids)}
    for line in lines:
        if line.item_id:
            line.item = locked[line.item_id]


def _register_new(movement: Movement, lines: list[MovementLine]) -> None:
    """Receipts bring new items and lots into the register; the lines point at them.

    A new item starts as "cancelled" and becomes "in service" when its entry is applied, so a
    failed posting leaves no registered serial behind.
    """
    new_items = [line for line in lines if line.type.is_serial and line.item_id is None]
    if movement.kind in (MovementKind.FOUND, MovementKind.ADJUST_IN) and new_items:
        lost = {(item.type_id, item.search_text): item for item in Item.objects.filter(
            type__in={line.type_id for line in new_items}, status=ItemStatus.LOST,
            search_text__in={serial_key(line.serial) for line in new_items})}
        for line in new_items:
            line.item = lost.get((line.type_id, serial_key(line.serial)))
        new_items = [line for line in new_items if line.item is None]
    created = Item.objects.bulk_create(
        [Item(type=line.type, serial=line.serial, manufactured_year=line.manufactured_year,
              origin=line.type.origin, unit=movement.to_unit, facility=movement.to_facility,
              grade=line.grade, usage_group=line.usage_group, status=ItemStatus.VOID,
              search_text=serial_key(line.serial))
         for line in new_items],
        batch_size=ledger.CHUNK,
    )
    for line, item in zip(new_items, created, strict=True):
        line.item = item
    for line in lines:
        if line.type.is_lot and line.lot_id is None:
            line.lot, _created = Lot.objects.get_or_create(
                type=line.type, lot_number=line.lot_number.strip(),
                defaults={"expiry_date": line.lot_expiry},
            )
    ledger.execute_many(  # the table name comes from the model, never from input
        f"UPDATE {MovementLine._meta.db_table} SET item_id = %s, lot_id = %s WHERE id = %s",  # noqa: S608
        [(line.item_id, line.lot_id, line.pk) for line in lines])


def _move_items(entries: list[LedgerEntry], end_status: str) -> None:
    """Sets each item to where its last entry of the document puts it."""
    last: dict[int, LedgerEntry] = {}
    for entry in entries:
        if entry.item_id:
            last[entry.item_id] = entry
    statuses = dict(Item.objects.filter(pk__in=last).values_list("pk", "status"))
    now = timezone.now()
    held, gone = [], []
    for pk, status in statuses.items():
        entry = last[pk]
        if entry.quantity > 0:
            if status not in (ItemStatus.IN_SERVICE, ItemStatus.IN_REPAIR):
                status = ItemStatus.IN_SERVICE
            held.append((entry.unit_id, entry.facility_id, entry.grade, entry.usage_group_id,
                         status, now, pk))
        else:
            gone.append((end_status, now, pk))
    table = Item._meta.db_table
    # Table names come from the model, never from input.
    ledger.execute_many(f"UPDATE {table} SET unit_id = %s, facility_id = %s, grade = %s, "  # noqa: S608
                        f"usage_group_id = %s, status = %s, updated_at = %s WHERE id = %s", held)
    ledger.execute_many(f"UPDATE {table} SET status = %s, updated_at = %s WHERE id = %s", gone)  # noqa: S608


@transaction.atomic
def movement_post(*, actor: User | None, movement: Movement) -> Movement:
    """Posts a draft: writes its ledger entries and moves the cached balances."""
    movement = Movement.objects.select_for_update(of=("self",)).select_related(
        "from_unit", "to_unit", "from_facility", "to_facility").get(pk=movement.pk)
    _ensure_draft(movement)
    permissions.ensure_can_post(actor, movement.from_unit, movement.to_unit)
    check_header(movement)
    ensure_period_open(movement.effective_date, movement.from_unit, movement.to_unit)
    lines = list(movement.lines.select_related("type", "item", "lot", "usage_group",
                                               "usage_group_to"))
    _lock_items(lines)
    specs = [_as_spec(line) for line in lines]
    check_lines(movement, specs)
    run_guards(movement, specs, "post")
    return _write_to_books(actor, movement, lines)


@transaction.atomic
def movement_record(*, actor: User | None, lines: list[LineSpec], **header: Any) -> Movement:
    """Drafts and posts a document in one step (imports, repairs, stocktake adjustments): the
    same rules as movement_create followed by movement_post, checked once, after the items the
    lines name are locked."""
    movement = Movement(created_by=actor if actor and actor.pk else None, **header)
    permissions.ensure_can_post(actor, movement.from_unit, movement.to_unit)
    ids = [line.item.pk for line in lines if line.item is not None]
    locked = {item.pk: item for item in Item.objects.select_for_update().filter(pk__in=ids)}
    for line in lines:
        if line.item is not None:
            line.item = locked.get(line.item.pk, line.item)
    _check(actor, movement, lines)
    ensure_period_open(movement.effective_date, movement.from_unit, movement.to_unit)
    run_guards(movement, lines, "post")
    movement.save()
    stored = _store_lines(movement, lines)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=movement,
                 unit=movement.owner_unit, changes=audit.snapshot(movement, HEADER_FIELDS),
                 note=_lines(len(lines)))
    return _write_to_books(actor, movement, stored)


def _write_to_books(actor: User | None, movement: Movement,
                    lines: list[MovementLine]) -> Movement:
    """The checked document's ledger entries, balances, items, number and audit row."""
    try:
        with transaction.atomic():
            _register_new(movement, lines)
            entries = [e for line in lines for e in ledger.entries_for_line(movement, line)]
            ledger.apply(entries)
            _move_items(entries, END_STATUS.get(movement.kind, ItemStatus.VOID))
    except IntegrityError as error:
        # Two users registering the same serial at the same moment: the second one loses.
        raise ValidationError(_("Another document changed the same records at the same time; "
                                "open the document again and post it once more."),
                              code="conflict") from error
    movement.number = _next_number(movement.kind, movement.effective_date)
    movement.status = Movement.Status.POSTED
    movement.posted_by = actor if actor and actor.pk else None
    movement.posted_at = timezone.now()
    movement.save(update_fields=["number", "status", "posted_by", "posted_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.POSTED, target=movement,
                 unit=movement.owner_unit,
                 note=_lines(len(lines)))
    return movement


def _ensure_items_unchanged(entries: list[LedgerEntry]) -> None:
    """An item can be put back only if no document posted after the original touched it."""
    item_ids = {entry.item_id for entry in entries if entry.item_id}
    if not item_ids:
        return
    list(Item.objects.select_for_update().filter(pk__in=item_ids).values_list("pk"))
    last_entry = max(entry.pk for entry in entries)
    moved = list(LedgerEntry.objects.filter(item_id__in=item_ids, pk__gt=last_entry)
                 .order_by("item__serial").values_list("item__serial", flat=True)
                 .distinct()[:10])
    if moved:
        raise ValidationError(
            _("Items %(items)s were moved by later documents; reverse those documents first.")
            % {"items": ", ".join(moved)}, code="items_moved_since")


@transaction.atomic
def movement_reverse(*, actor: User | None, movement: Movement,
                     effective_date: dt.date | None = None, reason: str = "") -> Movement:
    """Cancels a posted document with a reversing document that undoes each of its entries.
    A person must give the reason: it is the reversal's reason and both documents show it."""
    original = Movement.objects.select_for_update(of=("self",)).select_related(
        "from_unit", "to_unit").get(pk=movement.pk)
    reason = (reason or "").strip()
    if original.status != Movement.Status.POSTED:
        raise ValidationError(_("Only a posted document can be reversed; a draft can simply be "
                                "changed or deleted."), code="not_posted")
    if original.reverses_id is not None:
        raise ValidationError(_("This document is itself a reversal; record a new document "
                                "instead."), code="is_reversal")
    if Movement.objects.filter(reverses=original).exists():
        raise ValidationError(_("Document %(number)s has already been reversed.")
                              % {"number": original.number}, code="already_reversed")
    permissions.ensure_can_post(actor, original.from_unit, original.to_unit)
    if not reason and actor is not None:  # a person says why; the system names the original
        raise ValidationError({"reason": _("Give the reason for the reversal (for example the "
                                           "error found or the decision that cancels the "
                                           "document); it is printed on both documents.")},
                              code="reason_required")
    day = effective_date or timezone.localdate()
    if day < original.effective_date:
        raise ValidationError(
            {"effective_date": _("The reversal cannot be dated before the document it "
                                 "reverses (%(date)s).")
             % {"date": original.effective_date.strftime("%d/%m/%Y")}})
    if day > timezone.localdate():
        raise ValidationError({"effective_date": _("The effective date cannot be in the "
                                                   "future.")})
    ensure_period_open(day, original.from_unit, original.to_unit)
    run_guards(original, [_as_spec(line) for line in original.lines.select_related(
        "type", "item", "lot", "usage_group", "usage_group_to")], "reverse")
    entries = list(original.entries.order_by("id"))
    _ensure_items_unchanged(entries)
    reversal = Movement.objects.create(
        kind=original.kind, status=Movement.Status.POSTED, effective_date=day,
        from_unit=original.from_unit, to_unit=original.to_unit,
        from_facility=original.from_facility, to_facility=original.to_facility,
        source=original.source, reverses=original,
        reason=reason or _("Reversal of %(number)s") % {"number": original.number},
        decision_ref=original.decision_ref, created_by=actor if actor and actor.pk else None,
        posted_by=actor if actor and actor.pk else None, posted_at=timezone.now(),
        number=_next_number(original.kind, day),
    )
    copies = {}
    for line in original.lines.all():
        old_id = line.pk
        line.pk, line.movement = None, reversal
        line.save()
        copies[old_id] = line
    cancelling = ledger.reversal_of(entries, reversal, copies)
    ledger.apply(cancelling)
    _move_items(cancelling, ItemStatus.VOID)
    audit.record(actor=actor, action=AuditEvent.Action.REVERSED, target=original,
                 unit=original.owner_unit,
                 note=_("Reversed by %(number)s: %(reason)s")
                 % {"number": reversal.number, "reason": reversal.reason})
    audit.record(actor=actor, action=AuditEvent.Action.POSTED, target=reversal,
                 unit=reversal.owner_unit)
    return reversal
