"""Items, lots and opening balances: rows become lines of receipt documents.

Checking is in bulk, one query per lookup per batch, with the very rules the document screens
use (`holdings.services.rules.check_header` / `check_lines`, the posting guards, closed
periods); a batch that fails is checked again line by line so each message lands on its row.
Posting makes large receipt documents (one per unit, facility and date, split every
DOCUMENT_LINES lines) through `movement_record` (drafted and posted in one step).
"""

import datetime as dt
import json
import zlib
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.text import serial_key
from kythuat.holdings import services as holdings
from kythuat.holdings.choices import MovementKind, ReceiptSource
from kythuat.holdings.models import Lot, Movement
from kythuat.holdings.services.guards import run_guards
from kythuat.holdings.services.rules import LineSpec, check_header, check_lines
from kythuat.org import permissions
from kythuat.org.models import Unit
from kythuat.storage.models import Facility

from . import lookups
from .models import ImportTemplate
from .rows import Context, Row, messages

DOCUMENT_LINES = 5000  # per document; keeps every IN (...) list within SQLite's limits


def _header(ctx: Context, row: Row) -> tuple | None:
    """(unit, facility, date) of the receipt the row goes into; None when a cell is wrong."""
    unit, problem = lookups.unit(ctx, row.values["unit"])
    if problem:
        row.fail(problem)
        return None
    facility, problem = lookups.facility(ctx, row.values.get("facility"), unit)
    if problem:
        row.fail(problem)
    day = row.values.get("effective_date") or ctx.default_date
    if day is None:
        row.fail(_('column "%(column)s" is empty.') % {"column": _("Entry date")})
    if row.errors:
        return None
    return unit, facility, day


def _receipt(ctx: Context, unit, facility, day: dt.date) -> Movement:
    return Movement(
        kind=MovementKind.RECEIPT,
        source=ReceiptSource.OTHER,
        to_unit=unit,
        to_facility=facility,
        effective_date=day,
        reason=(
            _("Opening register from %(file)s (%(reference)s)")
            % {"file": ctx.name, "reference": ctx.reference}
        )[:500],
    )


def _check_header(ctx: Context, row: Row, key: tuple) -> None:
    """The document rules for the header, once per (unit, facility, date)."""
    known = ctx.cache.setdefault("headers", {})
    if key not in known:
        unit, facility, day = key
        problems: list[str] = []
        try:
            permissions.ensure_can_draft(ctx.actor, unit)
            check_header(_receipt(ctx, unit, facility, day))
            holdings.ensure_period_open(day, unit)
        except Exception as error:  # ValidationError or PermissionDenied
            problems = messages(error)
        known[key] = problems
    for problem in known[key]:
        row.fail(problem)


def _line(ctx: Context, row: Row) -> LineSpec | None:
    values = row.values
    etype, problem = lookups.equipment_type(ctx, values["type"])
    if problem:
        row.fail(problem)
    group, problem = lookups.usage_group(ctx, values["usage_group"])
    if problem:
        row.fail(problem)
    grade = values["grade"]
    if grade is not None and not 1 <= grade <= 5:
        row.fail(_("the quality grade must be 1 to 5."))
    year = values.get("manufactured_year")
    if year is not None and not 1900 <= year <= timezone.localdate().year:
        row.fail(_("the year of manufacture %(year)s is not plausible.") % {"year": year})
    if etype is None or row.errors:
        return None
    template = ctx.template.code
    if template == ImportTemplate.ITEMS and not etype.is_serial:
        row.fail(
            _("%(type)s is not tracked by serial number; use the opening balance or lot template.")
            % {"type": etype.name}
        )
    elif template == ImportTemplate.LOTS and not etype.is_lot:
        row.fail(
            _("%(type)s is not tracked by lot; use the items or opening balance template.")
            % {"type": etype.name}
        )
    elif template == ImportTemplate.OPENING and etype.is_serial:
        row.fail(
            _("%(type)s is tracked by serial number: import its items with the items template.")
            % {"type": etype.name}
        )
    if row.errors:
        return None
    return LineSpec(
        type=etype,
        quantity=values.get("quantity") or Decimal(1),
        grade=grade,
        usage_group=group,
        serial=values.get("serial") or "",
        manufactured_year=year,
        lot_number=values.get("lot_number") or "",
        lot_expiry=values.get("expiry_date"),
        note=(values.get("note") or "")[:300],
    )


def _duplicates(ctx: Context, rows: list[Row]) -> None:
    """A serial twice in the file, possibly far apart: the later row is refused."""
    seen: dict[tuple[int, str], int] = ctx.cache.setdefault("serials", {})
    for row in rows:
        line = row.extra.get("line")
        if line is None or not line.type.is_serial:
            continue
        key = (line.type.pk, serial_key(line.serial))
        if key in seen:
            row.fail(
                _("serial number %(serial)s is already on row %(row)s of this file.")
                % {"serial": line.serial, "row": seen[key]}
            )
        else:
            seen[key] = row.number


def check(ctx: Context, rows: list[Row]) -> None:
    """Checks one batch of rows; each row keeps its errors, or its line and header."""
    for row in rows:
        if row.errors:
            continue
        key = _header(ctx, row)
        if key is None:
            continue
        _check_header(ctx, row, key)
        line = _line(ctx, row)
        if line is not None and not row.errors:
            row.extra.update(line=line, key=key)
    _duplicates(ctx, rows)
    good = [row for row in rows if row.ok]
    if not good or not ctx.line_rules:
        return
    probe = _receipt(ctx, *good[0].extra["key"])
    try:
        check_lines(probe, [row.extra["line"] for row in good])
        run_guards(probe, [row.extra["line"] for row in good], "draft")
    except ValidationError:
        for row in good:  # once more line by line, so each message lands on its row
            try:
                check_lines(probe, [row.extra["line"]])
                run_guards(_receipt(ctx, *row.extra["key"]), [row.extra["line"]], "draft")
            except ValidationError as error:
                for message in messages(error):
                    row.fail(_strip_line_number(message))


def _strip_line_number(message: str) -> str:
    """check_lines says "Line 1: …" of a one-line probe; the row number is shown instead."""
    prefix = _("Line %(number)s: %(message)s") % {"number": 1, "message": ""}
    return message[len(prefix) :] if message.startswith(prefix) else message


def post(ctx: Context, rows: list[Row], progress: Callable[[int], None]) -> list[Movement]:
    """Posts the good rows as receipts; returns the documents."""
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.extra["key"], []).append(row)
    documents = []
    for (unit, facility, day), members in groups.items():
        for start in range(0, len(members), DOCUMENT_LINES):
            chunk = members[start : start + DOCUMENT_LINES]
            receipt = _receipt(ctx, unit, facility, day)
            try:
                documents.append(holdings.movement_record(
                    actor=ctx.actor,
                    lines=[row.extra["line"] for row in chunk],
                    kind=receipt.kind,
                    source=receipt.source,
                    to_unit=unit,
                    to_facility=facility,
                    effective_date=day,
                    reason=receipt.reason,
                ))
            except ValidationError as error:
                raise ValidationError(_by_row(chunk, error)) from error
            progress(len(chunk))
    if ctx.template.code == ImportTemplate.LOTS:
        _lot_details(ctx, rows)
    return documents


def _by_row(chunk: list[Row], error: ValidationError) -> list[str]:
    """The document's "Line 12: …" messages as "Row 15: …" of the file."""
    result = []
    for message in messages(error)[:20]:
        prefix, _sep, rest = message.partition(": ")
        number = _line_number(prefix)
        if number is not None and 0 < number <= len(chunk):
            message = _("Row %(row)s: %(message)s") % {
                "row": chunk[number - 1].number,
                "message": rest,
            }
        result.append(message)
    return result


def _line_number(prefix: str) -> int | None:
    template = _("Line %(number)s: %(message)s") % {"number": "", "message": ""}
    word = template.split(":")[0].strip()
    if prefix.startswith(word) and prefix[len(word) :].strip().isdigit():
        return int(prefix[len(word) :])
    return None


def _lot_details(ctx: Context, rows: list[Row]) -> None:
    """Manufacturer and year of the lots the receipts brought in, through lot_update."""
    wanted: dict[tuple[int, str], dict] = {}
    for row in rows:
        line, values = row.extra["line"], row.values
        data = {
            key: values[key] for key in ("manufacturer", "manufactured_year") if values.get(key)
        }
        if data:
            wanted.setdefault((line.type.pk, line.lot_number.strip()), data)
    if not wanted:
        return
    lots = Lot.objects.filter(
        type__in={key[0] for key in wanted}, lot_number__in={key[1] for key in wanted}
    )
    for lot in lots:
        data = wanted.get((lot.type_id, lot.lot_number))
        if data:
            holdings.lot_update(actor=ctx.actor, lot=lot, data=data)


def pack(rows: list[Row]) -> bytes:
    """The checked good rows as record ids and values, for posting without re-reading."""
    packed = []
    for row in rows:
        line, (unit, facility, day) = row.extra["line"], row.extra["key"]
        packed.append(
            [
                row.number,
                unit.pk,
                facility.pk if facility else None,
                day.toordinal(),
                line.type.pk,
                str(line.quantity),
                line.grade,
                line.usage_group.pk,
                line.serial,
                line.manufactured_year,
                line.lot_number,
                line.lot_expiry.toordinal() if line.lot_expiry else None,
                line.note,
                row.values.get("manufacturer") or "",
            ]
        )
    return zlib.compress(json.dumps(packed, ensure_ascii=False).encode(), 3)


def unpack(data: bytes) -> list[Row]:
    """Rows as `check` left them; the records are read again (posting checks them anew)."""
    packed = json.loads(zlib.decompress(bytes(data)))
    units = Unit.objects.in_bulk({p[1] for p in packed})
    facilities = Facility.objects.in_bulk({p[2] for p in packed if p[2]})
    types = EquipmentType.objects.in_bulk({p[4] for p in packed})
    groups = UsageGroup.objects.in_bulk({p[7] for p in packed})
    rows = []
    for (
        number,
        unit,
        facility,
        day,
        etype,
        quantity,
        grade,
        group,
        serial,
        year,
        lot_number,
        expiry,
        note,
        manufacturer,
    ) in packed:
        line = LineSpec(
            type=types[etype],
            quantity=Decimal(quantity),
            grade=grade,
            usage_group=groups[group],
            serial=serial,
            manufactured_year=year,
            lot_number=lot_number,
            lot_expiry=dt.date.fromordinal(expiry) if expiry else None,
            note=note,
        )
        key = (units[unit], facilities.get(facility), dt.date.fromordinal(day))
        rows.append(
            Row(
                number=number,
                values={"manufacturer": manufacturer, "manufactured_year": year},
                extra={"line": line, "key": key},
            )
        )
    return rows
