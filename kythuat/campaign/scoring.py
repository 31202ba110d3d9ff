"""The computed column: each computed criterion reads its indicator from the registry for the
sheet's year (and the previous year when it scores a change) and turns the value into points.

Several units are computed together, as their superior's direct subordinates, with one
`registry.by_subordinates()` call per criterion indicator and period (a ratio: one per part),
never one query per unit: that is how a block of provinces is scored or ranked at army scale.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from kythuat.indicators import registry
from kythuat.indicators.registry import Direction, Period
from kythuat.org.models import Unit

from .models import Criterion

HUNDRED = Decimal(100)
POINT = Decimal("0.01")


@dataclass(frozen=True)
class Computed:
    """A computed criterion for one unit: the value read, the previous year's (for a change),
    the measured value the rule compares, and the points."""

    value: Decimal | None
    previous: Decimal | None
    measured: Decimal | None
    period: Period
    score: Decimal | None


def year_period(year: int, today: dt.date | None = None) -> Period:
    """The calendar year, up to today while it runs."""
    today = today or timezone.localdate()
    period = Period.year(year)
    return Period(period.start, min(period.end, today)) if period.start <= today else period


def _direction(criterion: Criterion) -> Direction:
    try:
        return registry.get(criterion.indicator_code).direction
    except KeyError:
        return Direction.HIGHER


def change_percent(value: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if value is None or previous is None or previous == 0:
        return None
    return ((value - previous) / previous * HUNDRED).quantize(POINT, ROUND_HALF_UP)


def points(criterion: Criterion, value: Decimal | None, previous: Decimal | None
           ) -> tuple[Decimal | None, Decimal | None]:
    """(measured, points) of a computed criterion; points None when nothing can be measured
    (the higher level then scores it by hand)."""
    if not criterion.is_computed:
        return None, None
    full = criterion.max_points
    if criterion.measure == Criterion.Measure.CHANGE:
        measured = change_percent(value, previous)
        if measured is None:
            # Nothing last year and nothing this year: for a lower-is-better indicator
            # (accidents) that is the best result there is.
            if value == 0 and previous == 0 and _direction(criterion) == Direction.LOWER:
                return Decimal(0), full
            return None, None
    else:
        measured = value
    if measured is None:
        return None, None
    if criterion.rule == Criterion.Rule.THRESHOLD:
        if criterion.threshold is None:
            return measured, None
        lower = _direction(criterion) == Direction.LOWER
        met = measured <= criterion.threshold if lower else measured >= criterion.threshold
        return measured, full if met else Decimal(0)
    base, target = criterion.baseline, criterion.target
    if base is None or target is None or base == target:
        return measured, None
    share = (measured - base) / (target - base)
    share = min(Decimal(1), max(Decimal(0), share))
    return measured, (full * share).quantize(POINT, ROUND_HALF_UP)


def _values(codes: Iterable[str], superior: Unit, period: Period) -> dict[tuple[str, int], Decimal]:
    """{(code, unit id): value} for every direct subordinate of `superior`: one
    `by_subordinates` call per indicator (read once per `registry.memo()` block)."""
    found: dict[tuple[str, int], Decimal] = {}
    for code in sorted(set(codes)):
        try:
            rows = registry.remember(
                ("campaign.by_subordinates", code, superior.pk, period),
                lambda code=code: registry.by_subordinates(code, superior, period,
                                                           breakdown=False)[0])
        except KeyError:
            continue  # an indicator no longer registered: the criterion is scored by hand
        for row in rows:
            if not row.is_self and row.value.total is not None:
                found[(code, row.unit.pk)] = row.value.total
    return found


def compute_many(criteria: Sequence[Criterion], units: Sequence[Unit], year: int,
                 *, today: dt.date | None = None) -> dict[int, dict[int, Computed]]:
    """{unit id: {criterion id: Computed}} for units that share one superior."""
    result: dict[int, dict[int, Computed]] = {unit.pk: {} for unit in units}
    computed = [c for c in criteria if c.is_computed and c.indicator_code]
    if not units or not computed:
        return result
    parents = {unit.parent_id for unit in units}
    if len(parents) > 1 or None in parents:
        # Not siblings: each group of siblings on its own, the top of the tree alone.
        for parent in parents:
            group = [unit for unit in units if unit.parent_id == parent]
            if parent is None:
                for unit in group:
                    result[unit.pk] = _alone(computed, unit, year, today)
            else:
                result.update(compute_many(criteria, group, year, today=today))
        return result
    superior = units[0].parent
    period = year_period(year, today)
    previous_period = Period.year(year - 1)
    current = _values((c.indicator_code for c in computed), superior, period)
    before = _values((c.indicator_code for c in computed
                      if c.measure == Criterion.Measure.CHANGE), superior, previous_period)
    for unit in units:
        for criterion in computed:
            value = current.get((criterion.indicator_code, unit.pk))
            previous = before.get((criterion.indicator_code, unit.pk))
            if criterion.measure != Criterion.Measure.CHANGE:
                previous = None
            measured, score = points(criterion, value, previous)
            result[unit.pk][criterion.pk] = Computed(value, previous, measured, period, score)
    return result


def _alone(criteria: Sequence[Criterion], unit: Unit, year: int,
           today: dt.date | None) -> dict[int, Computed]:
    """The top of the tree has no superior to group under: one compute per criterion."""
    period = year_period(year, today)
    found = {}
    for criterion in criteria:
        try:
            value = registry.compute(criterion.indicator_code, unit, period,
                                     breakdown=False).total
            previous = (registry.compute(criterion.indicator_code, unit,
                                         Period.year(year - 1), breakdown=False).total
                        if criterion.measure == Criterion.Measure.CHANGE else None)
        except KeyError:
            value = previous = None
        measured, score = points(criterion, value, previous)
        found[criterion.pk] = Computed(value, previous, measured, period, score)
    return found
