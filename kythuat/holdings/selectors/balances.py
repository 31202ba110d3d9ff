"""Balances now and as at any past date, for a unit subtree.

As at a date, a balance is read from the nearest anchor: the cached balances (today), or the
snapshot of a closed period before or after the date, moved by the ledger entries between the
anchor and the date. Closed periods keep the walk short however old the date is.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from ..models import Balance, BalanceSnapshot, LedgerEntry
from .periods import closes_covering

FULL_KEY = ("unit_id", "facility_id", "type_id", "lot_id", "grade", "usage_group_id")
Rows = dict[tuple, Decimal]


def _sum(queryset, fields, sign: int, into: Rows) -> None:
    for row in queryset.values(*fields).annotate(total=Sum("quantity")).order_by():
        into[tuple(row[f] for f in fields)] += sign * row["total"]


def subtree_balances_as_of(*, unit: Unit, day: dt.date | None, fields=FULL_KEY,
                           filters: dict | None = None) -> Rows:
    """{key: quantity} at the end of `day` (None: now) for the subtree, keyed by `fields`.

    The caller has already checked that the unit is visible to the user.
    """
    filters = filters or {}
    today = timezone.localdate()
    rows: Rows = defaultdict(Decimal)
    if _is_whole_tree(unit):
        scope: dict = {}  # the whole army: no subtree filter, so the army-wide index serves
    else:
        scope = {"unit__in": subtree_ids(unit)}
    entries = LedgerEntry.objects.filter(**scope, **filters)
    on_hand = Balance.objects.filter(quantity__gt=0, **scope, **filters)
    if day is None or day >= today:
        _sum(on_hand, fields, 1, rows)
        return _nonzero(rows)
    closes = list(closes_covering([unit]).values("pk", "period_end"))
    before = max((c for c in closes if c["period_end"] <= day), key=lambda c: c["period_end"],
                 default=None)
    after = min((c for c in closes if c["period_end"] > day), key=lambda c: c["period_end"],
                default=None)
    candidates = [(abs((today - day).days), "now", None)]
    if before:
        candidates.append(((day - before["period_end"]).days, "before", before))
    if after:
        candidates.append(((after["period_end"] - day).days, "after", after))
    _distance, anchor, close = min(candidates, key=lambda c: c[0])
    if anchor == "now":
        _sum(on_hand, fields, 1, rows)
        _sum(entries.filter(effective_date__gt=day), fields, -1, rows)
    else:
        snapshot = BalanceSnapshot.objects.filter(close_id=close["pk"], **scope, **filters)
        _sum(snapshot, fields, 1, rows)
        if anchor == "before":
            _sum(entries.filter(effective_date__gt=close["period_end"],
                                effective_date__lte=day), fields, 1, rows)
        else:
            _sum(entries.filter(effective_date__gt=day,
                                effective_date__lte=close["period_end"]), fields, -1, rows)
    return _nonzero(rows)


def _is_whole_tree(unit: Unit) -> bool:
    return unit.parent_id is None and not Unit.objects.filter(
        parent__isnull=True).exclude(pk=unit.pk).exists()


def _nonzero(rows: Rows) -> Rows:
    return {key: quantity for key, quantity in rows.items() if quantity}
