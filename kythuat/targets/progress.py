"""The arithmetic of a target's progress: from its frozen baseline and goal, the actual measured
by the registry (selectors pass it in) and the day. No database here, so the rules can be
tested at fixed dates.

- Origin: a stock or a ratio starts from its baseline (the value at the start); a flow is
  counted from the start, so it starts from zero.
- Percentage: the way made from the origin to the goal. For a flow where lower is better
  (accidents) the goal is a ceiling, and the percentage is the share of it used so far.
- Expected: on the straight line from the origin at the start to the goal at the deadline.
- Status: met when the goal is reached (a ceiling can only be met once the deadline has
  passed, and is missed as soon as the count goes over it); missed when the deadline has
  passed without it; at risk when behind the straight
  line by more than the tolerance (settings.TARGETS_AT_RISK_POINTS, in percentage points);
  on track otherwise.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kythuat.indicators.registry import Direction, Kind

DEFAULT_TOLERANCE = 10  # percentage points behind the straight line before "at risk"
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    MET = "met", _("met")
    MISSED = "missed", _("missed")


COLOURS = {Status.NOT_STARTED: "secondary", Status.ON_TRACK: "primary",
           Status.AT_RISK: "warning", Status.MET: "success", Status.MISSED: "danger"}


def tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "TARGETS_AT_RISK_POINTS", DEFAULT_TOLERANCE)))


@dataclass(frozen=True)
class Progress:
    actual: Decimal | None  # None: not started, or a ratio with nothing to divide by
    percent: Decimal | None
    expected: Decimal  # the value expected by the day on the straight line
    expected_percent: Decimal
    status: Status
    day: dt.date | None  # the day the actual is measured to (None before the start)
    is_ceiling: bool  # a flow where lower is better: the goal is an allowance not to exceed

    @property
    def colour(self) -> str:
        return COLOURS[self.status]

    @property
    def bar(self) -> Decimal:
        """The percentage drawn in a progress bar (0–100)."""
        return min(max(self.percent or Decimal(0), Decimal(0)), HUNDRED)

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def measured_day(start: dt.date, deadline: dt.date, today: dt.date) -> dt.date | None:
    """The last day the actual covers: today, or the deadline once it has passed."""
    return None if today < start else min(today, deadline)


def elapsed(start: dt.date, deadline: dt.date, today: dt.date) -> Decimal:
    """The share of the target's period gone by (0 at the start, 1 at the deadline)."""
    if today <= start:
        return Decimal(1) if today == start == deadline else Decimal(0)
    if today >= deadline:
        return Decimal(1)
    return Decimal((today - start).days) / Decimal((deadline - start).days)


def origin(kind: Kind, baseline: Decimal | None) -> Decimal:
    return Decimal(0) if kind == Kind.FLOW else (baseline or Decimal(0))


def evaluate(*, kind: Kind, direction: Direction, baseline: Decimal | None, goal: Decimal,
             actual: Decimal | None, start: dt.date, deadline: dt.date,
             today: dt.date) -> Progress:
    base = origin(kind, baseline)
    fraction = elapsed(start, deadline, today)
    expected = base + (goal - base) * fraction
    expected_percent = (fraction * HUNDRED).quantize(TENTH)
    ceiling = kind == Kind.FLOW and direction == Direction.LOWER
    day = measured_day(start, deadline, today)
    if day is None:
        return Progress(None, None, expected, expected_percent, Status.NOT_STARTED, None, ceiling)
    percent = _percent(base, goal, actual, ceiling)
    status = _status(direction, goal, actual, percent, expected_percent, ceiling,
                     passed=today > deadline)
    return Progress(actual, percent, expected, expected_percent, status, day, ceiling)


def _percent(base: Decimal, goal: Decimal, actual: Decimal | None,
             ceiling: bool) -> Decimal | None:
    if actual is None:
        return None
    if ceiling:
        return None if goal == 0 else (actual * HUNDRED / goal).quantize(TENTH)
    span = goal - base
    if span == 0:
        return HUNDRED if actual == goal else Decimal(0)
    return ((actual - base) * HUNDRED / span).quantize(TENTH) + 0  # + 0: no "−0.0"


def _status(direction: Direction, goal: Decimal, actual: Decimal | None,
            percent: Decimal | None, expected_percent: Decimal, ceiling: bool, *,
            passed: bool) -> Status:
    if actual is None:
        return Status.MISSED if passed else Status.AT_RISK
    reached = actual >= goal if direction == Direction.HIGHER else actual <= goal
    if ceiling:
        if not reached:  # a count only grows: once over the allowance it stays over
            return Status.MISSED
        if passed:
            return Status.MET
        if percent is not None and percent > expected_percent + tolerance():
            return Status.AT_RISK
        return Status.ON_TRACK
    if reached:
        return Status.MET
    if passed:
        return Status.MISSED
    if percent is None or percent < expected_percent - tolerance():
        return Status.AT_RISK
    return Status.ON_TRACK
