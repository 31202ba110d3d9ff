"""Ledger entries and cached balances: the only code that writes either."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.org.models import Unit

from ..choices import DECREASES, INCREASES, MOVES, RESTATES, MovementKind
from ..models import Balance, LedgerEntry, Movement, MovementLine, balance_key

IN, OUT = LedgerEntry.Direction.IN, LedgerEntry.Direction.OUT
CHUNK = 500  # keeps every IN (...) list well under SQLite's parameter limit


def entries_for_line(movement: Movement, line: MovementLine) -> list[LedgerEntry]:
    """What one posted line does to the books: an entry out of the source, one into the target.

    Decreases come before increases, so an item's last entry is where it now is.
    """
    kind = movement.kind
    common = {"movement": movement, "line": line, "kind": kind,
              "effective_date": movement.effective_date, "type_id": line.type_id,
              "lot": line.lot, "item": line.item, "quantity": line.quantity}
    source = {"unit_id": movement.from_unit_id, "facility_id": movement.from_facility_id,
              "grade": line.grade, "usage_group_id": line.usage_group_id}
    target = {"unit_id": movement.to_unit_id, "facility_id": movement.to_facility_id,
              "grade": line.grade, "usage_group_id": line.usage_group_id}
    if kind in RESTATES:
        target = {**source}
        if kind == MovementKind.GRADE_CHANGE:
            target["grade"] = line.grade_to
        else:
            target["usage_group_id"] = line.usage_group_to_id
    entries = []
    if kind in DECREASES | MOVES | RESTATES:
        entries.append(LedgerEntry(direction=OUT, **{**common, **source,
                                                      "quantity": -line.quantity}))
    if kind in INCREASES | MOVES | RESTATES:
        entries.append(LedgerEntry(direction=IN, **{**common, **target}))
    return entries


def reversal_of(entries: Iterable[LedgerEntry], reversal: Movement,
                lines: dict[int, MovementLine]) -> list[LedgerEntry]:
    """Entries that cancel `entries`: same keys and directions, opposite quantities,
    the ones taking away first."""
    cancelling = [
        LedgerEntry(movement=reversal, line=lines[entry.line_id], kind=entry.kind,
                    direction=entry.direction, effective_date=reversal.effective_date,
                    unit_id=entry.unit_id, facility_id=entry.facility_id,
                    type_id=entry.type_id, lot_id=entry.lot_id, item_id=entry.item_id,
                    grade=entry.grade, usage_group_id=entry.usage_group_id,
                    quantity=-entry.quantity)
        for entry in entries
    ]
    return sorted(cancelling, key=lambda entry: entry.quantity > 0)


def _key(entry: LedgerEntry) -> str:
    return balance_key(entry.unit_id, entry.facility_id, entry.type_id, entry.lot_id,
                       entry.grade, entry.usage_group_id)


def apply(entries: Sequence[LedgerEntry]) -> None:
    """Writes the entries and moves the cached balances by them, refusing to go below zero.

    Balance rows are locked in key order, so two postings that touch the same balances wait
    for each other instead of deadlocking, and the second one sees what the first left.
    """
    deltas: dict[str, Decimal] = defaultdict(Decimal)
    first: dict[str, LedgerEntry] = {}
    for entry in entries:
        key = _key(entry)
        deltas[key] += entry.quantity
        first.setdefault(key, entry)
    keys = sorted(deltas)
    Balance.objects.bulk_create(
        [Balance(key=key, unit_id=e.unit_id, facility_id=e.facility_id, type_id=e.type_id,
                 lot_id=e.lot_id, grade=e.grade, usage_group_id=e.usage_group_id, quantity=0)
         for key, e in ((key, first[key]) for key in keys)],
        ignore_conflicts=True, batch_size=CHUNK,
    )
    balances: dict[str, Balance] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        for balance in Balance.objects.select_for_update().filter(key__in=chunk).order_by("key"):
            balances[balance.key] = balance
    short = [key for key in keys if balances[key].quantity + deltas[key] < 0]
    if short:
        raise ValidationError([_insufficient(balances[key], deltas[key]) for key in short[:20]],
                              code="insufficient")
    execute_many(f"UPDATE {Balance._meta.db_table} SET quantity = quantity + %s WHERE id = %s",  # noqa: S608
                 [(deltas[key], balances[key].pk) for key in keys])
    LedgerEntry.objects.bulk_create(entries, batch_size=CHUNK)


def execute_many(sql: str, rows: list[tuple]) -> None:
    """One prepared statement for many rows. Django's bulk_update builds a CASE per row and
    field, which costs milliseconds per row in Python; posting is a hot path."""
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _insufficient(balance: Balance, delta: Decimal) -> str:
    etype = EquipmentType.objects.get(pk=balance.type_id)
    params = {
        "type": etype.name,
        "unit": Unit.objects.get(pk=balance.unit_id).name,
        "grade": balance.grade,
        "group": UsageGroup.objects.get(pk=balance.usage_group_id).name,
        "have": _number(balance.quantity),
        "need": _number(-delta),
        "uom": etype.uom,
    }
    if balance.lot_id:
        params["lot"] = balance.lot.lot_number
        return _("Not enough %(type)s, lot %(lot)s, grade %(grade)s, %(group)s at %(unit)s: "
                 "%(have)s %(uom)s on hand, %(need)s %(uom)s needed.") % params
    return _("Not enough %(type)s, grade %(grade)s, %(group)s at %(unit)s: %(have)s %(uom)s "
             "on hand, %(need)s %(uom)s needed.") % params


def _number(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(int(value) if value == value.to_integral() else value.normalize(),
                         use_l10n=True, force_grouping=True)
