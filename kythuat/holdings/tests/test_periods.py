import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kythuat.holdings import selectors, services
from kythuat.holdings.models import BalanceSnapshot, Item, PeriodClose
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db


def fuel_at(org, unit, day):
    rows = selectors.subtree_balances_as_of(unit=unit, day=day, fields=("type_id",))
    return rows.get((org.fuel.pk,), Decimal(0))


@pytest.fixture
def history(org):
    """Fuel received and issued over three years."""
    org.bulk(org.province_a, org.fuel, 100, day=dt.date(2023, 5, 1))
    org.bulk(org.province_a, org.fuel, 50, day=dt.date(2024, 6, 1))
    issue = services.movement_create(
        actor=None, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=dt.date(2025, 2, 1),
        lines=[LineSpec(type=org.fuel, quantity=Decimal(30), grade=1, usage_group=org.sscd)])
    services.movement_post(actor=None, movement=issue)
    consume = services.movement_create(
        actor=None, kind="consumption", from_unit=org.commune_a,
        effective_date=dt.date(2025, 3, 1),
        lines=[LineSpec(type=org.fuel, quantity=Decimal(10), grade=1, usage_group=org.sscd)])
    services.movement_post(actor=None, movement=consume)
    return org


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2023, 4, 30), 0), (dt.date(2023, 12, 31), 100), (dt.date(2024, 12, 31), 150),
    (dt.date(2025, 2, 15), 150), (dt.date(2025, 3, 1), 140), (None, 140),
])
def test_balance_as_at_a_date_without_closings(history, day, expected):
    assert fuel_at(history, history.province_a, day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2023, 4, 30), 0), (dt.date(2023, 12, 31), 100), (dt.date(2024, 7, 1), 150),
    (dt.date(2025, 2, 15), 150), (dt.date(2025, 3, 1), 140),
])
def test_balance_as_at_a_date_reads_the_same_through_snapshots(history, day, expected):
    for year in (2023, 2024):
        services.period_close(actor=None, unit=history.hq, kind="year", year=year)
    assert BalanceSnapshot.objects.filter(close__period_end=dt.date(2024, 12, 31)).exists()
    assert fuel_at(history, history.province_a, day) == expected


def test_closed_period_refuses_back_dated_posting(history):
    services.period_close(actor=None, unit=history.hq, kind="year", year=2024)
    with pytest.raises(ValidationError, match="đã khóa đến hết ngày 31/12/2024"):
        history.bulk(history.commune_a, history.fuel, 5, day=dt.date(2024, 11, 30))
    history.bulk(history.commune_a, history.fuel, 5, day=dt.date(2025, 1, 2))


def test_closing_a_period_twice_or_too_early_is_refused(history):
    services.period_close(actor=None, unit=history.province_a, kind="quarter", year=2025,
                          quarter=1)
    with pytest.raises(ValidationError, match="đã được khóa sổ"):
        services.period_close(actor=None, unit=history.province_a, kind="quarter", year=2025,
                              quarter=1)
    with pytest.raises(ValidationError, match="Chỉ được khóa sổ sau ngày cuối cùng"):
        services.period_close(actor=None, unit=history.province_a, kind="year", year=2099)


def test_officer_of_another_subtree_cannot_close(history):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.period_close(actor=history.users["officer_b"], unit=history.province_a,
                              kind="year", year=2024)
    assert not PeriodClose.objects.exists()


def test_period_report_balances_by_kind(history):
    report = selectors.period_report(unit=history.province_a, start=dt.date(2025, 1, 1),
                                     end=dt.date(2025, 12, 31))
    (row,) = report.rows
    assert row.opening == 150
    assert row.closing == 140
    # The issue from the province to its own commune stays inside the subtree.
    assert "issue" not in row.increases
    assert "issue" not in row.decreases
    assert row.decreases["consumption"] == 10
    assert row.balances
    (totals,) = report.totals()  # one unit of measure, one total
    assert totals["uom"] == row.type.uom
    assert totals["opening"] + totals["increase"] - totals["decrease"] == totals["closing"]


def test_period_report_nets_a_reversed_receipt(org):
    receipt = org.bulk(org.province_a, org.fuel, 40, day=dt.date(2025, 4, 1))
    services.movement_reverse(actor=None, movement=receipt, effective_date=dt.date(2025, 4, 2))
    report = selectors.period_report(unit=org.province_a, start=dt.date(2025, 1, 1),
                                     end=dt.date(2025, 12, 31))
    (row,) = report.rows
    assert row.increases["receipt"] == 0
    assert row.closing == 0
    assert row.balances


def test_item_state_as_at_a_date_follows_its_documents(org):
    org.rifles(org.province_a, "AK-9", day=dt.date(2024, 1, 5))
    item = Item.objects.get(serial="AK-9")
    move = services.movement_create(
        actor=None, kind="transfer", from_unit=org.province_a, to_unit=org.province_b,
        effective_date=dt.date(2025, 1, 5), lines=[LineSpec(type=org.rifle, item=item)])
    services.movement_post(actor=None, movement=move)
    assert selectors.item_state_as_of(item=item, day=dt.date(2023, 1, 1)) is None
    assert selectors.item_state_as_of(item=item, day=dt.date(2024, 6, 1)).unit_name == (
        org.province_a.name)
    assert selectors.item_state_as_of(item=item, day=dt.date(2025, 6, 1)).unit_name == (
        org.province_b.name)


def test_period_report_of_a_subordinate_counts_the_issue_it_received(history):
    report = selectors.period_report(unit=history.commune_a, start=dt.date(2025, 1, 1),
                                     end=dt.date(2025, 12, 31))
    (row,) = report.rows
    assert (row.opening, row.increases["issue"], row.decreases["consumption"], row.closing) == (
        0, 30, 10, 20)
    assert row.balances
