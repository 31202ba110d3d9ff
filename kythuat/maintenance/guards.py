"""Posting rules the maintenance app adds to the ledger."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.holdings.choices import DECREASES, MOVES
from kythuat.holdings.services import posting_guard

from .models import WorkOrder, WorkOrderLine
from .services.due import sync_movement_items


@posting_guard
def items_in_repair_stay(movement, lines, stage) -> None:
    """An item under an open work order cannot leave its unit until the order is closed."""
    if movement.kind not in MOVES | DECREASES or stage == "reverse":
        return
    ids = [line.item.pk for line in lines if line.item is not None]
    if not ids:
        return
    busy = list(WorkOrderLine.objects.filter(item__in=ids, work_order__status=WorkOrder.Status.OPEN)
                .values_list("item__serial", "work_order__number")[:5])
    if busy:
        raise ValidationError(
            _("Items under an open work order cannot be moved or taken off the books: %(items)s. "
              "Close the work order first.")
            % {"items": ", ".join(f"{serial} ({number})" for serial, number in busy)},
            code="item_in_work_order")


@posting_guard
def new_items_fall_due(movement, lines, stage) -> None:
    """A document that registers new items: once it has committed, their plans' next due is
    stored (the due list also takes in any item it finds missing before it reads)."""
    if stage != "post" or not any(line.item is None and line.type.is_serial for line in lines):
        return
    transaction.on_commit(lambda: movement.pk and sync_movement_items(movement.pk))
