import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet, Sum

from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import Tracking
from kythuat.org.models import User
from kythuat.org.querysets import subtree_ids

from ..filters import ItemFilter, MovementFilter
from ..models import Balance, Item, LedgerEntry, Lot, Movement


def item_filter(*, user: User, filters: Mapping[str, str] | None = None) -> ItemFilter:
    """The bound filter set of the item register (its form is the screen's filter bar)."""
    items = Item.objects.visible_to(user).select_related(
        "type", "type__branch", "unit", "usage_group", "facility")
    return ItemFilter(filters or {}, queryset=items, user=user)


def item_list(*, user: User, filters: Mapping[str, str] | None = None,
              filterset: ItemFilter | None = None) -> QuerySet[Item]:
    return (filterset or item_filter(user=user, filters=filters)).qs


# Filters that are columns of the balances (with the unit's subtree and "held"), so the held
# items they select can be counted from the cached balances instead of item by item.
BALANCE_FILTERS = {"unit", "branch", "type", "grade", "usage_group"}
COUNT_SECONDS = 600


def _held_from_balances(user: User, data: Mapping) -> int:
    """Held serial items = the on-hand quantity of the serial types' balances (each balance is
    the sum of the ledger for its key, and a held item is one whose last entry is positive)."""
    balances = Balance.objects.filter(quantity__gt=0, type__tracking=Tracking.SERIAL)
    unit = data.get("unit")
    balances = (balances.filter(unit__in=subtree_ids(unit)) if unit
                else balances.visible_to(user))
    if data.get("branch"):
        balances = balances.filter(type__branch=data["branch"])
    if data.get("type"):
        balances = balances.filter(type=data["type"])
    if data.get("grade"):
        balances = balances.filter(grade__in=[int(g) for g in data["grade"]])
    if data.get("usage_group"):
        balances = balances.filter(usage_group=data["usage_group"])
    return int(balances.aggregate(n=Sum("quantity"))["n"] or 0)


def books_version() -> tuple:
    """What changes whenever the books change: the newest ledger entry (every posting and
    reversal adds entries) with its document's last change (ids are reused after a rollback,
    so the id alone does not say the books are the same). Two index look-ups."""
    # Two look-ups by primary key: SQLite plans the join with ORDER BY … LIMIT 1 as a scan.
    newest = LedgerEntry.objects.order_by("-id").values_list("id", "movement_id").first()
    if newest is None:
        return (0, None)
    changed = Movement.objects.filter(pk=newest[1]).values_list("updated_at", flat=True)
    return (newest[0], changed.first())


def item_count(*, user: User, filterset: ItemFilter) -> int:
    """How many items the filters select, exact.

    Counting the items of a military region one by one costs more than the rest of the page,
    so: a filter the balances can answer (unit, branch, type, grade, usage group, held) is
    counted from the balances, and every count is kept until the books change (the key holds
    `books_version()`) or for ten minutes at most (a type renamed changes what a search
    finds).
    """
    form = filterset.form
    if not form.is_valid():
        return filterset.qs.count()
    data = {name: value for name, value in form.cleaned_data.items() if value not in (None, "", [])}
    words = sorted((name, str(getattr(value, "pk", value))) for name, value in data.items())
    key = "holdings:item-count:" + hashlib.sha1(  # noqa: S324 (a cache key, not a secret)
        repr((user.unit_id, user.is_superuser, books_version(), words)).encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        if set(data) <= BALANCE_FILTERS | {"status"} and data.get("status", "held") == "held":
            count = _held_from_balances(user, data)
        else:
            count = filterset.qs.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


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
