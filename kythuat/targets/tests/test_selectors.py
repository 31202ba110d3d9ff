import datetime as dt
from decimal import Decimal

import pytest

from kythuat.indicators import registry
from kythuat.indicators.registry import Period
from kythuat.org.models import Unit
from kythuat.targets import selectors, services
from kythuat.targets.indicators import targets_at_risk
from kythuat.targets.progress import Status

from .conftest import START
from .factories import clause_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 2)


def test_progress_actual_equals_the_registry_for_the_same_scope_and_period(org, assign):
    org.rifles(org.province_a, "P1", "P2", day=dt.date(2025, 5, 1))
    org.rifles(org.commune_a, "P3", day=dt.date(2026, 3, 1))
    org.rifles(org.province_b, "P4", day=dt.date(2026, 8, 1))
    target = assign(unit=org.province_a, stated_value=5)
    row = selectors.target_row(target, today=TODAY)
    expected = registry.compute("holdings.on_hand", org.province_a, Period(START, TODAY)).total
    assert row.progress.actual == expected == 3
    assert row.progress.day == TODAY


def test_flow_progress_counts_from_the_start(org, assign):
    org.rifles(org.province_a, "Q1", day=dt.date(2025, 5, 1))
    org.rifles(org.province_a, "Q2", day=dt.date(2026, 2, 1))
    org.rifles(org.province_a, "Q3", day=dt.date(2026, 9, 1))
    target = assign(indicator_code="holdings.documents_posted", stated_value=2,
                    stated_unit="document")
    assert selectors.target_progress(target, today=TODAY).actual == 1
    after = selectors.target_progress(target, today=dt.date(2027, 3, 1))
    assert (after.actual, after.status) == (2, Status.MET)


def test_lower_flow_target_of_minus_five_per_cent(org, assign, lower_flow):
    for n in range(1, 5):
        org.rifles(org.province_a, f"L{n}", day=dt.date(2025, 2 * n, 1))
    target = assign(indicator_code=lower_flow, form="change_percent", stated_value=-25,
                    stated_unit="percent")
    assert (target.baseline, target.goal) == (4, 3)
    org.rifles(org.province_a, "L9", day=dt.date(2026, 2, 1))
    on_track = selectors.target_progress(target, today=TODAY)
    assert (on_track.actual, on_track.status) == (1, Status.ON_TRACK)
    for n in (10, 11):
        org.rifles(org.province_a, f"L{n}", day=dt.date(2026, 3, n))
    assert selectors.target_progress(target, today=TODAY).status == Status.AT_RISK


def test_allocation_shows_the_shares_against_the_goal(org, assign):
    org.rifles(org.province_a, "S1", day=dt.date(2026, 2, 1))
    org.rifles(org.commune_a, "S2", day=dt.date(2026, 2, 1))
    parent = assign(stated_value=10)
    services.target_allocate(actor=None, target=parent, shares=[(org.province_a, 4)])
    allocation = selectors.target_allocation(parent, today=TODAY)
    assert (allocation.allocated, allocation.difference, allocation.state) == (4, -6, "under")
    assert allocation.colour == "danger"  # short of a goal where higher is better
    rows = {row.unit: row for row in allocation.rows}
    assert rows[org.province_a].actual == 2  # the province and its commune
    assert rows[org.province_a].progress.status == Status.ON_TRACK  # 2 of 4 at half time
    assert rows[org.province_b].target is None
    services.target_allocate(actor=None, target=parent, shares=[(org.province_b, 6)])
    assert selectors.target_allocation(parent, today=TODAY).state == "exact"


def test_over_allocating_a_ceiling_is_the_risk(org, assign, lower_flow):
    parent = assign(indicator_code=lower_flow, stated_value=4, stated_unit="document")
    services.target_allocate(actor=None, target=parent,
                             shares=[(org.province_a, 3), (org.province_b, 2)])
    allocation = selectors.target_allocation(parent, today=TODAY)
    assert (allocation.state, allocation.colour) == ("over", "danger")


def test_a_ratio_is_not_added_up_across_shares(org, assign):
    org.rifles(org.province_a, "T1", day=dt.date(2025, 2, 1))
    org.rifles(org.province_b, "T2", grade=4, day=dt.date(2025, 2, 1))
    parent = assign(indicator_code="holdings.technical_coefficient", stated_value=90,
                    stated_unit="percent")
    services.target_allocate(actor=None, target=parent,
                             shares=[(org.province_a, 95), (org.province_b, 80)])
    allocation = selectors.target_allocation(parent, today=TODAY)
    assert not allocation.summed
    assert allocation.allocated is None
    assert {row.unit: row.actual for row in allocation.rows} == {
        org.province_a: Decimal(100), org.province_b: Decimal(0)}


def test_allocation_queries_do_not_grow_with_the_subordinates(org, assign,
                                                              django_assert_max_num_queries):
    kind = org.province_a.kind
    extra = [Unit.objects.create(code=f"X{n}", name=f"Bộ CHQS tỉnh X{n}", parent=org.hq,
                                 kind=kind) for n in range(6)]
    for unit in [org.province_a, org.province_b, *extra]:
        org.rifles(unit, f"N-{unit.code}", day=dt.date(2026, 2, 1))
    # Documents posted has no breakdown: the registry labels each subordinate's breakdown
    # with a query of its own, which is not this app's to count.
    parent = assign(indicator_code="holdings.documents_posted", stated_value=20,
                    stated_unit="document")
    services.target_allocate(actor=None, target=parent,
                             shares=[(unit, 2) for unit in [org.province_b, *extra]])
    with django_assert_max_num_queries(4):
        allocation = selectors.target_allocation(parent, today=TODAY)
    assert len(allocation.rows) == 8
    assert allocation.allocated == 14


def test_chart_days_are_quarter_ends_and_bounded():
    assert selectors.chart_days(START, dt.date(2026, 8, 15)) == [
        dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 8, 15)]
    long = selectors.chart_days(dt.date(2007, 11, 29), dt.date(2026, 12, 31))
    assert len(long) <= selectors.CHART_POINTS
    assert long[-1] == dt.date(2026, 12, 31)


def test_chart_points_are_computed_by_the_registry(org, assign):
    org.rifles(org.province_a, "C1", day=dt.date(2026, 2, 1))
    org.rifles(org.province_a, "C2", day=dt.date(2026, 5, 1))
    target = assign(stated_value=4)
    points = selectors.target_chart(target, today=TODAY)
    assert [(p.day, p.actual) for p in points] == [
        (dt.date(2026, 3, 31), 1), (dt.date(2026, 6, 30), 2), (TODAY, 2)]


def test_directive_page_shows_the_subtree_and_the_units_above(org, assign, clause):
    top = assign()
    services.target_allocate(actor=None, target=top,
                             shares=[(org.province_a, 5), (org.province_b, 5)])
    rows = selectors.targets_for_directive(user=org.users["officer_a"],
                                           directive=clause.directive, today=TODAY)
    assert {(row.target.unit, row.in_subtree) for row in rows} == {
        (org.hq, False), (org.province_a, True)}
    assert all(row.progress.status for row in rows)


def test_target_list_is_scoped_to_the_subtree(org, assign):
    top = assign()
    services.target_allocate(actor=None, target=top, shares=[(org.province_a, 5)])
    assert [t.unit for t in selectors.target_list(user=org.users["officer_a"])] == [
        org.province_a]
    assert selectors.target_list(user=org.users["officer_b"]).count() == 0


def test_status_filter_keeps_the_matching_targets(org, assign):
    org.rifles(org.province_a, "M1", day=dt.date(2025, 2, 1))
    met = assign(stated_value=1)
    other = clause_for(org.hq, number="2")
    assign(clause=other, stated_value=100)
    found = selectors.target_list(user=org.users["officer_hq"], filters={"status": "met"})
    assert list(found) == [met]


def test_alert_counts_running_targets_at_risk(org, assign, clause):
    assign(stated_value=100, deadline=dt.date(2027, 12, 31))
    alerts = targets_at_risk(org.hq)
    assert [alert.count for alert in alerts] == [1]
    assert "status=at_risk" in alerts[0].url
    assert targets_at_risk(org.province_b) == []


def test_the_list_measures_the_shares_of_a_split_target_in_one_call(org, assign):
    org.rifles(org.province_a, "M1", "M2", day=dt.date(2026, 2, 1))
    org.rifles(org.commune_a, "M3", day=dt.date(2026, 2, 1))
    org.rifles(org.province_b, "M4", day=dt.date(2026, 3, 1))
    parent = assign(stated_value=10)
    shares = services.target_allocate(actor=None, target=parent,
                                      shares=[(org.province_a, 5), (org.province_b, 5)])
    targets = list(selectors.target_list(user=org.users["officer_hq"]).filter(
        pk__in=[s.pk for s in shares]))
    rows = {row.target.unit.code: row.progress.actual
            for row in selectors.with_progress(targets, today=TODAY)}
    period = Period(START, TODAY)
    assert rows == {"LS": registry.compute("holdings.on_hand", org.province_a, period).total,
                    "CB": registry.compute("holdings.on_hand", org.province_b, period).total}
    assert rows == {"LS": 3, "CB": 1}
