"""Reads on targets, always scoped to the user. Progress is computed live from the indicator
registry (never stored): the actual is `registry.compute()` for the unit's subtree from the
start to today (or the deadline once passed)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone

from kythuat.audit.models import AuditEvent
from kythuat.directives.models import Directive
from kythuat.indicators import links, registry
from kythuat.indicators.registry import Direction, Indicator, Kind, Period
from kythuat.org.models import Unit, User
from kythuat.org.permissions import can_view_unit

from .filters import TargetFilter
from .models import Target
from .progress import Progress, Status, evaluate, measured_day

DIRECTIVE_LIMIT = 300  # targets with progress on a directive's page
CHART_POINTS = 60  # at most this many points in a target's chart


@dataclass(frozen=True)
class TargetRow:
    target: Target
    indicator: Indicator | None  # None: the indicator is no longer registered
    progress: Progress
    records_url: str  # the records behind the actual
    in_subtree: bool = True  # False: a unit above the user's (shown on a directive's page only)

    @property
    def indicator_name(self) -> str:
        return str(self.indicator.name) if self.indicator else self.target.indicator_code

    @property
    def unit_of_measure(self) -> str:
        return str(self.indicator.unit) if self.indicator else ""


def target_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Target]:
    targets = Target.objects.visible_to(user).select_related(
        "unit", "parent", "parent__unit", "clause", "clause__directive",
        "clause__directive__kind")
    return TargetFilter(filters, queryset=targets, user=user).qs


def indicator_of(target: Target) -> Indicator | None:
    try:
        return registry.get(target.indicator_code)
    except KeyError:
        return None


def actual_period(target: Target, today: dt.date) -> Period | None:
    day = measured_day(target.start, target.deadline, today)
    return None if day is None else Period(target.start, day)


def records_url(code: str, unit: Unit, period: Period | None) -> str:
    if period is None:
        return ""
    try:
        return links.records_url(code, unit, period)
    except NoReverseMatch:  # the records page is not installed (an app's tests alone)
        return ""


def evaluate_target(target: Target, indicator: Indicator | None, actual: Decimal | None,
                    today: dt.date) -> Progress:
    return evaluate(kind=indicator.kind if indicator else Kind.STOCK,
                    direction=indicator.direction if indicator else Direction.HIGHER,
                    baseline=target.baseline, goal=target.goal, actual=actual,
                    start=target.start, deadline=target.deadline, today=today)


def target_row(target: Target, *, today: dt.date | None = None,
               known: dict[int, Decimal | None] | None = None) -> TargetRow:
    """The target with its progress, measured now (or as at `today`); `known` holds actuals
    already measured for several targets at once."""
    today = today or timezone.localdate()
    indicator = indicator_of(target)
    period = actual_period(target, today)
    actual = None
    if indicator is not None and period is not None:
        if known is not None and target.pk in known:
            actual = known[target.pk]
        else:
            actual = registry.compute(indicator.code, target.unit, period,
                                      breakdown=False).total
    return TargetRow(target, indicator, evaluate_target(target, indicator, actual, today),
                     records_url(target.indicator_code, target.unit, period) if indicator else "")


def _siblings_measured(targets: list[Target], today: dt.date) -> dict[int, Decimal | None]:
    """Targets of sibling units on one indicator over one period (the shares of a split
    target) are measured with one `by_subordinates()` call of their parent unit, whose total
    also serves a target of the parent itself on the same indicator and period."""
    groups: dict[tuple, list[Target]] = defaultdict(list)
    parents: dict[tuple, list[Target]] = defaultdict(list)
    for target in targets:
        period = actual_period(target, today)
        if period is None:
            continue
        parents[(target.indicator_code, target.unit_id, period)].append(target)
        if target.unit.parent_id is not None:
            groups[(target.indicator_code, target.unit.parent_id, period)].append(target)
    known: dict[int, Decimal | None] = {}
    measured = {key: members for key, members in groups.items()
                if len(members) + len(parents.get(key, [])) >= 2
                and indicator_of(members[0]) is not None}
    # The parent units in one query (not one per group).
    units = Unit.objects.in_bulk({parent_id for _code, parent_id, _period in measured})
    for (code, parent_id, period), members in measured.items():
        above = parents.get((code, parent_id, period), [])
        rows, total = registry.by_subordinates(code, units[parent_id], period,
                                               breakdown=False)
        values = {row.unit.pk: row.value.total for row in rows if not row.is_self}
        known.update({t.pk: values[t.unit_id] for t in members if t.unit_id in values})
        known.update({t.pk: total.total for t in above})
    return known


def target_progress(target: Target, *, today: dt.date | None = None) -> Progress:
    return target_row(target, today=today).progress


def with_progress(targets: Iterable[Target], *, today: dt.date | None = None) -> list[TargetRow]:
    today = today or timezone.localdate()
    targets = list(targets)
    with registry.memo():
        known = _siblings_measured(targets, today)
        return [target_row(target, today=today, known=known) for target in targets]


def baseline_url(target: Target) -> str:
    """The records behind the frozen baseline (as they stand today)."""
    return records_url(target.indicator_code, target.unit,
                       Period(target.baseline_start, target.baseline_end))


def targets_with_status(targets: QuerySet[Target], status: str, *, limit: int,
                        today: dt.date | None = None) -> list[int]:
    """The ids of the targets (at most `limit` of them, the nearest deadlines first) whose
    progress has this status."""
    rows = with_progress(targets.select_related("unit").order_by("deadline", "pk")[:limit],
                         today=today)
    return [row.target.pk for row in rows if row.progress.status == status]


# Allocation


@dataclass(frozen=True)
class AllocationRow:
    unit: Unit
    target: Target | None  # None: a direct subordinate without a share
    actual: Decimal | None
    progress: Progress | None
    records_url: str


@dataclass(frozen=True)
class Allocation:
    rows: list[AllocationRow]
    summed: bool  # stocks and flows add up; ratios are shown per unit only
    allocated: Decimal | None  # the sum of the shares' goals
    difference: Decimal | None  # allocated − the parent's goal
    state: str  # "", "exact", "under" or "over"
    colour: str


def _allocation_state(target: Target, indicator: Indicator | None,
                      difference: Decimal | None) -> tuple[str, str]:
    if difference is None:
        return "", ""
    if difference == 0:
        return "exact", "success"
    state = "under" if difference < 0 else "over"
    # Short of the goal is the risk when higher is better; beyond a ceiling when lower is.
    lower = indicator is not None and indicator.direction == Direction.LOWER
    risky = (state == "over") if lower else (state == "under")
    return state, "danger" if risky else "info"


def target_allocation(target: Target, *, today: dt.date | None = None) -> Allocation:
    """The parent's goal against its shares, with each direct subordinate's actual from one
    `by_subordinates()` call (one query per indicator, not one per unit)."""
    today = today or timezone.localdate()
    indicator = indicator_of(target)
    shares = {child.unit_id: child for child in target.children.select_related("unit")}
    period = actual_period(target, today)
    actuals: dict[int, Decimal | None] = {}
    units: list[Unit] = []
    if indicator is not None and period is not None:
        values, _total = registry.by_subordinates(indicator.code, target.unit, period,
                                                  breakdown=False)
        for row in values:
            if not row.is_self:
                units.append(row.unit)
                actuals[row.unit.pk] = row.value.total
    else:
        units = list(target.unit.children.order_by("name"))
    listed = {unit.pk for unit in units}
    units += [share.unit for share in shares.values() if share.unit_id not in listed]  # moved
    rows = []
    for unit in units:
        share = shares.get(unit.pk)
        actual = actuals.get(unit.pk)
        progress = None
        if share is not None:
            if (share.start, share.deadline) != (target.start, target.deadline):
                # A share with its own dates is measured over its own period.
                share_row = target_row(share, today=today)
                actual, progress = share_row.progress.actual, share_row.progress
            else:
                progress = evaluate_target(share, indicator, actual, today)
        rows.append(AllocationRow(unit, share, actual, progress,
                                  records_url(target.indicator_code, unit, period)
                                  if indicator else ""))
    summed = indicator is not None and indicator.kind != Kind.RATIO
    allocated = difference = None
    if summed and shares:
        allocated = sum((share.goal for share in shares.values()), Decimal(0))
        difference = allocated - target.goal
    state, colour = _allocation_state(target, indicator, difference)
    return Allocation(rows, summed, allocated, difference, state, colour)


# The chart over time


def chart_days(start: dt.date, last: dt.date) -> list[dt.date]:
    """Quarter ends from the start to `last`, and `last`; at most CHART_POINTS of them."""
    days = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        end = Period.quarter(year, quarter).end
        if end >= last:
            break
        days.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    if len(days) >= CHART_POINTS:
        step = -(-len(days) // (CHART_POINTS - 1))
        days = days[::step]
    return [*days, last]


@dataclass(frozen=True)
class ChartPoint:
    day: dt.date
    actual: Decimal | None
    expected: Decimal


def target_chart(target: Target, *, today: dt.date | None = None) -> list[ChartPoint]:
    """The actual as at each quarter's end since the start (each point computed by the
    registry), beside the straight line expected."""
    today = today or timezone.localdate()
    indicator = indicator_of(target)
    period = actual_period(target, today)
    if indicator is None or period is None:
        return []
    points = []
    for day in chart_days(target.start, period.end):
        actual = registry.compute(indicator.code, target.unit, Period(target.start, day),
                                  breakdown=False).total
        points.append(ChartPoint(day, actual,
                                 evaluate_target(target, indicator, actual, day).expected))
    return points


# Other reads


def target_history(*, user: User, target: Target) -> QuerySet[AuditEvent]:
    return (AuditEvent.objects.visible_to(user)
            .filter(target_type=target._meta.label_lower, target_id=str(target.pk))
            .select_related("actor").order_by("occurred_at", "pk"))


def targets_for_directive(*, user: User, directive: Directive,
                          today: dt.date | None = None) -> list[TargetRow]:
    """The directive's targets the user may see, with their progress: those of the user's
    subtree and those of the units above the user (which the user's unit works towards). The
    caller has checked that the user may see the directive."""
    targets = Target.objects.filter(clause__directive=directive)
    if not user.is_superuser:
        if user.unit_id is None:
            return []
        visible = Q(pk__in=Target.objects.visible_to(user).values("pk"))
        visible |= Q(unit__in=user.unit.ancestors(include_self=False).values("pk"))
        targets = targets.filter(visible)
    targets = targets.select_related("unit", "parent", "clause").order_by(
        "clause__order", "clause__number", "unit__path", "indicator_code")[:DIRECTIVE_LIMIT]
    return [replace(row, in_subtree=can_view_unit(user, row.target.unit))
            for row in with_progress(targets, today=today)]


def status_counts(rows: Iterable[TargetRow]) -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row.progress.status] += 1
    return counts
