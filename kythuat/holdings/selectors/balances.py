"""Balances now and as at any past date, for a unit subtree.

As at a date, a balance is read from the nearest anchor: the cached balances (today), or the
snapshot of a closed period before or after the date, moved by the ledger entries between the
anchor and the date. Closed periods keep the walk short however old the date is.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_filter, subtree_ids

from ..models import Balance, BalanceSnapshot, LedgerEntry, PeriodClose
from .periods import closes_covering

FULL_KEY = ("unit_id", "facility_id", "type_id", "lot_id", "grade", "usage_group_id")
Rows = dict[tuple, Decimal]


def _sum(queryset, fields, sign: int, into: Rows, expressions: dict | None = None) -> None:
    """Adds the quantities grouped by the expressions (computed by the database, such as the
    subordinate unit holding a row) and then the fields, in that order in each key."""
    expressions = expressions or {}
    names = [*expressions, *fields]
    rows = queryset.values(*fields, **expressions).annotate(total=Sum("quantity")).order_by()
    for row in rows:
        into[tuple(row[name] for name in names)] += sign * row["total"]


def subtree_balances_as_of(*, unit: Unit, day: dt.date | None, fields=FULL_KEY,
                           filters: dict | None = None, expressions: dict | None = None) -> Rows:
    """{key: quantity} at the end of `day` (None: now) for the subtree, keyed by
    `expressions` (name → database expression) then `fields`.

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

    def add(queryset, sign: int) -> None:
        _sum(queryset, fields, sign, rows, expressions)

    if day is None or day >= today:
        add(on_hand, 1)
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
    if not closes and (nested := _nested_closes(unit, day)):
        candidates.append(((day - min(c["period_end"] for c in nested)).days, "nested", nested))
    _distance, anchor, close = min(candidates, key=lambda c: c[0])
    if anchor == "now":
        add(on_hand, 1)
        add(entries.filter(effective_date__gt=day), -1)
    elif anchor == "nested":
        # No closing covers the unit (the army's top), but its top commands close their
        # years: each closed subtree starts from its own snapshot, the rest from today.
        closed_paths = [nested_close["unit__path"] for nested_close in close]
        add(BalanceSnapshot.objects.filter(close_id__in=[c["pk"] for c in close], **filters), 1)
        ends: dict[dt.date, list[str]] = defaultdict(list)
        for nested_close in close:
            ends[nested_close["period_end"]].append(nested_close["unit__path"])
        for end, paths in ends.items():
            if end < day:
                add(entries.filter(unit__in=_units_under(paths), effective_date__gt=end,
                                   effective_date__lte=day), 1)
        rest = _units_under([unit.path]).exclude(_any_subtree(closed_paths))
        add(on_hand.filter(unit__in=rest), 1)
        add(entries.filter(unit__in=rest, effective_date__gt=day), -1)
    else:
        snapshot = BalanceSnapshot.objects.filter(close_id=close["pk"], **scope, **filters)
        add(snapshot, 1)
        if anchor == "before":
            add(entries.filter(effective_date__gt=close["period_end"], effective_date__lte=day), 1)
        else:
            add(entries.filter(effective_date__gt=day, effective_date__lte=close["period_end"]),
                -1)
    return _nonzero(rows)


def _any_subtree(paths: list[str]) -> Q:
    condition = Q()
    for path in paths:
        condition |= subtree_filter(path)
    return condition


def _units_under(paths: list[str]):
    """The ids of the units of these subtrees, as a subquery on the unit table (small), so
    the ledger is read through its (unit, date) index."""
    return Unit.objects.filter(_any_subtree(paths)).values("pk")


def _nested_closes(unit: Unit, day: dt.date) -> list[dict]:
    """For a unit that no closing covers: the latest closing on or before `day` of each closed
    subtree below it, keeping the outermost subtrees only."""
    latest: dict[str, dict] = {}
    for close in (PeriodClose.objects.within(unit).filter(period_end__lte=day)
                  .values("pk", "period_end", "unit__path").order_by("unit__path",
                                                                     "-period_end")):
        latest.setdefault(close["unit__path"], close)
    outermost: list[dict] = []
    for path in sorted(latest):
        if not any(path.startswith(kept["unit__path"]) for kept in outermost):
            outermost.append(latest[path])
    return outermost


def _is_whole_tree(unit: Unit) -> bool:
    return unit.parent_id is None and not Unit.objects.filter(
        parent__isnull=True).exclude(pk=unit.pk).exists()


def _nonzero(rows: Rows) -> Rows:
    return {key: quantity for key, quantity in rows.items() if quantity}
