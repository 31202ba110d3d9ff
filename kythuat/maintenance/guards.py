"""Posting rules the maintenance app adds to the ledger."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kythuat.holdings.choices import DECREASES, MOVES
from kythuat.holdings.services import posting_guard

from .models import WorkOrder, WorkOrderLine


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
