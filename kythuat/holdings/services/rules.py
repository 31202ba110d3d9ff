"""The rules a document must meet, checked when it is drafted and again when it is posted."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.catalog.models import EquipmentType, Tracking, UsageGroup
from kythuat.core.text import normalize_serial, serial_key

from ..choices import (
    DECREASES,
    HELD_STATUSES,
    INCREASES,
    MOVES,
    RESTATES,
    ItemStatus,
    MovementKind,
)
from ..models import Item, Lot, Movement


@dataclass
class LineSpec:
    """One line as entered: the service checks and stores it."""

    type: EquipmentType
    quantity: Decimal = Decimal(1)
    grade: int | None = None
    usage_group: UsageGroup | None = None
    item: Item | None = None
    lot: Lot | None = None
    grade_to: int | None = None
    usage_group_to: UsageGroup | None = None
    serial: str = ""
    manufactured_year: int | None = None
    lot_number: str = ""
    lot_expiry: dt.date | None = None
    note: str = ""


def check_header(movement: Movement) -> None:
    """Units, facilities and date that the kind of document needs."""
    errors: dict[str, str] = {}
    kind, src, dst = movement.kind, movement.from_unit, movement.to_unit
    if kind in INCREASES | MOVES and dst is None:
        errors["to_unit"] = _("Choose the receiving unit.")
    if kind in DECREASES | MOVES | RESTATES and src is None:
        errors["from_unit"] = _("Choose the unit the equipment is taken from.")
    if kind in INCREASES and src is not None:
        errors["from_unit"] = _("A receipt has no sending unit in the books; name the source "
                                "in the reason instead.")
    if kind in DECREASES and dst is not None:
        errors["to_unit"] = _("This kind of document has no receiving unit.")
    if kind == MovementKind.RECEIPT and not movement.source:
        errors["source"] = _("Say where the equipment comes from.")
    if src and dst and kind in MOVES:
        if src == dst and movement.from_facility_id == movement.to_facility_id:
            errors["to_unit"] = _("The sending and receiving unit are the same; choose another "
                                  "unit or another facility.")
        elif kind == MovementKind.ISSUE and (src == dst or not src.contains(dst)):
            errors["to_unit"] = _("An issue goes to a subordinate of %(unit)s; use a transfer "
                                  "for other units.") % {"unit": src.name}
        elif kind == MovementKind.RETURN and (src == dst or not dst.contains(src)):
            errors["to_unit"] = _("A return goes to a unit above %(unit)s; use a transfer for "
                                  "other units.") % {"unit": src.name}
    if kind in RESTATES and src is not None and dst is not None and src != dst:
        errors["to_unit"] = _("A grade or usage group change stays inside one unit.")
    for field, unit, facility in (("from_facility", src, movement.from_facility),
                                  ("to_facility", dst, movement.to_facility)):
        if facility is not None and (unit is None or facility.owner_unit_id != unit.pk):
            errors[field] = _("The facility %(facility)s does not belong to this unit.") % {
                "facility": facility.name}
    day = movement.effective_date
    if day is not None:
        if day > timezone.localdate():
            errors["effective_date"] = _("The effective date cannot be in the future.")
        for field, unit in (("from_unit", src), ("to_unit", dst)):
            if unit is not None and field not in errors and not unit.is_active(day):
                errors[field] = _("%(unit)s did not exist on %(date)s.") % {
                    "unit": unit.name, "date": day.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)


def _line_error(number: int, message: str) -> str:
    return _("Line %(number)s: %(message)s") % {"number": number, "message": message}


def check_lines(movement: Movement, lines: Iterable[LineSpec]) -> None:
    """Every line against the kind of document and the current books.

    Messages name the line number so a user can find the line to fix.
    """
    lines = list(lines)
    if not lines:
        raise ValidationError(_("The document has no lines; add at least one line."),
                              code="no_lines")
    errors: list[str] = []
    seen_items: set[int] = set()
    seen_serials: set[tuple[int, str]] = set()
    kind = movement.kind
    adds_new = kind in INCREASES
    taken = _registered_serials(kind, lines) if adds_new else set()
    for number, line in enumerate(lines, start=1):
        def fail(message: str, number: int = number) -> None:
            errors.append(_line_error(number, message))

        etype = line.type
        if line.quantity is None or line.quantity <= 0:
            fail(_("the quantity must be greater than 0."))
            continue
        if kind == MovementKind.GRADE_CHANGE and line.item is None and (
            line.grade_to is None or line.grade_to == line.grade
        ):
            fail(_("choose a new grade different from the current one."))
        if kind == MovementKind.USAGE_CHANGE and line.item is None and (
            line.usage_group_to is None or line.usage_group_to == line.usage_group
        ):
            fail(_("choose a new usage group different from the current one."))
        if etype.tracking == Tracking.SERIAL:
            if line.quantity != 1:
                fail(_("%(type)s is tracked by serial number: enter one line per item, each "
                       "with quantity 1.") % {"type": etype.name})
                continue
            if adds_new and line.item is None:
                serial = normalize_serial(line.serial)
                if not serial:
                    fail(_("%(type)s is tracked by serial number: enter the serial number.")
                         % {"type": etype.name})
                    continue
                if (etype.pk, serial_key(serial)) in seen_serials:
                    fail(_("serial number %(serial)s appears twice in this document.")
                         % {"serial": serial})
                seen_serials.add((etype.pk, serial_key(serial)))
                if (etype.pk, serial_key(serial)) in taken:
                    # Not which type nor where: the holder may be outside the user's subtree.
                    fail(_("serial number %(serial)s is already registered in the army; check "
                           "the number.") % {"serial": serial})
                if line.grade is None:
                    fail(_("choose the quality grade."))
                if line.usage_group is None:
                    fail(_("choose the usage group."))
                continue
            if line.item is None:
                fail(_("%(type)s is tracked by serial number: choose the item, not a bare "
                       "quantity.") % {"type": etype.name})
                continue
            item = line.item
            if item.type_id != etype.pk:
                fail(_("item %(item)s is not of type %(type)s.") % {"item": item.serial,
                                                                    "type": etype.name})
            if item.pk in seen_items:
                fail(_("item %(item)s appears twice in this document.") % {"item": item.serial})
            seen_items.add(item.pk)
            holder = movement.from_unit if kind not in INCREASES else None
            if holder is not None and (item.unit_id != holder.pk
                                       or item.status not in HELD_STATUSES):
                fail(_("item %(item)s is not held by %(unit)s.") % {
                    "item": item.serial, "unit": holder.name})
            elif (holder is not None and movement.from_facility_id
                  and item.facility_id != movement.from_facility_id):
                fail(_("item %(item)s is not kept in %(facility)s.") % {
                    "item": item.serial, "facility": movement.from_facility.name})
            if kind == MovementKind.GRADE_CHANGE and line.grade_to in (None, item.grade):
                fail(_("choose a new grade for item %(item)s different from its grade "
                       "%(grade)s.") % {"item": item.serial, "grade": item.grade})
            if kind == MovementKind.USAGE_CHANGE and (
                line.usage_group_to is None or line.usage_group_to.pk == item.usage_group_id
            ):
                fail(_("choose a new usage group for item %(item)s.") % {"item": item.serial})
            continue
        if line.item is not None or line.serial:
            fail(_("%(type)s is not tracked by serial number; enter a quantity.")
                 % {"type": etype.name})
            continue
        if line.grade is None:
            fail(_("choose the quality grade."))
        if line.usage_group is None:
            fail(_("choose the usage group."))
        if etype.tracking == Tracking.LOT:
            if line.lot is None and not (adds_new and line.lot_number.strip()):
                fail(_("%(type)s is tracked by lot: enter the lot number.")
                     % {"type": etype.name})
            elif line.lot is not None and line.lot.type_id != etype.pk:
                fail(_("lot %(lot)s is not of type %(type)s.") % {
                    "lot": line.lot.lot_number, "type": etype.name})
        elif line.lot is not None or line.lot_number:
            fail(_("%(type)s is not tracked by lot; leave the lot number empty.")
                 % {"type": etype.name})
    if errors:
        raise ValidationError(errors, code="invalid_lines")


def _registered_serials(kind: str, lines: list[LineSpec]) -> set[tuple[int, str]]:
    """(type, folded serial) already in the register, in one query for the whole document.

    A lost item may come back on a "found" or stocktake-surplus document, so those kinds
    do not count lost items as taken.
    """
    new = [line for line in lines if line.item is None and normalize_serial(line.serial)]
    if not new:
        return set()
    free = [ItemStatus.VOID]
    if kind in (MovementKind.FOUND, MovementKind.ADJUST_IN):
        free.append(ItemStatus.LOST)
    rows = Item.objects.filter(
        type__in={line.type.pk for line in new},
        search_text__in={serial_key(line.serial) for line in new},
    ).exclude(status__in=free).values_list("type_id", "search_text")
    return set(rows)
