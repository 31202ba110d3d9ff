import datetime as dt
from decimal import Decimal

import pytest

from kythuat.indicators.registry import Direction, Kind
from kythuat.targets.progress import Status, elapsed, evaluate

START, DEADLINE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
HALF = dt.date(2026, 7, 2)  # 182 of 364 days


def progress(actual, today, *, kind=Kind.STOCK, direction=Direction.HIGHER, baseline=80,
             goal=90):
    return evaluate(kind=kind, direction=direction, baseline=Decimal(baseline),
                    goal=Decimal(goal), actual=None if actual is None else Decimal(actual),
                    start=START, deadline=DEADLINE, today=today)


def test_elapsed_is_linear_between_the_start_and_the_deadline():
    assert elapsed(START, DEADLINE, START) == 0
    assert elapsed(START, DEADLINE, HALF) == Decimal("0.5")
    assert elapsed(START, DEADLINE, DEADLINE + dt.timedelta(days=5)) == 1
    assert elapsed(START, START, START) == 1


@pytest.mark.parametrize(("actual", "today", "status", "percent"), [
    (85, HALF, Status.ON_TRACK, 50),
    (81, HALF, Status.AT_RISK, 10),  # 40 points behind the straight line
    (84, HALF, Status.ON_TRACK, 40),  # exactly at the tolerance of 10 points
    (90, HALF, Status.MET, 100),
    (85, dt.date(2027, 1, 1), Status.MISSED, 50),
    (92, dt.date(2027, 1, 1), Status.MET, 120),
])
def test_higher_is_better_stock(actual, today, status, percent):
    result = progress(actual, today)
    assert (result.status, result.percent) == (status, percent)


def test_expected_value_follows_the_straight_line_from_the_baseline():
    result = progress(85, HALF)
    assert (result.expected, result.expected_percent) == (85, 50)


def test_lower_is_better_stock_counts_the_way_down():
    result = progress(6, HALF, direction=Direction.LOWER, baseline=10, goal=2)
    assert (result.percent, result.status) == (50, Status.ON_TRACK)
    assert progress(2, HALF, direction=Direction.LOWER, baseline=10, goal=2).status == Status.MET


@pytest.mark.parametrize(("actual", "today", "status"), [
    (5, HALF, Status.ON_TRACK),  # 26 % of the allowance used at half time
    (16, HALF, Status.AT_RISK),  # 84 % used at half time
    (25, HALF, Status.MISSED),  # already beyond the allowance: a count only grows
    (18, DEADLINE, Status.ON_TRACK),  # under the ceiling, but the period is not over
    (18, dt.date(2027, 1, 2), Status.MET),
    (20, dt.date(2027, 1, 2), Status.MISSED),
])
def test_lower_is_better_flow_is_a_ceiling_met_only_after_the_deadline(actual, today, status):
    result = progress(actual, today, kind=Kind.FLOW, direction=Direction.LOWER, baseline=20,
                      goal=19)
    assert result.is_ceiling
    assert result.status == status


def test_a_flow_starts_from_zero_not_from_its_baseline():
    result = progress(10, HALF, kind=Kind.FLOW, baseline=30, goal=20)
    assert (result.percent, result.expected, result.status) == (50, 10, Status.ON_TRACK)


def test_nothing_is_measured_before_the_start():
    result = progress(None, dt.date(2025, 12, 31))
    assert (result.status, result.actual, result.day) == (Status.NOT_STARTED, None, None)


def test_no_value_to_measure_is_at_risk_then_missed():
    assert progress(None, HALF).status == Status.AT_RISK
    assert progress(None, dt.date(2027, 2, 1)).status == Status.MISSED


def test_the_tolerance_comes_from_the_settings(settings):
    settings.TARGETS_AT_RISK_POINTS = 0
    assert progress(84, HALF).status == Status.AT_RISK
    settings.TARGETS_AT_RISK_POINTS = 45
    assert progress(81, HALF).status == Status.ON_TRACK


def test_the_bar_is_kept_between_0_and_100():
    assert progress(95, HALF).bar == 100
    assert progress(70, HALF).bar == 0
