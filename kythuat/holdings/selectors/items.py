import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from kythuat.audit.models import AuditEvent
from kythuat.org.models import User

from ..filters import ItemFilter, MovementFilter
from ..models import Item, LedgerEntry, Lot, Movement


def item_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Item]:
    items = Item.objects.visible_to(user).select_related(
        "type", "type__branch", "unit", "usage_group", "facility")
    return ItemFilter(filters or {}, queryset=items, user=user).qs


def lot_list(*, user: User) -> QuerySet[Lot]:
    return Lot.objects.visible_to(user).select_related("type")


def movement_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Movement]:
    movements = Movement.objects.visible_to(user).select_related(
        "from_unit", "to_unit", "created_by", "posted_by", "reverses").prefetch_related(
        "reversal")
    return MovementFilter(filters or {}, queryset=movements, user=user).qs


@dataclass(frozen=True)
class ItemState:
    day: dt.date
    held: bool
    unit_name: str
    grade: int | None
    usage_group: str
    movement_number: str


def item_state_as_of(*, item: Item, day: dt.date) -> ItemState | None:
    """Where the item was and in what grade at the end of `day`; None before it was received.

    Within a document, decreases are written before increases, so the last entry up to the
    date says where the item is: a positive one where it was held, a negative one that it had
    left the books.
    """
    entry = (LedgerEntry.objects.filter(item=item, effective_date__lte=day)
             .select_related("unit", "usage_group", "movement")
             .order_by("-effective_date", "-id").first())
    if entry is None:
        return None
    return ItemState(day=day, held=entry.quantity > 0, unit_name=entry.unit.name,
                     grade=entry.grade, usage_group=entry.usage_group.name,
                     movement_number=entry.movement.number)


def item_history(*, user: User, item: Item) -> dict:
    """An item's whole life: the documents that moved it and the changes to its record."""
    entries = (LedgerEntry.objects.filter(item=item)
               .select_related("movement", "unit", "usage_group", "facility")
               .order_by("effective_date", "id"))
    events = AuditEvent.objects.visible_to(user).filter(
        target_type=item._meta.label_lower, target_id=str(item.pk)).select_related("actor")
    units = []
    for entry in entries:
        if entry.quantity > 0 and (not units or units[-1][0] != entry.unit):
            units.append((entry.unit, entry.effective_date))
    return {"entries": entries, "events": events, "units": units}
