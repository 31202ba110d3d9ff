import datetime as dt

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from kythuat.org.models import Unit
from kythuat.org.querysets import ancestor_paths as org_ancestor_paths

from ..choices import PeriodKind
from ..models import BalanceSnapshot, PeriodClose


def period_bounds(kind: str, year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a year or a quarter."""
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Enter a year between 2000 and 2100."), code="bad_year")
    if kind == PeriodKind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a quarter from 1 to 4."), code="bad_quarter")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1))
    return start, end - dt.timedelta(days=1)


def ancestor_paths(units: list[Unit]) -> set[str]:
    return {path for unit in units for path in org_ancestor_paths(unit.path)}


def closes_covering(units: list[Unit]) -> QuerySet[PeriodClose]:
    """Closings whose subtree contains any of the units (closed for the unit or above it)."""
    return PeriodClose.objects.filter(unit__path__in=ancestor_paths(units)).select_related("unit")


def closes_seen_by(user) -> QuerySet[PeriodClose]:
    """The closings of the user's subtree and those made above it (they close its books too),
    newest first: one condition on the closing's unit, down and up the tree."""
    return (PeriodClose.objects.visible_down_and_up(user).select_related("unit", "closed_by")
            .order_by("-period_end", "unit__path"))


def with_snapshot_counts(closes) -> list[PeriodClose]:
    """The closings, each with `balances`: how many balances it kept. A closing's snapshot is
    written once, in the closing's own transaction, and never changed, so its count is kept in
    the cache under the closing's id and time (a yearly closing of a military region keeps
    ~50,000 rows: counting them on every page cost more than the page)."""
    closes = list(closes)
    keys = {close.pk: f"holdings:close-balances:{close.pk}:{close.closed_at.isoformat()}"
            for close in closes}
    known = cache.get_many(keys.values())
    missing = [close.pk for close in closes if keys[close.pk] not in known]
    if missing:
        counted = dict(BalanceSnapshot.objects.filter(close__in=missing).values("close_id")
                       .annotate(n=Count("id")).values_list("close_id", "n"))
        fresh = {keys[pk]: counted.get(pk, 0) for pk in missing}
        cache.set_many(fresh, timeout=None)
        known.update(fresh)
    for close in closes:
        close.balances = known[keys[close.pk]]
    return closes
