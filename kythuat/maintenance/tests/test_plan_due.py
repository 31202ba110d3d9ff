"""The stored next due of each (item, plan) stays equal to what the records say after every
service that changes them: a receipt, a maintenance work order closed, a meter read, a plan
created or changed."""

import datetime as dt
from decimal import Decimal

import pytest

from kythuat.maintenance import services
from kythuat.maintenance.models import PlanDue
from kythuat.maintenance.selectors import add_interval, due_list
from kythuat.maintenance.services.due import due_refresh_all, sync_new_items

from .conftest import read, trucks

pytestmark = pytest.mark.django_db


def _stored(item, plan) -> PlanDue:
    return PlanDue.objects.get(item=item, plan=plan)


def _all_rows() -> set[tuple]:
    return set(PlanDue.objects.values_list("item_id", "plan_id", "last_done_on", "base_date",
                                           "due_on", "due_total", "meter_total"))


def _maintain(org, shop, items, kind, day):
    order = services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="maintenance",
        maintenance_kind=kind, opened_on=day,
        lines=[services.WorkLine(type=shop.truck, item=item) for item in items])
    return services.work_order_close(actor=None, work_order=order, closed_on=day)


def test_a_receipt_stores_the_due_date_from_registration_once_it_commits(
        org, shop, django_capture_on_commit_callbacks):
    today = shop.today
    plan = services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_months=6)
    received = today - dt.timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        (a,) = trucks(org, shop, "A", day=received)
    row = _stored(a, plan)
    assert row.base_date == received
    assert row.last_done_on is None
    assert row.due_on == add_interval(received, 6, 0)


def test_items_received_without_the_hook_are_taken_in_before_the_list_reads(org, shop):
    today = shop.today
    plan = services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_days=30)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=31))
    assert not PlanDue.objects.filter(item=a).exists()  # the commit hook has not run
    assert [row.serial for row in due_list(org.province_a, today)] == ["A"]
    assert _stored(a, plan).due_on == today - dt.timedelta(days=1)
    assert sync_new_items() == 0  # nothing new the second time


def test_closing_a_maintenance_moves_the_due_date_of_the_kind_and_of_what_it_covers(org, shop):
    today = shop.today
    level1 = services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_months=3)
    level2 = services.plan_create(actor=None, type=shop.truck, kind=shop.bd2,
                                  interval_months=12)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=500))
    sync_new_items()
    assert _stored(a, level1).due_on < today
    done = today - dt.timedelta(days=10)
    _maintain(org, shop, [a], shop.bd2, done)  # bảo dưỡng cấp 2 includes cấp 1
    assert _stored(a, level2).last_done_on == done
    assert _stored(a, level2).due_on == add_interval(done, 12, 0)
    assert _stored(a, level1).due_on == add_interval(done, 3, 0)
    assert due_list(org.province_a, today).count() == 0


def test_changing_a_plan_recomputes_its_due_dates(org, shop):
    today = shop.today
    plan = services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_months=12)
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=200))
    sync_new_items()
    assert due_list(org.province_a, today).count() == 0
    services.plan_update(actor=None, plan=plan, data={"interval_months": 6})
    assert _stored(a, plan).due_on == add_interval(today - dt.timedelta(days=200), 6, 0)
    assert [row.serial for row in due_list(org.province_a, today)] == ["A"]


def test_a_meter_reading_updates_the_stored_total_and_the_due_state(org, shop):
    today = shop.today
    plan = services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_days=365,
                                meter_kind=shop.km, interval_meter=Decimal(5000))
    (a,) = trucks(org, shop, "A", day=today - dt.timedelta(days=60))
    read(a, shop.km, today - dt.timedelta(days=50), 10000)
    row = _stored(a, plan)
    assert (row.due_total, row.meter_total) == (Decimal(15000), Decimal(10000))
    _maintain(org, shop, [a], shop.bd1, today - dt.timedelta(days=40))
    read(a, shop.km, today - dt.timedelta(days=20), 12000)
    row = _stored(a, plan)
    assert (row.due_total, row.meter_total) == (Decimal(15000), Decimal(12000))
    assert due_list(org.province_a, today).count() == 0
    read(a, shop.km, today, 15100)
    assert _stored(a, plan).meter_total == Decimal(15100)
    (due,) = list(due_list(org.province_a, today))
    assert due.due_by_meter
    assert due.meter_used == Decimal(5100)


def test_the_stored_rows_equal_a_full_recomputation_after_a_mixed_sequence(org, shop):
    today = shop.today
    services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_months=6,
                         meter_kind=shop.km, interval_meter=Decimal(8000))
    plan2 = services.plan_create(actor=None, type=shop.truck, kind=shop.bd2, interval_months=24)
    a, b, c = trucks(org, shop, "A", "B", "C", day=today - dt.timedelta(days=900))
    sync_new_items()
    read(a, shop.km, today - dt.timedelta(days=300), 40000)
    _maintain(org, shop, [a, b], shop.bd1, today - dt.timedelta(days=250))
    read(a, shop.km, today - dt.timedelta(days=100), 47000)
    services.plan_update(actor=None, plan=plan2, data={"interval_months": 18})
    _maintain(org, shop, [c], shop.bd2, today - dt.timedelta(days=30))
    (d,) = trucks(org, shop, "D", day=today - dt.timedelta(days=5))
    read(d, shop.km, today, 100)
    kept = _all_rows()
    assert len(kept) == 8  # four trucks × two plans
    due_refresh_all()
    assert _all_rows() == kept
