"""Work orders: opening one puts repaired items in repair; closing one posts the parts consumed
and the grade changes to the ledger and records the maintenance done."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType, Tracking, UsageGroup
from kythuat.core.text import nfc
from kythuat.holdings import services as ledger
from kythuat.holdings.choices import ItemStatus, MovementKind
from kythuat.holdings.models import Balance, DocumentCounter, Item, Lot, Movement, balance_key
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from ..models import (
    MaintenanceKind,
    Meter,
    MeterReading,
    RepairLevel,
    ServiceMeter,
    ServiceRecord,
    WorkOrder,
    WorkOrderLine,
    WorkOrderPart,
)
from .due import due_refresh_items

NUMBER_PREFIX = "PCV"  # phiếu công việc
FIELDS = ["number", "unit", "facility", "category", "maintenance_kind", "repair_level",
          "opened_on", "description"]


@dataclass
class WorkLine:
    """An item, or a quantity of a lot or bulk type, to work on."""

    type: EquipmentType
    item: Item | None = None
    lot: Lot | None = None
    quantity: Decimal = Decimal(1)
    grade: int | None = None
    usage_group: UsageGroup | None = None
    facility: Facility | None = None


@dataclass
class PartSpec:
    """A spare part consumed, taken from the stock of the unit owning the facility."""

    type: EquipmentType
    quantity: Decimal
    grade: int
    usage_group: UsageGroup
    lot: Lot | None = None


def echelon_of(facility: Facility) -> Unit:
    """The unit whose echelon a facility works at: its owner, or the owner's parent when the
    owner is itself a station, workshop or depot (the division's repair station works at the
    division's echelon)."""
    owner = facility.owner_unit
    if owner.kind.is_storage and owner.parent_id is not None:
        return owner.parent
    return owner


def ensure_level_allowed(level: RepairLevel, facility: Facility) -> None:
    """Phân cấp sửa chữa: the facility's kind and its echelon must be allowed for the level."""
    kinds = list(level.allowed_facility_kinds.all())
    echelons = list(level.allowed_unit_kinds.all())
    echelon = echelon_of(facility)
    allowed_echelon = {echelon.kind_id, facility.owner_unit.kind_id}
    if (kinds and facility.kind_id not in {k.pk for k in kinds}) or (
            echelons and not allowed_echelon & {k.pk for k in echelons}):
        allowed = ", ".join(k.name for k in kinds) or _("any facility")
        if echelons:
            allowed += " — " + _("of a unit of kind %(kinds)s") % {
                "kinds": ", ".join(k.name for k in echelons)}
        raise ValidationError({"repair_level": _(
            "%(facility)s (%(kind)s of %(unit)s, %(echelon)s) may not do %(level)s. This level "
            "is done by: %(allowed)s. Choose a facility of that echelon or a lower repair level."
        ) % {"facility": facility.name, "kind": facility.kind.name, "unit": echelon.name,
             "echelon": echelon.kind.name, "level": level.name.lower(), "allowed": allowed}},
            code="level_not_allowed")


def _next_number(day: dt.date) -> str:
    DocumentCounter.objects.get_or_create(prefix=NUMBER_PREFIX, year=day.year)
    counter = DocumentCounter.objects.select_for_update().get(prefix=NUMBER_PREFIX, year=day.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{counter.last:05d}/{NUMBER_PREFIX}-{day.year}"


def _check_facility(actor: User | None, unit: Unit, facility: Facility) -> None:
    """The facility belongs to the unit, a unit above it, or a unit the actor can see."""
    owner = facility.owner_unit
    if actor is not None and not (owner.contains(unit) or permissions.can_view_unit(actor, owner)):
        raise ValidationError({"facility": _("Choose a facility of %(unit)s, of a unit above it "
                                             "or of your own units.") % {"unit": unit.name}})
    if facility.status != Facility.Status.IN_USE:
        raise ValidationError({"facility": _("%(facility)s is not in use.")
                               % {"facility": facility.name}})


def _check_lines(unit: Unit, lines: list[WorkLine]) -> list[str]:
    errors: list[str] = []
    seen: set[int] = set()
    busy = dict(WorkOrderLine.objects.filter(
        item__in=[line.item for line in lines if line.item],
        work_order__status=WorkOrder.Status.OPEN,
    ).values_list("item_id", "work_order__number"))
    for number, line in enumerate(lines, start=1):
        def fail(message: str, number: int = number) -> None:
            errors.append(_("Line %(number)s: %(message)s") % {"number": number,
                                                               "message": message})

        if line.type.tracking == Tracking.SERIAL:
            item = line.item
            if item is None:
                fail(_("choose the item."))
                continue
            if item.unit_id != unit.pk or item.status not in (ItemStatus.IN_SERVICE,
                                                              ItemStatus.IN_REPAIR):
                fail(_("item %(item)s is not held by %(unit)s.") % {"item": item.serial,
                                                                     "unit": unit.name})
            elif item.pk in busy:
                fail(_("item %(item)s is already in the open work order %(number)s; close it "
                       "first.") % {"item": item.serial, "number": busy[item.pk]})
            elif item.pk in seen:
                fail(_("item %(item)s appears twice.") % {"item": item.serial})
            seen.add(item.pk)
            continue
        if line.quantity is None or line.quantity <= 0:
            fail(_("the quantity must be greater than 0."))
            continue
        if line.grade is None or line.usage_group is None:
            fail(_("choose the quality grade and the usage group."))
            continue
        if line.type.tracking == Tracking.LOT and line.lot is None:
            fail(_("%(type)s is tracked by lot: choose the lot.") % {"type": line.type.name})
            continue
        key = balance_key(unit.pk, line.facility.pk if line.facility else None, line.type.pk,
                          line.lot.pk if line.lot else None, line.grade, line.usage_group.pk)
        held = Balance.objects.filter(key=key).values_list("quantity", flat=True).first() or 0
        if held < line.quantity:
            fail(_("%(unit)s holds only %(held)s %(uom)s of %(type)s in grade %(grade)s, "
                   "%(group)s.") % {"unit": unit.name, "held": held.normalize() if held else 0,
                                    "uom": line.type.uom, "type": line.type.name,
                                    "grade": line.grade, "group": line.usage_group.name})
    return errors


@transaction.atomic
def work_order_open(*, actor: User | None, unit: Unit, facility: Facility, category: str,
                    opened_on: dt.date, lines: list[WorkLine],
                    maintenance_kind: MaintenanceKind | None = None,
                    repair_level: RepairLevel | None = None,
                    description: str = "") -> WorkOrder:
    """Opens a work order; a repair puts its items in the status "in repair"."""
    permissions.ensure_can_draft(actor, unit)
    errors: dict[str, str] = {}
    if category == WorkOrder.Category.REPAIR:
        if repair_level is None:
            errors["repair_level"] = _("Choose the repair level.")
        maintenance_kind = None
    elif category == WorkOrder.Category.MAINTENANCE:
        if maintenance_kind is None:
            errors["maintenance_kind"] = _("Choose the kind of maintenance.")
        repair_level = None
    else:
        errors["category"] = _("Choose maintenance or repair.")
    if opened_on is None or opened_on > timezone.localdate():
        errors["opened_on"] = _("The opening date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    _check_facility(actor, unit, facility)
    if repair_level is not None:
        ensure_level_allowed(repair_level, facility)
    if not lines:
        raise ValidationError(_("Add at least one item or quantity to work on."), code="no_lines")
    item_ids = [line.item.pk for line in lines if line.item]
    locked = {i.pk: i for i in Item.objects.select_for_update().filter(pk__in=item_ids)}
    for line in lines:
        if line.item:
            line.item = locked[line.item.pk]
    line_errors = _check_lines(unit, lines)
    if line_errors:
        raise ValidationError(line_errors, code="invalid_lines")
    order = WorkOrder.objects.create(
        number=_next_number(opened_on), unit=unit, facility=facility, category=category,
        maintenance_kind=maintenance_kind, repair_level=repair_level, opened_on=opened_on,
        description=nfc(description), created_by=actor if actor and actor.pk else None)
    WorkOrderLine.objects.bulk_create([
        WorkOrderLine(
            work_order=order, type=line.type, item=line.item, lot=line.lot,
            facility=line.item.facility if line.item else line.facility,
            usage_group=line.item.usage_group if line.item else line.usage_group,
            quantity=1 if line.item else line.quantity,
            grade_before=line.item.grade if line.item else line.grade)
        for line in lines])
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=order, unit=unit,
                 changes=audit.snapshot(order, FIELDS))
    if category == WorkOrder.Category.REPAIR:
        _set_status(actor, list(locked.values()), ItemStatus.IN_REPAIR, order)
    return order


def _set_status(actor: User | None, items: list[Item], status: str, order: WorkOrder) -> None:
    now = timezone.now()
    changed = [item for item in items if item.status != status]
    Item.objects.filter(pk__in=[item.pk for item in changed]).update(status=status,
                                                                      updated_at=now)
    for item in changed:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=item, unit=item.unit,
                     changes={"status": [item.status, status]},
                     note=str(order))
        item.status = status


def _post(actor: User | None, **fields) -> Movement:
    movement = ledger.movement_create(actor=actor, **fields)
    return ledger.movement_post(actor=actor, movement=movement)


@transaction.atomic
def work_order_close(*, actor: User | None, work_order: WorkOrder, closed_on: dt.date,
                     labour_hours: Decimal = Decimal(0), cost: Decimal = Decimal(0),
                     result: str = "", grades: dict[int, int | None] | None = None,
                     parts: list[PartSpec] | None = None,
                     parts_facility: Facility | None = None) -> WorkOrder:
    """Closes a work order: parts → consumption document, changed grades → grade change
    documents, items back in service, maintenance recorded as done on `closed_on`.

    `grades` maps a line id to its grade after the work (None or absent: unchanged).
    """
    order = WorkOrder.objects.select_for_update(of=("self",)).select_related(
        "unit", "facility__owner_unit", "maintenance_kind").get(pk=work_order.pk)
    if order.status != WorkOrder.Status.OPEN:
        raise ValidationError(_("Work order %(number)s is already closed.")
                              % {"number": order.number}, code="closed")
    permissions.ensure_can_post(actor, order.unit)
    errors: dict[str, str] = {}
    if closed_on is None:
        errors["closed_on"] = _("Give the closing date.")
    elif closed_on < order.opened_on:
        errors["closed_on"] = _("The work order cannot close before it was opened (%(date)s).") % {
            "date": order.opened_on.strftime("%d/%m/%Y")}
    elif closed_on > timezone.localdate():
        errors["closed_on"] = _("The closing date cannot be in the future.")
    if labour_hours is None or labour_hours < 0:
        errors["labour_hours"] = _("Labour hours cannot be negative.")
    if cost is None or cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    owner = order.facility.owner_unit
    if parts_facility is not None and parts_facility.owner_unit_id != owner.pk:
        errors["parts_facility"] = _("The parts must come from a facility of %(unit)s, which "
                                     "does the work.") % {"unit": owner.name}
    if errors:
        raise ValidationError(errors)
    lines = list(order.lines.select_related("type", "item", "lot", "facility", "usage_group"))
    grades = grades or {}
    for line in lines:
        after = grades.get(line.pk)
        if after is not None and after not in range(1, 6):
            raise ValidationError({"grades": _("A quality grade is from 1 to 5.")})
        line.grade_after = after or line.grade_before
    items = [line.item for line in lines if line.item]
    if order.category == WorkOrder.Category.REPAIR:
        _set_status(actor, items, ItemStatus.IN_SERVICE, order)
    reason = _("Work order %(number)s") % {"number": order.number}
    if parts:
        order.consumption = _post(
            actor, kind=MovementKind.CONSUMPTION, from_unit=owner, from_facility=parts_facility,
            effective_date=closed_on, reason=_("Parts used by work order %(number)s")
            % {"number": order.number},
            lines=[ledger.LineSpec(type=p.type, quantity=p.quantity, grade=p.grade,
                                   usage_group=p.usage_group, lot=p.lot) for p in parts])
        WorkOrderPart.objects.bulk_create([
            WorkOrderPart(work_order=order, type=p.type, lot=p.lot, quantity=p.quantity,
                          grade=p.grade, usage_group=p.usage_group) for p in parts])
    _post_grade_changes(actor, order, lines, closed_on, reason)
    if order.category == WorkOrder.Category.MAINTENANCE and order.maintenance_kind:
        _record_service(order, items, closed_on)
    order.status = WorkOrder.Status.CLOSED
    order.closed_on, order.labour_hours, order.cost = closed_on, labour_hours, cost
    order.result = nfc(result)
    order.parts_facility = parts_facility
    order.closed_by = actor if actor and actor.pk else None
    order.full_clean(exclude=["number"])
    order.save()
    audit.record(actor=actor, action=AuditEvent.Action.CLOSED, target=order, unit=order.unit,
                 changes={"closed_on": [None, closed_on], "labour_hours": [None, labour_hours],
                          "cost": [None, cost]})
    return order


def _post_grade_changes(actor: User | None, order: WorkOrder, lines: list[WorkOrderLine],
                        day: dt.date, reason: str) -> None:
    """One grade change document per facility the changed equipment is kept in."""
    changed: dict[int | None, list[WorkOrderLine]] = defaultdict(list)
    for line in lines:
        if line.grade_after != line.grade_before:
            place = line.item.facility_id if line.item else line.facility_id
            changed[place].append(line)
    for place, group in changed.items():
        movement = _post(
            actor, kind=MovementKind.GRADE_CHANGE, from_unit=order.unit,
            from_facility=Facility.objects.get(pk=place) if place else None,
            effective_date=day, reason=reason,
            lines=[ledger.LineSpec(type=line.type, item=line.item, grade_to=line.grade_after)
                   if line.item else
                   ledger.LineSpec(type=line.type, quantity=line.quantity, lot=line.lot,
                                   grade=line.grade_before, grade_to=line.grade_after,
                                   usage_group=line.usage_group)
                   for line in group])
        for line in group:
            line.grade_change = movement
    for line in lines:
        line.save(update_fields=["grade_after", "grade_change"])


def _record_service(order: WorkOrder, items: list[Item], day: dt.date) -> None:
    """The maintenance (and the kinds it includes) is done on `day`, with each meter's total
    as at that day."""
    kinds = [order.maintenance_kind, *order.maintenance_kind.covers.all()]
    totals: dict[int, dict[int, Decimal]] = defaultdict(dict)  # item → meter → total
    meters = Meter.objects.filter(item__in=items)
    for meter in meters:
        reading = (MeterReading.objects.filter(meter=meter, read_on__lte=day)
                   .order_by("-read_on", "-id").first())
        totals[meter.item_id][meter.pk] = reading.total if reading else meter.first_total
    existing = {(r.item_id, r.kind_id): r for r in ServiceRecord.objects.filter(
        item__in=items, kind__in=kinds)}
    for item in items:
        for kind in kinds:
            record = existing.get((item.pk, kind.pk))
            if record is not None and record.done_on > day:
                continue  # a later maintenance is already recorded
            if record is None:
                record = ServiceRecord(item=item, kind=kind)
            record.done_on, record.work_order = day, order
            record.save()
            ServiceMeter.objects.filter(Q(record=record)).delete()
            ServiceMeter.objects.bulk_create([
                ServiceMeter(record=record, meter_id=meter_id, total=total)
                for meter_id, total in totals[item.pk].items()])
    due_refresh_items(items)  # the stored next due of these items (services.due)
