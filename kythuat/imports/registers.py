"""Units and equipment types: each row goes through the service the screens use
(`org.services.unit_create`, `catalog.services.equipment_type_create`).

Checking runs the same calls inside a savepoint that is rolled back, so a row is judged by
exactly the rules that will post it, including rows that depend on earlier ones (a unit
whose parent is on an earlier row).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.catalog import services as catalog_services
from kythuat.core.text import fold
from kythuat.org import services as org_services
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_filter

from . import lookups
from .models import ImportTemplate
from .rows import Context, Row, messages


def _parent(ctx: Context, code: str) -> tuple[Unit | None, str]:
    """Looked up in the database each time: an earlier row may just have created it."""
    found = Unit.objects.filter(subtree_filter(ctx.unit.path), code__iexact=code).first()
    if found is None:
        return None, _("unit code %(code)s is unknown or is not %(unit)s or a unit below it.") % {
            "code": code,
            "unit": ctx.unit.name,
        }
    return found, ""


def _unit(ctx: Context, row: Row) -> None:
    values = row.values
    kind, problem = lookups.unit_kind(ctx, values["kind"])
    if problem:
        row.fail(problem)
    parent, problem = _parent(ctx, values["parent"])
    if problem:
        row.fail(problem)
    if row.errors:
        return
    org_services.unit_create(
        actor=ctx.actor,
        parent=parent,
        code=values["code"],
        name=values["name"],
        kind=kind,
        short_name=values.get("short_name") or "",
        valid_from=values.get("valid_from"),
    )


def _type(ctx: Context, row: Row) -> None:
    values = row.values
    branch, problem = lookups.branch(ctx, values["branch"])
    if problem:
        row.fail(problem)
    tracking, problem = lookups.tracking(values["tracking"])
    if problem:
        row.fail(problem)
    owner = ctx.unit
    if values.get("owner_unit"):
        owner, problem = lookups.unit(ctx, values["owner_unit"])
        if problem:
            row.fail(problem)
    symbols = ctx.cache.setdefault("symbols", {})
    if fold(values["symbol"]) in symbols:
        row.fail(
            _("symbol %(symbol)s is already on row %(row)s of this file.")
            % {"symbol": values["symbol"], "row": symbols[fold(values["symbol"])]}
        )
    symbols.setdefault(fold(values["symbol"]), row.number)
    if row.errors:
        return
    catalog_services.equipment_type_create(
        actor=ctx.actor,
        symbol=values["symbol"],
        name=values["name"],
        branch=branch,
        uom=values["uom"],
        tracking=tracking,
        origin=values.get("origin") or "",
        owner_unit=owner,
    )


ACTIONS = {ImportTemplate.UNITS: _unit, ImportTemplate.TYPES: _type}


def run(ctx: Context, rows: list[Row], *, dry_run: bool, progress: Callable[[int], None]) -> list:
    """Creates a record per good row. Dry run: each row in its own savepoint, errors kept on
    the row, everything rolled back at the end. Otherwise the first refusal raises."""
    action = ACTIONS[ctx.template.code]
    ctx.cache.pop("symbols", None)
    outer = transaction.savepoint() if dry_run else None
    try:
        for row in rows:
            if row.errors:
                progress(1)
                continue
            point = transaction.savepoint()
            try:
                action(ctx, row)
            except (ValidationError, PermissionDenied) as error:
                transaction.savepoint_rollback(point)
                for message in messages(error):
                    row.fail(message)
            else:
                transaction.savepoint_commit(point)
            if row.errors and not dry_run:
                raise ValidationError(
                    _("Row %(row)s: %(message)s")
                    % {"row": row.number, "message": " ".join(row.errors)}
                )
            progress(1)
    finally:
        if outer is not None:
            transaction.savepoint_rollback(outer)
    return []
