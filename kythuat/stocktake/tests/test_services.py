import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.holdings import services as holdings
from kythuat.holdings.models import Balance, Item, LedgerEntry, Movement
from kythuat.holdings.selectors import subtree_balances_as_of
from kythuat.stocktake import selectors, services
from kythuat.stocktake.models import CountLine, CountSheet, Stocktake

from .conftest import AS_OF, line_of, make_stocktake

pytestmark = pytest.mark.django_db
D = Decimal


def count_all(stocktake, overrides=None):
    """Counts every line as booked, except the given {line: LineCount}."""
    overrides = overrides or {}
    for line in CountLine.objects.filter(sheet__stocktake=stocktake):
        services.line_count(actor=None, line=line, count=overrides.get(
            line.pk, services.LineCount(counted=line.booked)))


def test_sheets_hold_the_book_as_at_0h_of_the_date(stock):
    # A receipt dated the stocktake day itself is after 0h: not on the sheets.
    stock.bulk(stock.province_a, stock.fuel, 40, day=AS_OF)
    stocktake = make_stocktake(stock)
    sheets = list(stocktake.sheets.order_by("number"))
    assert [(s.unit, s.facility) for s in sheets] == [(stock.province_a, None),
                                                       (stock.commune_a, None)]
    lines = CountLine.objects.filter(sheet__stocktake=stocktake)
    assert sorted(lines.filter(type=stock.rifle).values_list("serial", flat=True)) == [
        "AK-001", "AK-002", "AK-003"]
    assert line_of(stocktake, type=stock.ammo).booked == 500
    assert line_of(stocktake, type=stock.fuel).booked == 200
    assert line_of(stocktake, type=stock.fuel).sheet.unit == stock.commune_a
    assert lines.count() == 5


def test_periodic_stocktake_must_be_as_at_1_january(stock):
    with pytest.raises(ValidationError, match="0h ngày 01/01"):
        services.stocktake_create(actor=None, unit=stock.province_a, as_of=AS_OF,
                                  kind="periodic")
    assert not Stocktake.objects.exists()


def test_counting_needs_a_chair_and_a_past_date(stock):
    stocktake = services.stocktake_create(actor=None, unit=stock.province_a, as_of=AS_OF,
                                          kind="ad_hoc")
    with pytest.raises(ValidationError, match="trưởng ban"):
        services.stocktake_start(actor=None, stocktake=stocktake)
    future = services.stocktake_create(actor=None, unit=stock.commune_a, kind="periodic",
                                       as_of=dt.date(2099, 1, 1))
    with pytest.raises(ValidationError, match="Sớm nhất"):
        services.stocktake_start(actor=None, stocktake=future)
    assert not CountSheet.objects.exists()


def test_clerk_cannot_start_or_approve(stock):
    stocktake = make_stocktake(stock, start=False)
    with pytest.raises(PermissionDenied):
        services.stocktake_start(actor=stock.users["clerk_a"], stocktake=stocktake)
    services.stocktake_start(actor=stock.users["officer_a"], stocktake=stocktake)
    count_all(stocktake)
    services.stocktake_finish(actor=stock.users["clerk_a"], stocktake=stocktake)
    with pytest.raises(PermissionDenied):
        services.stocktake_approve(actor=stock.users["clerk_a"], stocktake=stocktake)


def test_whole_flow_posts_adjustments_and_the_books_equal_the_count(stock):
    stocktake = make_stocktake(stock)
    officer = stock.users["officer_a"]
    ammo, fuel = line_of(stocktake, type=stock.ammo), line_of(stocktake, type=stock.fuel)
    missing, regraded = line_of(stocktake, serial="AK-002"), line_of(stocktake, serial="AK-003")
    count_all(stocktake, {
        ammo.pk: services.LineCount(counted=D(480), grade_found=2, regraded=D(30)),
        fuel.pk: services.LineCount(counted=D(215)),
        missing.pk: services.LineCount(counted=D(0)),
        regraded.pk: services.LineCount(counted=D(1), grade_found=4),
    })
    own_sheet = stocktake.sheets.get(unit=stock.province_a)
    services.line_add(actor=officer, sheet=own_sheet, type=stock.rifle, grade=3,
                      usage_group=stock.sscd, counted=D(1), serial="AK-999")
    with pytest.raises(ValidationError, match="chỉ làm được khi"):
        services.stocktake_approve(actor=officer, stocktake=stocktake)
    services.stocktake_finish(actor=officer, stocktake=stocktake)
    services.stocktake_approve(actor=officer, stocktake=stocktake)

    stocktake.refresh_from_db()
    assert stocktake.status == Stocktake.Status.APPROVED
    kinds = sorted(stocktake.documents.values_list("kind", flat=True))
    # Province sheet: surplus (AK-999), shortage (20 rounds, AK-002), grades (30 rounds,
    # AK-003); commune sheet: surplus (15 litres).
    assert kinds == ["adjust_in", "adjust_in", "adjust_out", "grade_change"]
    assert all(m.status == "posted" and stocktake.title in m.reason
               and m.effective_date == AS_OF for m in stocktake.documents.all())
    # The books as at the end of the stocktake day equal what was counted.
    books = subtree_balances_as_of(unit=stock.province_a, day=AS_OF,
                                   fields=("type_id", "grade"))
    assert books == {(stock.ammo.pk, 1): D(450), (stock.ammo.pk, 2): D(30),
                     (stock.fuel.pk, 2): D(215), (stock.rifle.pk, 2): D(1),
                     (stock.rifle.pk, 4): D(1), (stock.rifle.pk, 3): D(1)}
    assert Item.objects.get(serial="AK-002").status == "lost"
    assert Item.objects.get(serial="AK-003").grade == 4
    assert Item.objects.get(serial="AK-999").unit == stock.province_a


def test_variance_totals_match_the_ledger(stock):
    stocktake = make_stocktake(stock)
    ammo, fuel = line_of(stocktake, type=stock.ammo), line_of(stocktake, type=stock.fuel)
    count_all(stocktake, {ammo.pk: services.LineCount(counted=D(470)),
                          fuel.pk: services.LineCount(counted=D(230), grade_found=3,
                                                      regraded=D(10))})
    report = selectors.variance_report(selectors.stocktake_lines(stocktake))
    services.stocktake_finish(actor=None, stocktake=stocktake)
    services.stocktake_approve(actor=None, stocktake=stocktake)
    entries = LedgerEntry.objects.filter(movement__in=stocktake.documents.all())
    for row in report.rows:
        of_row = entries.filter(type_id=row.type_id, grade=row.grade)
        assert row.surplus == sum(e.quantity for e in of_row.filter(kind="adjust_in"))
        assert row.shortage == -sum(e.quantity for e in of_row.filter(kind="adjust_out"))
        assert row.regraded_in == sum(e.quantity for e in of_row.filter(
            kind="grade_change", direction=1))
        assert row.counted == row.booked + row.surplus - row.shortage + row.regraded_in \
            - row.regraded_out
    # One total per unit of measure: rounds, litres and rifles are never added together.
    totals = {total.uom: total for total in report.totals}
    assert {uom: (t.booked, t.counted, t.surplus, t.shortage) for uom, t in totals.items()} == {
        stock.rifle.uom: (D(3), D(3), D(0), D(0)),
        stock.ammo.uom: (D(500), D(470), D(0), D(30)),
        stock.fuel.uom: (D(200), D(230), D(30), D(0))}


def test_serials_found_missing_and_unexpected(counting, stock):
    count_all(counting, {line_of(counting, serial="AK-001").pk: services.LineCount(
        counted=D(0))})
    services.line_add(actor=None, sheet=counting.sheets.first(), type=stock.rifle, grade=2,
                      usage_group=stock.sscd, counted=D(1), serial="AK-777")
    report = selectors.variance_report(selectors.stocktake_lines(counting))
    assert [line.serial for line in report.serials_missing] == ["AK-001"]
    assert [line.serial for line in report.serials_unexpected] == ["AK-777"]
    assert report.serials_found == 2


def test_a_find_already_in_the_books_is_refused(counting, stock):
    stock.rifles(stock.province_b, "CB-1")
    with pytest.raises(ValidationError, match="đã có trong sổ"):
        services.line_add(actor=None, sheet=counting.sheets.first(), type=stock.rifle,
                          grade=2, usage_group=stock.sscd, counted=D(1), serial="CB-1")
    assert not CountLine.objects.filter(is_unexpected=True).exists()



def test_a_find_with_an_overlong_number_is_refused(counting, stock):
    """The form caps the serial at 60 characters; the API and sheet imports meet the service."""
    with pytest.raises(ValidationError, match="tối đa 60 ký tự"):
        services.line_add(actor=None, sheet=counting.sheets.first(), type=stock.rifle,
                          grade=2, usage_group=stock.sscd, counted=D(1), serial="X" * 61)
    assert not CountLine.objects.filter(is_unexpected=True).exists()

@pytest.mark.parametrize(("count", "message"), [
    (services.LineCount(counted=D(2)), "1 \\(có\\) hoặc 0"),
    (services.LineCount(counted=D(-1)), "không được âm"),
    (services.LineCount(counted=D(0), grade_found=3), "đã kiểm đếm được"),
])
def test_bad_serial_counts_are_refused(counting, count, message):
    line = line_of(counting, serial="AK-001")
    with pytest.raises(ValidationError, match=message):
        services.line_count(actor=None, line=line, count=count)
    line.refresh_from_db()
    assert line.counted is None


def test_guard_refuses_postings_in_scope_while_counting_and_allows_them_after(stock):
    stocktake = make_stocktake(stock, unit=stock.province_a)
    draft = holdings.movement_create(
        actor=None, kind="receipt", source="factory", to_unit=stock.commune_a,
        effective_date=dt.date(2026, 3, 1),
        lines=[holdings.LineSpec(type=stock.fuel, quantity=D(5), grade=1,
                                 usage_group=stock.sscd)])
    with pytest.raises(ValidationError, match="chờ đến khi") as refused:
        holdings.movement_post(actor=None, movement=draft)
    assert stocktake.title in str(refused.value)
    earlier = Movement.objects.get(kind="receipt", to_unit=stock.commune_a, status="posted")
    with pytest.raises(ValidationError, match=stocktake.title):
        holdings.movement_reverse(actor=None, movement=earlier)
    assert not Balance.objects.filter(unit=stock.commune_a, grade=1).exists()
    stock.bulk(stock.province_b, stock.fuel, 10)  # outside the scope: allowed
    count_all(stocktake)
    services.stocktake_finish(actor=None, stocktake=stocktake)
    with pytest.raises(ValidationError):
        holdings.movement_post(actor=None, movement=draft)
    services.stocktake_approve(actor=None, stocktake=stocktake)
    holdings.movement_post(actor=None, movement=draft)
    assert Balance.objects.get(unit=stock.commune_a, grade=1).quantity == 5


def test_cancelled_stocktake_frees_the_books(stock):
    stocktake = make_stocktake(stock)
    services.stocktake_cancel(actor=stock.users["officer_a"], stocktake=stocktake)
    stock.bulk(stock.commune_a, stock.fuel, 5)


def test_two_open_stocktakes_may_not_overlap(stock):
    make_stocktake(stock, unit=stock.province_a)
    inner = make_stocktake(stock, unit=stock.commune_a, start=False)
    with pytest.raises(ValidationError, match="vẫn đang mở"):
        services.stocktake_start(actor=None, stocktake=inner)


def _approve_with_shortage(stocktake, serial="AK-001"):
    count_all(stocktake, {line_of(stocktake, serial=serial).pk: services.LineCount(
        counted=D(0))})
    services.stocktake_finish(actor=None, stocktake=stocktake)
    services.stocktake_approve(actor=None, stocktake=stocktake)


def test_dashboard_alert_and_indicators(stock):
    from kythuat.indicators.registry import Period, compute, records
    from kythuat.stocktake.indicators import open_alerts

    stocktake = make_stocktake(stock)
    [alert] = open_alerts(stock.province_a)
    assert alert.count == 1
    assert "5 dòng" in str(alert.detail)
    assert open_alerts(stock.province_b) == []
    year = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert compute("stocktake.approved", stock.hq, year).total == 0  # still counting
    _approve_with_shortage(stocktake)
    assert compute("stocktake.approved", stock.hq, year).total == 1
    assert compute("stocktake.shortage_lines", stock.hq, year).total == 1
    assert [line.serial for line in records("stocktake.shortage_lines", stock.hq, year)] == [
        "AK-001"]
    assert compute("stocktake.approved", stock.province_b, year).total == 0


def test_a_past_period_keeps_its_stocktakes(stock):
    from kythuat.indicators.registry import Period, compute

    _approve_with_shortage(make_stocktake(stock))
    first_quarter = Period.quarter(2026, 1)
    assert compute("stocktake.approved", stock.hq, first_quarter).total == 1
    _approve_with_shortage(make_stocktake(stock, as_of=dt.date(2026, 11, 1)), serial="AK-002")
    assert compute("stocktake.approved", stock.hq, first_quarter).total == 1
    assert compute("stocktake.shortage_lines", stock.hq, first_quarter).total == 1
    assert compute("stocktake.approved", stock.hq, Period.year(2026)).total == 2
    assert compute("stocktake.shortage_lines", stock.hq, Period.quarter(2026, 4)).total == 1


def test_import_naming_a_line_of_another_stocktake_changes_nothing(stock):
    first = make_stocktake(stock, unit=stock.commune_a)
    other_line = line_of(first, type=stock.fuel)
    services.stocktake_cancel(actor=None, stocktake=first)
    second = make_stocktake(stock, unit=stock.province_a, as_of=AS_OF.replace(day=2))
    ammo = line_of(second, type=stock.ammo)
    with pytest.raises(ValidationError, match="không thuộc phiếu nào"):
        services.sheet_import(actor=stock.users["clerk_a"], stocktake=second, finds=[], counts={
            ammo.pk: (8, services.LineCount(counted=D(1))),
            other_line.pk: (9, services.LineCount(counted=D(1)))})
    ammo.refresh_from_db()
    assert ammo.counted is None
