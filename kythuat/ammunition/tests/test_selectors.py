"""Due lists and indicators against dates chosen to decide, and the dashboard's alerts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kythuat.ammunition import selectors, services
from kythuat.ammunition.indicators import lot_alerts
from kythuat.ammunition.models import RetestInterval
from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.holdings.models import Lot
from kythuat.indicators.registry import Period, compute, records

pytestmark = pytest.mark.django_db


def lot_numbers(lots) -> list[str]:
    return [lot.lot_number for lot in lots]


@pytest.fixture
def lots(ammo):
    """Four more lots of Lạng Sơn with expiry dates around today."""
    org = ammo.org
    today = timezone.localdate()
    expiries = {"L-PAST": -10, "L-20": 20, "L-100": 100, "L-400": 400}
    for number, days in expiries.items():
        org.bulk(org.province_a, org.ammo, 50, lot_number=number, day=dt.date(2025, 6, 1))
        Lot.objects.filter(lot_number=number).update(
            expiry_date=today + dt.timedelta(days=days))
    return ammo


def test_expiry_list_by_window(lots):
    unit = lots.org.province_a
    assert lot_numbers(selectors.expiry_list(unit=unit, filters={"window": "expired"})) == [
        "L-PAST"]
    assert lot_numbers(selectors.expiry_list(unit=unit, filters={"window": "30"})) == [
        "L-PAST", "L-20"]
    assert lot_numbers(selectors.expiry_list(unit=unit, filters={"window": "180"})) == [
        "L-PAST", "L-20", "L-100"]
    everything = selectors.expiry_list(unit=unit, filters={"window": "all"})
    assert lot_numbers(everything) == ["L-PAST", "L-20", "L-100", "L-400", "L-01"]
    rows = {lot.lot_number: lot for lot in selectors.with_state(everything)}
    assert rows["L-PAST"].state.days_left == -10
    assert rows["L-PAST"].state.expiry_late == 10
    assert rows["L-20"].on_hand == Decimal(50)


def test_expiry_list_follows_the_holding_subtree(lots):
    org = lots.org
    # The commune holds only 100 rounds of L-01; the province's other lots are not its own.
    assert lot_numbers(selectors.expiry_list(unit=org.commune_a, filters={"window": "all"})) == [
        "L-01"]
    [row] = selectors.expiry_list(unit=org.commune_a, filters={"window": "all"})
    assert row.on_hand == Decimal(100)
    assert not selectors.expiry_list(unit=org.province_b, filters={"window": "all"}).exists()


def test_lots_approved_for_disposal_leave_the_expiry_list(lots):
    org = lots.org
    expired = Lot.objects.get(lot_number="L-PAST")
    batch = services.disposal_batch_create(
        actor=None, unit=org.province_a, title="Hủy", decided_on=dt.date(2026, 1, 10),
        decision_ref="QĐ 1", lines=[(expired, Decimal(50))])
    services.disposal_batch_approve(actor=None, batch=batch)
    assert lot_numbers(selectors.expiry_list(unit=org.province_a,
                                             filters={"window": "expired"})) == []


def test_retest_dates_follow_the_interval(ammo):
    org = ammo.org
    today = timezone.localdate()
    last = selectors.add_months(today, -12) - dt.timedelta(days=3)  # 12-month interval: late
    services.lot_test_record(actor=None, lot=ammo.lot, unit=org.province_a, tested_on=last,
                             kind=ammo.kind, conclusion=ammo.passed)
    [row] = selectors.with_state(selectors.retest_list(unit=org.province_a))
    assert row.state.next_retest == selectors.add_months(last, 12)
    assert row.state.retest_late == 3
    # A longer interval for this type moves the next re-test a year on: not due any more.
    RetestInterval.objects.create(type=org.ammo, months=24)
    assert not selectors.retest_list(unit=org.province_a).exists()
    [row] = selectors.with_state(selectors.retest_list(unit=org.province_a,
                                                       filters={"window": "365"}))
    assert row.state.next_retest == selectors.add_months(last, 24)


def test_retest_list_counts_never_tested_lots_and_skips_types_without_interval(ammo):
    org = ammo.org
    parts = EquipmentType.objects.create(symbol="PT-XE", name="Lọc dầu", branch=org.ammo.branch,
                                         uom="chiếc", tracking=Tracking.LOT)
    RetestInterval.objects.create(type=parts, months=None)  # a weapons-branch spare part
    org.bulk(org.province_a, parts, 10, lot_number="PT-1")
    assert lot_numbers(selectors.retest_list(unit=org.province_a,
                                             filters={"window": "never"})) == ["L-01"]
    assert "PT-1" not in lot_numbers(selectors.lot_register(unit=org.province_a))


def test_indicators_count_lots_and_tests(lots):
    org = lots.org
    period = Period(dt.date(2026, 1, 1), timezone.localdate())
    assert compute("ammunition.lots_expired", org.province_a, period).total == 1
    assert [lot.lot_number for lot in records("ammunition.lots_expiring", org.province_a,
                                              period)] == ["L-20"]
    assert compute("ammunition.lots_expiring", org.province_a, period).total == 1
    services.lot_test_record(actor=None, lot=lots.lot, unit=org.commune_a,
                             tested_on=dt.date(2026, 1, 5), kind=lots.kind,
                             conclusion=lots.failed, samples_taken=10, samples_failed=3)
    services.lot_test_record(actor=None, lot=lots.lot, unit=org.province_a,
                             tested_on=dt.date(2025, 12, 5), kind=lots.kind,
                             conclusion=lots.passed)
    tests = compute("ammunition.tests_done", org.province_a, period)
    assert tests.total == 1
    assert [(row.labels, row.value) for row in tests.by("test_kind")] == [
        ((lots.kind.name,), 1)]
    assert compute("ammunition.tests_done", org.province_b, period).total == 0
    assert compute("ammunition.lots_isolated", org.province_a, period).total == 0


def test_a_past_period_keeps_its_lot_figures(lots):
    org = lots.org
    today = timezone.localdate()
    january = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    yesterday = Period(today - dt.timedelta(days=1), today - dt.timedelta(days=1))
    isolation = services.lot_isolate(actor=None, lot=lots.lot, unit=org.province_a,
                                     decision_ref="QĐ 7", reason="Không đạt",
                                     isolated_on=dt.date(2026, 1, 5))
    services.lot_release(actor=None, isolation=isolation, released_on=dt.date(2026, 2, 8),
                         release_ref="QĐ 8")
    assert compute("ammunition.lots_isolated", org.province_a, january).total == 1
    assert compute("ammunition.lots_isolated", org.commune_a, january).total == 1
    assert compute("ammunition.lots_isolated", org.province_a, Period.year(2025)).total == 0
    assert compute("ammunition.lots_isolated", org.province_a, yesterday).total == 0
    # L-PAST expired ten days ago; a shelf-life extension decided today leaves the past alone.
    services.shelf_life_extend(actor=None, lot=Lot.objects.get(lot_number="L-PAST"),
                               unit=org.province_a, decision_ref="QĐ 9", decided_on=today,
                               new_expiry=today + dt.timedelta(days=720))
    assert compute("ammunition.lots_expired", org.province_a, yesterday).total == 1
    assert compute("ammunition.lots_expired", org.province_a, Period(today, today)).total == 0
    # A lot issued to the commune today was not the commune's yesterday.
    lots.move("issue", from_unit=org.province_a, to_unit=org.commune_a, quantity=50,
              lot=Lot.objects.get(lot_number="L-20"), actor=None, day=today)
    assert compute("ammunition.lots_expiring", org.commune_a, Period(today, today)).total == 1
    assert compute("ammunition.lots_expiring", org.commune_a, yesterday).total == 0
    assert compute("ammunition.lots_expiring", org.province_a, yesterday).total == 1


def alerts(unit, kind: str) -> list:
    """The alerts of one kind: by the list they point to."""
    marks = {"isolated": "status=isolated", "expiry": "/expiry/", "retest": "/retests/"}
    return [alert for alert in lot_alerts(unit) if marks[kind] in alert.url]


def isolated_alerts(unit):
    return alerts(unit, "isolated")


def expiry_alerts(unit):
    return alerts(unit, "expiry")


def retest_alerts(unit):
    return alerts(unit, "retest")


def test_alerts_appear_and_clear(lots):
    org = lots.org
    assert isolated_alerts(org.province_a) == []
    isolation = services.lot_isolate(actor=None, lot=lots.lot, unit=org.province_a,
                                     decision_ref="QĐ 7", reason="Không đạt",
                                     isolated_on=dt.date(2026, 1, 5))
    [alert] = isolated_alerts(org.hq)
    assert alert.count == 1
    assert alert.level == "danger"
    assert "1 lô đạn đang cách ly" in str(alert.title)
    assert isolated_alerts(org.province_b) == []
    services.lot_release(actor=None, isolation=isolation, released_on=dt.date(2026, 1, 8),
                         release_ref="QĐ 8")
    assert isolated_alerts(org.province_a) == []

    levels = {alert.level: alert.count for alert in expiry_alerts(org.province_a)}
    assert levels == {"danger": 1, "warning": 1}
    services.shelf_life_extend(actor=None, lot=Lot.objects.get(lot_number="L-PAST"),
                               unit=org.province_a, decision_ref="QĐ 9",
                               decided_on=timezone.localdate(),
                               new_expiry=timezone.localdate() + dt.timedelta(days=720))
    assert {alert.level for alert in expiry_alerts(org.province_a)} == {"warning"}

    assert retest_alerts(org.province_a) == []  # never tested lots are not "overdue"
    services.lot_test_record(actor=None, lot=lots.lot, unit=org.province_a,
                             tested_on=dt.date(2020, 1, 1), kind=lots.kind,
                             conclusion=lots.passed)
    [alert] = retest_alerts(org.province_a)
    assert alert.count == 1
    assert "window=overdue" in alert.url
    services.lot_test_record(actor=None, lot=lots.lot, unit=org.province_a,
                             tested_on=timezone.localdate(), kind=lots.kind,
                             conclusion=lots.passed)
    assert retest_alerts(org.province_a) == []


def test_dashboard_alerts_are_counted_once_until_something_changes(
        lots, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        found = lot_alerts(lots.org.hq)
    assert {alert.level for alert in found} == {"danger", "warning"}
    # Kept: the types, the intervals and the version of the books, then nothing to count.
    with django_assert_max_num_queries(3):
        assert lot_alerts(lots.org.hq) == found
