"""The due list: by time, by meter, whichever first; from registration when never done."""

import datetime as dt
from decimal import Decimal

import pytest

from kythuat.maintenance import services
from kythuat.maintenance.models import WorkOrder
from kythuat.maintenance.selectors import (
    DueState,
    add_interval,
    due_list,
    item_schedule,
    latest_base,
)

from .conftest import read, trucks

pytestmark = pytest.mark.django_db


def _plan(shop, kind, **intervals):
    return services.plan_create(actor=None, type=shop.truck, kind=kind, **intervals)


def _maintain(org, shop, items, kind, day):
    order = services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="maintenance",
        maintenance_kind=kind, opened_on=day,
        lines=[services.WorkLine(type=shop.truck, item=item) for item in items])
    return services.work_order_close(actor=None, work_order=order, closed_on=day)


def _due(unit, today, **filters):
    return {(row.serial, row.kind_name) for row in due_list(unit, today, **filters)}


def test_never_maintained_item_is_due_from_its_registration(org, shop):
    today = shop.today
    _plan(shop, shop.bd1, interval_days=90)
    trucks(org, shop, "OLD", day=today - dt.timedelta(days=91))
    trucks(org, shop, "NEW", day=today - dt.timedelta(days=89))
    assert _due(org.province_a, today) == {("OLD", shop.bd1.name)}
    row = next(iter(due_list(org.province_a, today)))
    assert row.never_done
    assert row.due_on == today - dt.timedelta(days=1)
    assert row.is_overdue


def test_due_by_time_counts_from_the_last_maintenance(org, shop):
    today = shop.today
    _plan(shop, shop.bd1, interval_months=6)
    a, b = trucks(org, shop, "A", "B", day=today - dt.timedelta(days=400))
    _maintain(org, shop, [a], shop.bd1, today - dt.timedelta(days=200))  # 6 months passed
    _maintain(org, shop, [b], shop.bd1, today - dt.timedelta(days=150))  # not yet
    assert _due(org.province_a, today) == {("A", shop.bd1.name)}
    row = next(iter(due_list(org.province_a, today)))
    assert row.last_done_on == today - dt.timedelta(days=200)


def test_due_by_meter_before_the_time_interval(org, shop):
    """Time says not yet (30 of 180 days), the meter says yes (5.200 of 5.000 km)."""
    today = shop.today
    _plan(shop, shop.bd1, interval_days=180, meter_kind=shop.km, interval_meter=Decimal(5000))
    a, b = trucks(org, shop, "A", "B", day=today - dt.timedelta(days=60))
    read(a, shop.km, today - dt.timedelta(days=40), 10000)
    read(b, shop.km, today - dt.timedelta(days=40), 10000)
    _maintain(org, shop, [a, b], shop.bd1, today - dt.timedelta(days=30))
    read(a, shop.km, today, 15200)
    read(b, shop.km, today, 14900)
    rows = list(due_list(org.province_a, today))
    assert [(row.serial, row.meter_used) for row in rows] == [("A", Decimal(5200))]
    assert rows[0].due_by_meter
    assert not rows[0].due_by_date
    assert rows[0].is_overdue


def test_due_by_time_before_the_meter_interval(org, shop):
    """The meter says not yet (100 of 5.000 km), time says yes (181 of 180 days)."""
    today = shop.today
    _plan(shop, shop.bd1, interval_days=180, meter_kind=shop.km, interval_meter=Decimal(5000))
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=300))
    read(a, shop.km, today - dt.timedelta(days=200), 1000)
    _maintain(org, shop, [a], shop.bd1, today - dt.timedelta(days=181))
    read(a, shop.km, today, 1100)
    (row,) = list(due_list(org.province_a, today))
    assert row.due_by_date
    assert not row.due_by_meter
    assert row.meter_used == 100


def test_meter_counts_across_a_replacement(org, shop):
    today = shop.today
    _plan(shop, shop.bd1, interval_months=12, meter_kind=shop.km, interval_meter=Decimal(5000))
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=100))
    read(a, shop.km, today - dt.timedelta(days=90), 80000)
    _maintain(org, shop, [a], shop.bd1, today - dt.timedelta(days=90))
    read(a, shop.km, today - dt.timedelta(days=50), 83000)
    read(a, shop.km, today - dt.timedelta(days=49), 0, is_replacement=True)
    assert _due(org.province_a, today) == set()
    read(a, shop.km, today, 2500)  # 3.000 + 2.500 since the maintenance
    (row,) = list(due_list(org.province_a, today))
    assert row.meter_used == 5500


def test_higher_maintenance_counts_for_the_kinds_it_covers(org, shop):
    today = shop.today
    _plan(shop, shop.bd1, interval_months=3)
    _plan(shop, shop.bd2, interval_months=12)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=500))
    assert _due(org.province_a, today) == {("A", shop.bd1.name), ("A", shop.bd2.name)}
    _maintain(org, shop, [a], shop.bd2, today - dt.timedelta(days=10))
    assert _due(org.province_a, today) == set()


def test_states_filters_and_pagination(org, shop):
    today = shop.today
    _plan(shop, shop.bd1, interval_days=100)
    trucks(org, shop, "LATE", day=today - dt.timedelta(days=120))
    trucks(org, shop, "TODAY", day=today - dt.timedelta(days=100))
    trucks(org, shop, "SOON", day=today - dt.timedelta(days=90))
    trucks(org, shop, "FAR", day=today - dt.timedelta(days=10))
    trucks(org, shop, "COMMUNE", day=today - dt.timedelta(days=120), unit=org.commune_a)
    assert _due(org.province_a, today, state=DueState.DUE) == {
        ("LATE", shop.bd1.name), ("TODAY", shop.bd1.name), ("COMMUNE", shop.bd1.name)}
    assert {s for s, _k in _due(org.province_a, today, state=DueState.OVERDUE)} == {
        "LATE", "COMMUNE"}
    assert {s for s, _k in _due(org.province_a, today, state=DueState.SOON)} == {"SOON"}
    assert {s for s, _k in _due(org.commune_a, today)} == {"COMMUNE"}
    assert _due(org.province_b, today) == set()
    assert {s for s, _k in _due(org.province_a, today, q="lat")} == {"LATE"}
    listing = due_list(org.province_a, today)
    assert listing.count() == 3
    assert [row.serial for row in listing[0:2]] == ["LATE", "COMMUNE"]
    assert [row.serial for row in listing[2:10]] == ["TODAY"]


def test_items_that_left_the_books_are_not_due(org, shop):
    from kythuat.holdings import services as ledger

    today = shop.today
    _plan(shop, shop.bd1, interval_days=30)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=60))
    assert _due(org.province_a, today)
    movement = ledger.movement_create(actor=None, kind="write_off", from_unit=org.province_a,
                                      effective_date=today,
                                      lines=[ledger.LineSpec(type=shop.truck, item=a)])
    ledger.movement_post(actor=None, movement=movement)
    assert _due(org.province_a, today) == set()


def test_item_schedule_lists_every_plan(org, shop):
    today = shop.today
    _plan(shop, shop.bd1, interval_days=30)
    _plan(shop, shop.check, interval_days=365)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=40))
    rows = {row.kind_name: row for row in item_schedule(a, today)}
    assert rows[shop.bd1.name].is_due
    assert not rows[shop.check.name].is_due
    assert rows[shop.check.name].due_on == today - dt.timedelta(days=40) + dt.timedelta(days=365)
    assert WorkOrder.objects.count() == 0


def test_overdue_alert_appears_and_clears(org, shop):
    from kythuat.indicators.alerts import collect

    today = shop.today
    _plan(shop, shop.bd1, interval_days=30)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=45))
    alerts = [alert for alert in collect(org.province_a) if alert.source == "maintenance_overdue"]
    assert [alert.count for alert in alerts] == [1]
    assert "state=overdue" in alerts[0].url
    assert not [a for a in collect(org.province_b) if a.source == "maintenance_overdue"]
    _maintain(org, shop, [a], shop.bd1, today)
    assert not [a for a in collect(org.province_a) if a.source == "maintenance_overdue"]


def test_indicators_done_versus_planned_and_repairs_by_level(org, shop):
    from kythuat.indicators.registry import Period, compute

    today = shop.today
    period = Period(start=today.replace(month=1, day=1), end=today.replace(month=12, day=31))
    _plan(shop, shop.bd1, interval_days=30)
    a, b, c = trucks(org, shop, "A", "B", "C", day=today - dt.timedelta(days=45))
    _maintain(org, shop, [a], shop.bd1, today)
    services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="maintenance",
        maintenance_kind=shop.bd1, opened_on=today,
        lines=[services.WorkLine(type=shop.truck, item=item) for item in (b, c)])
    assert compute("maintenance.done", org.province_a, period).total == 1
    assert compute("maintenance.planned", org.province_a, period).total == 3
    assert compute("maintenance.overdue", org.province_a, period).total == 2
    ratio = compute("maintenance.done_vs_planned", org.province_a, period)
    assert (ratio.total, ratio.numerator, ratio.denominator) == (Decimal("33.3"), 1, 3)
    assert [(row.labels, row.value) for row in ratio.by("maintenance_kind")] == [
        ((shop.bd1.name,), Decimal("33.3"))]
    assert compute("maintenance.done_vs_planned", org.province_b, period).total is None
    (d,) = trucks(org, shop, "D", day=today)
    order = services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="repair",
        repair_level=shop.medium, opened_on=today,
        lines=[services.WorkLine(type=shop.truck, item=d)])
    services.work_order_close(actor=None, work_order=order, closed_on=today)
    levels = {row.labels[0]: row.value
              for row in compute("maintenance.repairs", org.province_a, period).by(
                  "repair_level")}
    assert levels[shop.medium.name] == 1
    assert levels[shop.minor.name] == 0
    assert compute("maintenance.repairs", org.province_b, period).total == 0


def test_a_past_period_keeps_its_maintenance_figures(org, shop):
    from kythuat.indicators.registry import Period, compute

    today = shop.today
    last_month = Period(today - dt.timedelta(days=40), today - dt.timedelta(days=20))
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=100))
    order = services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="maintenance",
        maintenance_kind=shop.bd1, opened_on=today - dt.timedelta(days=30),
        lines=[services.WorkLine(type=shop.truck, item=a)])
    before = [compute(code, org.province_a, last_month).total
              for code in ("maintenance.done", "maintenance.planned",
                           "maintenance.done_vs_planned")]
    assert before == [0, 1, Decimal("0.0")]
    services.work_order_close(actor=None, work_order=order, closed_on=today)
    services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="maintenance",
        maintenance_kind=shop.bd1, opened_on=today,
        lines=[services.WorkLine(type=shop.truck, item=a)])
    assert [compute(code, org.province_a, last_month).total
            for code in ("maintenance.done", "maintenance.planned",
                         "maintenance.done_vs_planned")] == before
    this_month = Period(today - dt.timedelta(days=5), today)
    assert compute("maintenance.done_vs_planned", org.province_a, this_month).total == 50


def _overdue(unit, day) -> set[str]:
    from kythuat.indicators.registry import Period, records

    return {item.serial for item in records("maintenance.overdue", unit, Period(day, day))}


def test_overdue_indicator_agrees_with_the_due_list_and_keeps_the_past(org, shop):
    from kythuat.holdings import services as ledger

    today = shop.today
    _plan(shop, shop.bd1, interval_days=30, meter_kind=shop.km, interval_meter=Decimal(5000))
    _plan(shop, shop.bd2, interval_months=12)
    _late, metered, covered, gone, _commune = trucks(
        org, shop, "LATE", "METER", "COVERED", "GONE", day=today - dt.timedelta(days=400)) + \
        trucks(org, shop, "COMMUNE", day=today - dt.timedelta(days=400), unit=org.commune_a)
    read(metered, shop.km, today - dt.timedelta(days=20), 10000)
    _maintain(org, shop, [metered, covered, gone], shop.bd2,
              today - dt.timedelta(days=10))  # bảo dưỡng cấp 2 includes cấp 1
    read(metered, shop.km, today, 15200)  # 5.200 km since the maintenance
    write_off = ledger.movement_create(actor=None, kind="write_off", from_unit=org.province_a,
                                       effective_date=today,
                                       lines=[ledger.LineSpec(type=shop.truck, item=gone)])
    ledger.movement_post(actor=None, movement=write_off)
    listed = {row.serial for row in due_list(org.province_a, today, state=DueState.OVERDUE)}
    assert _overdue(org.province_a, today) == listed == {"LATE", "METER", "COMMUNE"}
    assert _overdue(org.commune_a, today) == {"COMMUNE"}
    # Twenty days ago nothing had been maintained yet, the meter had not run and GONE was held.
    past = today - dt.timedelta(days=20)
    assert _overdue(org.province_a, past) == {"LATE", "METER", "COVERED", "GONE", "COMMUNE"}
    assert _overdue(org.commune_a, past) == {"COMMUNE"}
    # Before the first interval ran out nothing was overdue, whatever happened since.
    assert _overdue(org.province_a, today - dt.timedelta(days=380)) == set()


@pytest.mark.parametrize(("day", "months", "days", "expected"), [
    (dt.date(2026, 1, 31), 1, 0, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, 0, dt.date(2024, 2, 29)),
    (dt.date(2026, 8, 15), 6, 0, dt.date(2027, 2, 15)),
    (dt.date(2026, 3, 1), 0, 90, dt.date(2026, 5, 30)),
    (dt.date(2026, 11, 30), 3, 1, dt.date(2027, 3, 1)),
])
def test_intervals_add_months_then_days(day, months, days, expected):
    assert add_interval(day, months, days) == expected


@pytest.mark.parametrize(("today", "months", "days"), [
    (dt.date(2026, 2, 28), 1, 0), (dt.date(2026, 3, 31), 1, 0), (dt.date(2026, 3, 1), 1, 0),
    (dt.date(2026, 11, 22), 6, 0), (dt.date(2026, 11, 22), 0, 90), (dt.date(2026, 5, 31), 3, 2),
])
def test_latest_base_is_the_last_day_that_is_due(today, months, days):
    base = latest_base(today, months, days)
    assert add_interval(base, months, days) <= today
    assert add_interval(base + dt.timedelta(days=1), months, days) > today


def test_month_end_due_dates_agree_between_list_and_rule(org, shop):
    """Registered 31/08: six months later is 28/02 (or 29/02); due exactly then, not before."""
    today = shop.today
    _plan(shop, shop.bd1, interval_months=6)
    base = latest_base(today, 6, 0)
    trucks(org, shop, "EDGE", day=base)
    trucks(org, shop, "NEXT", day=base + dt.timedelta(days=1))
    assert {s for s, _k in _due(org.province_a, today)} == {"EDGE"}
    (row,) = list(due_list(org.province_a, today))
    assert row.due_on <= today
    assert not row.is_overdue or row.due_on < today


@pytest.mark.parametrize("walk", [True, False])
def test_a_page_is_the_same_whichever_way_the_database_reads_it(org, shop, monkeypatch, walk):
    """On SQLite a large subtree's page walks the due-date index (see _walk_by_date), a small
    one reads the subtree's pairs: both give the same rows in the same order, the other
    province's items never among them."""
    from django.db import connection

    from kythuat.maintenance.selectors import DueList

    if walk and connection.vendor != "sqlite":
        pytest.skip("the walk is SQLite's plan; PostgreSQL chooses its own")
    monkeypatch.setattr(DueList, "_walk_by_date", lambda self, found, reach: walk)
    today = shop.today
    _plan(shop, shop.bd1, interval_days=100)
    for days in (300, 200, 150, 120):
        trucks(org, shop, f"A{days}", day=today - dt.timedelta(days=days))
        trucks(org, shop, f"B{days}", day=today - dt.timedelta(days=days), unit=org.province_b)
    trucks(org, shop, "C120", day=today - dt.timedelta(days=120), unit=org.commune_a)
    listing = due_list(org.province_a, today)
    assert [row.serial for row in listing[0:3]] == ["A300", "A200", "A150"]
    assert [row.serial for row in listing[3:10]] == ["A120", "C120"]
