"""Authorised strength (biên chế) against what is on hand, per unit and type."""

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from kythuat.catalog.models import EquipmentType
from kythuat.org.models import PATH_STEP, Unit
from kythuat.org.querysets import subtree_ids

from ..models import AuthorizedStrength, Balance
from ..renderers import StrengthRow, qty


def strength_rows(unit: Unit, *, collapse: bool, branch) -> list[StrengthRow]:
    """Per unit (or per direct subordinate, with its subtree) and type: the authorised
    quantity in force today and the quantity on hand."""
    today = timezone.localdate()
    filters = {"type__branch": branch} if branch else {}
    units = subtree_ids(unit)
    authorised: dict[tuple[int, int], Decimal] = {}
    for row in (
        AuthorizedStrength.objects.filter(unit__in=units, valid_from__lte=today, **filters)
        .order_by("unit_id", "type_id", "-valid_from")
        .values("unit_id", "type_id", "quantity")
    ):
        authorised.setdefault((row["unit_id"], row["type_id"]), row["quantity"])
    on_hand = {
        (r["unit_id"], r["type_id"]): r["total"]
        for r in Balance.objects.filter(unit__in=units, **filters)
        .values("unit_id", "type_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    unit_ids = {key[0] for key in (*authorised, *on_hand)}
    by_id = Unit.objects.only("pk", "name", "path", "depth").in_bulk(unit_ids)
    owner = by_id
    if collapse:
        # Each unit counts for the direct subordinate of `unit` above it (or `unit` itself).
        children = {
            child.path: child
            for child in Unit.objects.filter(parent=unit).only("pk", "name", "path", "depth")
        }
        owner = {
            pk: children.get(u.path[: len(unit.path) + PATH_STEP], unit) for pk, u in by_id.items()
        }
    sums: dict[tuple[int, int], list] = {}
    for unit_id, type_id in {*authorised, *on_hand}:
        key = (owner[unit_id].pk, type_id)
        total = sums.setdefault(key, [None, Decimal(0)])
        if (unit_id, type_id) in authorised:
            total[0] = (total[0] or Decimal(0)) + authorised[(unit_id, type_id)]
        total[1] += on_hand.get((unit_id, type_id), Decimal(0))
    owners = {o.pk: o for o in owner.values()}
    types = EquipmentType.objects.select_related("branch").in_bulk({k[1] for k in sums})
    rows = [
        StrengthRow(
            unit=owners[u].name,
            depth=owners[u].depth - unit.depth,
            type_name=types[t].name,
            uom=types[t].uom,
            authorized=qty(a),
            on_hand=qty(h),
            unit_id=u,
            type_id=t,
        )
        for (u, t), (a, h) in sums.items()
        if a is not None or h
    ]
    return sorted(
        rows, key=lambda r: (owners[r.unit_id].path, types[r.type_id].branch.order, r.type_name)
    )
