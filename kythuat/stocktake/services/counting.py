"""Counting: counted quantities and re-assessed grades per line, finds, and filled sheets
imported back."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType, Tracking, UsageGroup
from kythuat.core.text import fold, nfc, serial_key
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item, Lot
from kythuat.org import permissions
from kythuat.org.models import User

from ..models import CountLine, CountSheet, Stocktake
from .campaigns import ensure_status

NUMBER_LENGTH = CountLine._meta.get_field("serial").max_length


@dataclass
class LineCount:
    """What was counted on one line: the quantity, and the part re-assessed to a new grade."""

    counted: Decimal | None
    grade_found: int | None = None
    regraded: Decimal | None = None
    note: str = ""


def _lock_stocktake(sheet: CountSheet) -> Stocktake:
    stocktake = Stocktake.objects.select_for_update(of=("self",)).get(pk=sheet.stocktake_id)
    ensure_status(stocktake, Stocktake.Status.COUNTING)
    return stocktake


def _apply(line: CountLine, count: LineCount) -> list[str]:
    """Sets the count on the line; returns the problems (nothing is saved here)."""
    errors = []
    counted = count.counted
    if counted is not None and counted < 0:
        errors.append(_("the counted quantity cannot be negative."))
    serial = line.type.tracking == Tracking.SERIAL
    if serial and counted not in (None, 0, 1):
        errors.append(_("an item tracked by serial number is counted as 1 (found) or 0 "
                        "(missing)."))
    grade_found = count.grade_found or None
    if grade_found is not None and grade_found not in range(1, 6):
        errors.append(_("the grade must be 1 to 5."))
    if grade_found == line.grade:
        grade_found = None
    regraded = count.regraded or Decimal(0)
    if grade_found is None:
        regraded = Decimal(0)
    elif counted is None or counted == 0:
        errors.append(_("a grade can only be re-assessed for what was counted."))
    elif serial or not regraded:
        regraded = counted
    elif regraded < 0 or regraded > counted:
        errors.append(_("the re-assessed quantity must be between 0 and the counted "
                        "quantity."))
    if line.is_unexpected and grade_found is not None:
        errors.append(_("a find is recorded at the grade it was found in; change its grade "
                        "instead of re-assessing it."))
    line.counted, line.grade_found, line.regraded = counted, grade_found, regraded
    line.note = nfc((count.note or "").strip())[:300]
    return errors


def _label(line: CountLine) -> str:
    detail = line.serial or line.lot_label
    return f"{line.type.symbol} {detail}".strip()


@transaction.atomic
def line_count(*, actor: User | None, line: CountLine, count: LineCount) -> CountLine:
    """Records what was counted on one line of a sheet."""
    line = CountLine.objects.select_related("sheet", "sheet__unit", "type", "lot").get(
        pk=line.pk)
    _lock_stocktake(line.sheet)
    permissions.ensure_can_draft(actor, line.sheet.unit)
    before = [line.counted, line.grade_found, line.regraded]
    errors = _apply(line, count)
    if errors:
        raise ValidationError(errors, code="invalid_count")
    line.save(update_fields=["counted", "grade_found", "regraded", "note"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=line.sheet.stocktake,
                 unit=line.sheet.unit, note=_label(line),
                 changes={"counted": [before[0], line.counted],
                          "grade_found": [before[1], line.grade_found],
                          "regraded": [before[2], line.regraded]})
    return line


def _new_line(sheet: CountSheet, *, etype: EquipmentType, grade: int, usage_group: UsageGroup,
              counted: Decimal, serial: str = "", lot_number: str = "",
              note: str = "") -> CountLine:
    """A find the book does not hold on this sheet, checked but not saved."""
    errors = []
    serial, lot_number = nfc(serial.strip()), nfc(lot_number.strip())
    line = CountLine(sheet=sheet, type=etype, grade=grade, usage_group=usage_group, booked=0,
                     counted=counted, is_unexpected=True, note=nfc(note.strip())[:300])
    if grade not in range(1, 6):
        errors.append(_("the grade must be 1 to 5."))
    if counted is None or counted <= 0:
        errors.append(_("enter the quantity found (greater than 0)."))
    if max(len(serial), len(lot_number)) > NUMBER_LENGTH:
        errors.append(_("the serial or lot number has at most %(count)s characters.")
                      % {"count": NUMBER_LENGTH})
    if etype.tracking == Tracking.SERIAL:
        if not serial:
            errors.append(_("%(type)s is tracked by serial number: enter the serial number.")
                          % {"type": etype.name})
        elif counted != 1:
            errors.append(_("an item tracked by serial number is counted as 1."))
        elif Item.objects.filter(type=etype, search_text=serial_key(serial),
                                 status__in=HELD_STATUSES).exists():
            errors.append(_("%(type)s number %(serial)s is already in the books of a unit; if "
                            "it is here, it should be transferred, not recorded as a find.")
                          % {"type": etype.name, "serial": serial})
        elif CountLine.objects.filter(sheet__stocktake=sheet.stocktake, type=etype,
                                      serial__iexact=serial).exists():
            errors.append(_("%(type)s number %(serial)s is already on a sheet of this "
                            "stocktake.") % {"type": etype.name, "serial": serial})
        line.serial = serial
    elif etype.tracking == Tracking.LOT:
        if not lot_number:
            errors.append(_("%(type)s is tracked by lot: enter the lot number.")
                          % {"type": etype.name})
        line.lot = Lot.objects.filter(type=etype, lot_number=lot_number).first()
        line.lot_number = "" if line.lot else lot_number
    if errors:
        raise ValidationError(errors, code="invalid_find")
    return line


@transaction.atomic
def line_add(*, actor: User | None, sheet: CountSheet, type: EquipmentType, grade: int,
             usage_group: UsageGroup, counted: Decimal, serial: str = "",
             lot_number: str = "", note: str = "") -> CountLine:
    """Records a find: equipment on hand that the book of this sheet does not hold."""
    stocktake = _lock_stocktake(sheet)
    permissions.ensure_can_draft(actor, sheet.unit)
    if actor is not None and not EquipmentType.objects.visible_to(actor).filter(
            pk=type.pk).exists():
        raise ValidationError({"type": _("Unknown equipment type.")})
    line = _new_line(sheet, etype=type, grade=grade, usage_group=usage_group, counted=counted,
                     serial=serial, lot_number=lot_number, note=note)
    line.save()
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=sheet.unit, note=_("Find recorded: %(line)s") % {"line": _label(line)},
                 changes={"counted": [None, line.counted]})
    return line


@transaction.atomic
def line_delete(*, actor: User | None, line: CountLine) -> None:
    """Removes a find recorded by mistake; lines from the book stay (count them as 0)."""
    stocktake = _lock_stocktake(line.sheet)
    permissions.ensure_can_draft(actor, line.sheet.unit)
    if not line.is_unexpected:
        raise ValidationError(_("A line from the book cannot be removed; enter 0 if nothing "
                                "was found."), code="booked_line")
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=line.sheet.unit, note=_("Find removed: %(line)s") % {"line": _label(line)})
    line.delete()


@transaction.atomic
def sheet_fill_booked(*, actor: User | None, sheet: CountSheet) -> int:
    """Sets the lines not yet counted to their booked quantity, for a committee that checked a
    sheet and found it as booked; a blind count refuses it."""
    stocktake = _lock_stocktake(sheet)
    permissions.ensure_can_draft(actor, sheet.unit)
    if stocktake.is_blind:
        raise ValidationError(_("In a blind count every line is counted and entered; the "
                                "booked quantities cannot be copied."), code="blind")
    filled = sheet.lines.filter(counted__isnull=True).update(counted=F("booked"))
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=sheet.unit, note=_("Sheet %(number)s: %(count)s lines counted as "
                                         "booked") % {"number": sheet.number,
                                                      "count": filled})
    return filled


@dataclass
class ImportedFind:
    """A row of a filled sheet without a key: a find written in by hand."""

    sheet_id: int
    row: int
    symbol: str
    serial: str
    lot_number: str
    grade: int | None
    counted: Decimal | None
    note: str = ""
    group: str = ""  # the usage group's name or code as written; empty: the first group


@transaction.atomic
def sheet_import(*, actor: User | None, stocktake: Stocktake, counts: dict[int, tuple[int,
                 LineCount]], finds: list[ImportedFind]) -> int:
    """Applies the counts read back from filled sheets: {line id: (row, count)}; all or nothing.

    Rows naming a line outside this stocktake are refused, so a sheet of another stocktake
    cannot be imported by mistake.
    """
    stocktake = Stocktake.objects.select_for_update(of=("self",)).get(pk=stocktake.pk)
    ensure_status(stocktake, Stocktake.Status.COUNTING)
    lines = {line.pk: line for line in CountLine.objects.filter(
        sheet__stocktake=stocktake, pk__in=list(counts)).select_related(
        "sheet__unit", "type", "lot")}
    sheets = {sheet.pk: sheet for sheet in stocktake.sheets.select_related("unit")}
    errors: list[str] = []
    changed = []
    for line_id, (row, count) in counts.items():
        line = lines.get(line_id)
        if line is None:
            errors.append(_("Row %(row)s: this line is not on a sheet of this stocktake.")
                          % {"row": row})
            continue
        permissions.ensure_can_draft(actor, line.sheet.unit)
        if count.counted is None:
            continue  # left empty on paper: keeps what was entered on screen, if anything
        errors += [_("Row %(row)s: %(message)s") % {"row": row, "message": message}
                   for message in _apply(line, count)]
        changed.append(line)
    types = {fold(t.symbol): t for t in EquipmentType.objects.visible_to(actor)} if actor \
        else {fold(t.symbol): t for t in EquipmentType.objects.all()}
    new_lines = []
    groups = list(UsageGroup.objects.all())
    group_by_text = {fold(text): group for group in groups for text in (group.name, group.code)}
    for find in finds:
        sheet = sheets.get(find.sheet_id)
        etype = types.get(fold(find.symbol))
        if sheet is None or etype is None:
            errors.append(_("Row %(row)s: unknown equipment type %(symbol)s; write the "
                            "symbol as the catalogue has it.") % {"row": find.row,
                                                                  "symbol": find.symbol})
            continue
        permissions.ensure_can_draft(actor, sheet.unit)
        try:
            group = group_by_text.get(fold(find.group), groups[0])
            new_lines.append(_new_line(sheet, etype=etype, grade=find.grade or 0,
                                       usage_group=group, counted=find.counted,
                                       serial=find.serial, lot_number=find.lot_number,
                                       note=find.note))
        except ValidationError as error:
            errors += [_("Row %(row)s: %(message)s") % {"row": find.row, "message": message}
                       for message in error.messages]
    if errors:
        raise ValidationError(errors[:30], code="invalid_import")
    CountLine.objects.bulk_update(changed, ["counted", "grade_found", "regraded", "note"],
                                  batch_size=500)
    CountLine.objects.bulk_create(new_lines)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=stocktake,
                 unit=stocktake.unit, note=_("Counts imported: %(lines)s lines, %(finds)s "
                                             "finds") % {"lines": len(changed),
                                                         "finds": len(new_lines)})
    return len(changed) + len(new_lines)
