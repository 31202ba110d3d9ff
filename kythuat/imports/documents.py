"""Documents with lines: rows sharing a document key make one document of any kind, drafted
and posted through `movement_create` / `movement_post` exactly as on the screens.

Checking posts every document inside a savepoint that is rolled back at the end, in file
order, so an issue may rely on a receipt of an earlier document and stock shortages are found
before anything is kept. A document with any bad row is refused as a whole.
"""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.core.text import fold, serial_key
from kythuat.holdings import services as holdings
from kythuat.holdings.choices import INCREASES
from kythuat.holdings.models import Item, Lot, Movement
from kythuat.holdings.services.rules import LineSpec

from . import lookups
from .rows import Context, Row, messages

HEADER = ("kind", "effective_date", "from_unit", "to_unit", "source", "reason", "decision_ref")


def _group(rows: list[Row]) -> dict[str, list[Row]]:
    documents: dict[str, list[Row]] = {}
    for row in rows:
        documents.setdefault(fold(str(row.values.get("document") or "")), []).append(row)
    return documents


def _header(ctx: Context, members: list[Row]) -> dict | None:
    first = members[0]
    for row in members[1:]:
        for key in HEADER:
            value = row.values.get(key)
            if value not in (None, "") and value != first.values.get(key):
                row.fail(
                    _(
                        'column "%(column)s" differs from row %(row)s of the same '
                        "document; the header of a document is read from its first row."
                    )
                    % {"column": ctx.template.field(key).header, "row": first.number}
                )
    values = first.values
    for key in ("kind", "effective_date"):
        if not values.get(key):
            first.fail(
                _(
                    'column "%(column)s" is empty; the first row of a document gives '
                    "its kind and date."
                )
                % {"column": ctx.template.field(key).header}
            )
    kind, problem = lookups.movement_kind(values["kind"]) if values.get("kind") else (None, "")
    header: dict = {
        "kind": kind,
        "effective_date": values["effective_date"],
        "reason": values.get("reason") or "",
        "decision_ref": values.get("decision_ref") or "",
    }
    for problem_key in ("from_unit", "to_unit"):
        header[problem_key], message = lookups.unit(ctx, values.get(problem_key))
        if message:
            first.fail(message)
    header["source"], message = lookups.receipt_source(values.get("source"))
    for text in (problem, message):
        if text:
            first.fail(text)
    return None if first.errors else header


def _lines(ctx: Context, kind: str, members: list[Row]) -> list[LineSpec]:
    adds = kind in INCREASES
    wanted = {}
    for row in members:
        etype, problem = lookups.equipment_type(ctx, row.values["type"])
        if problem:
            row.fail(problem)
        row.extra["type"] = etype
        if etype is not None and etype.is_serial and not adds and row.values.get("serial"):
            wanted[(etype.pk, serial_key(row.values["serial"]))] = row
    items = {}
    if wanted:
        found = (
            Item.objects.filter(
                type__in={key[0] for key in wanted}, search_text__in={key[1] for key in wanted}
            )
            .exclude(status="void")
            .order_by("status", "-id")
        )
        for item in found:
            items.setdefault((item.type_id, item.search_text), item)
    lines = []
    for row in members:
        etype, values = row.extra["type"], row.values
        if etype is None:
            continue
        group, problem = lookups.usage_group(ctx, values.get("usage_group"))
        group_to, problem_to = lookups.usage_group(ctx, values.get("usage_group_to"))
        for text in (problem, problem_to):
            if text:
                row.fail(text)
        line = LineSpec(
            type=etype,
            quantity=values.get("quantity") or Decimal(1),
            grade=values.get("grade"),
            usage_group=group,
            grade_to=values.get("grade_to"),
            usage_group_to=group_to,
            note=(values.get("note") or "")[:300],
        )
        serial, lot_number = values.get("serial") or "", values.get("lot_number") or ""
        if etype.is_serial and not adds and serial:
            line.item = items.get((etype.pk, serial_key(serial)))
            if line.item is None:
                row.fail(
                    _("no item of %(type)s has serial number %(serial)s.")
                    % {"type": etype.name, "serial": serial}
                )
        elif etype.is_lot and not adds and lot_number:
            line.lot = Lot.objects.filter(type=etype, lot_number__iexact=lot_number).first()
            if line.lot is None:
                row.fail(
                    _("no lot %(lot)s of %(type)s is known.")
                    % {"lot": lot_number, "type": etype.name}
                )
        else:
            line.serial, line.lot_number = serial, lot_number
        lines.append(line)
    return lines


def _attribute(members: list[Row], error: Exception) -> None:
    """Puts each message of a refused document on its row ("Line 3: …" on the third row)."""
    for message in messages(error):
        for index, row in enumerate(members):
            prefix = _("Line %(number)s: %(message)s") % {"number": index + 1, "message": ""}
            if message.startswith(prefix):
                row.fail(message[len(prefix) :])
                break
        else:
            members[0].fail(message)


def run(
    ctx: Context, rows: list[Row], *, dry_run: bool, progress: Callable[[int], None]
) -> list[Movement]:
    documents = []
    outer = transaction.savepoint() if dry_run else None
    try:
        for key, members in _group(rows).items():
            header = None if any(row.errors for row in members) else _header(ctx, members)
            lines = _lines(ctx, header["kind"], members) if header else []
            if header and not any(row.errors for row in members):
                point = transaction.savepoint()
                try:
                    movement = holdings.movement_create(actor=ctx.actor, lines=lines, **header)
                    movement = holdings.movement_post(
                        actor=None if dry_run else ctx.actor, movement=movement
                    )
                except (ValidationError, PermissionDenied) as error:
                    transaction.savepoint_rollback(point)
                    _attribute(members, error)
                else:
                    transaction.savepoint_commit(point)
                    documents.append(movement)
            bad = [row for row in members if row.errors]
            if bad and not dry_run:
                raise ValidationError(
                    _("Row %(row)s: %(message)s")
                    % {"row": bad[0].number, "message": " ".join(bad[0].errors)}
                )
            for row in members:
                if bad and not row.errors:
                    row.fail(
                        _("document %(key)s is refused because of row %(row)s.")
                        % {"key": row.values.get("document") or key, "row": bad[0].number}
                    )
            progress(len(members))
    finally:
        if outer is not None:
            transaction.savepoint_rollback(outer)
    return documents
