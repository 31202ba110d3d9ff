"""Figures for a past period stay what they were: a stock is read as at the period's end, so a
regrade in 2026 changes neither the technical coefficient for 2025 nor the statistical report
as at 31/12/2025 — and both say the same. Ratios over units are ratios of sums."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kythuat.holdings import services
from kythuat.holdings.models import Item
from kythuat.holdings.services import LineSpec
from kythuat.indicators import registry
from kythuat.indicators.periods import Period, period_from_params
from kythuat.reports.selectors.grades import grade_report

pytestmark = pytest.mark.django_db
YEAR_2025 = Period.year(2025)


def regrade(org, serial: str, grade: int, day: dt.date) -> None:
    item = Item.objects.get(serial=serial)
    movement = services.movement_create(
        actor=None, kind="grade_change", from_unit=item.unit, to_unit=item.unit,
        effective_date=day, lines=[LineSpec(type=org.rifle, item=item, grade_to=grade)])
    services.movement_post(actor=None, movement=movement)


@pytest.fixture
def rifles(org):
    """Lạng Sơn: two rifles of grade 1 and one of grade 3 received in 2025; Hữu Lũng (below it):
    one of grade 2."""
    org.rifles(org.province_a, "AK-001", "AK-002", day=dt.date(2025, 3, 1))
    org.rifles(org.province_a, "AK-003", grade=3, day=dt.date(2025, 3, 1))
    org.rifles(org.commune_a, "AK-004", grade=2, day=dt.date(2025, 4, 1))
    return org


def grades(value: registry.Value) -> dict:
    return {row.key[0]: row.value for row in value.by("grade") if row.value}


@pytest.mark.parametrize("closed", [False, True], ids=["ledger", "closed-year-snapshot"])
def test_a_stock_for_2025_does_not_change_when_an_item_is_regraded_in_2026(rifles, closed):
    org = rifles
    if closed:
        services.period_close(actor=None, unit=org.hq, kind="year", year=2025)
    before = registry.compute("holdings.technical_coefficient", org.province_a, YEAR_2025)
    regrade(org, "AK-001", 4, dt.date(2026, 2, 1))
    after = registry.compute("holdings.technical_coefficient", org.province_a, YEAR_2025)
    assert after == before
    assert after.total == Decimal("75.0")  # 3 of 4 pieces serviceable on 31/12/2025
    today = registry.compute("holdings.technical_coefficient", org.province_a,
                             Period.year_to_date())
    assert today.total == Decimal("50.0")
    assert grades(registry.compute("holdings.on_hand", org.province_a, YEAR_2025)) == {
        1: 2, 2: 1, 3: 1}


def test_the_stock_equals_the_statistical_report_as_at_the_same_day(rifles):
    org = rifles
    regrade(org, "AK-002", 3, dt.date(2026, 1, 15))
    report = grade_report(unit=org.province_a, day=dt.date(2025, 12, 31))
    total_row = report.sections[0].total_row
    value = registry.compute("holdings.on_hand", org.province_a, YEAR_2025)
    assert grades(value) == {g: q for g, q in total_row.by_grade.items() if q}
    coefficient = registry.compute("holdings.technical_coefficient", org.province_a, YEAR_2025)
    assert coefficient.total == total_row.coefficient


def test_a_ratio_over_units_is_the_ratio_of_the_sums(rifles):
    org = rifles
    org.rifles(org.province_b, "AK-900", "AK-901", "AK-902", grade=4, day=dt.date(2025, 5, 1))
    rows, total = registry.by_subordinates("holdings.technical_coefficient", org.hq, YEAR_2025)
    shares = {row.unit.code: row.value.total for row in rows}
    assert shares == {"LS": Decimal("75.0"), "CB": Decimal("0.0")}
    # 3 serviceable of 7 pieces: 42.9 %, not the average of 75 % and 0 % (37.5 %).
    assert (total.numerator, total.denominator, total.total) == (3, 7, Decimal("42.9"))


def test_a_flow_counts_the_period_only(rifles):
    org = rifles
    assert registry.compute("holdings.documents_posted", org.hq, YEAR_2025).total == 3
    assert registry.compute("holdings.documents_posted", org.hq, Period.year(2024)).total == 0
    regrade(org, "AK-003", 2, dt.date(2026, 1, 5))
    assert registry.compute("holdings.documents_posted", org.hq, YEAR_2025).total == 3


def test_records_behind_a_past_stock_are_the_ledger_up_to_that_day(rifles):
    org = rifles
    regrade(org, "AK-001", 4, dt.date(2026, 2, 1))
    records = registry.records("holdings.on_hand", org.province_a, YEAR_2025,
                               where={"grade": 1})
    assert sorted(records.values_list("item__serial", flat=True)) == ["AK-001", "AK-002"]
    assert all(entry.effective_date <= YEAR_2025.end for entry in records)


@pytest.mark.parametrize(("params", "expected"), [
    ({"year": "2025"}, Period.year(2025)),
    ({"year": "2025", "quarter": "3"}, Period(dt.date(2025, 7, 1), dt.date(2025, 9, 30))),
    ({"from": "29/11/2007", "to": "31/12/2022"}, Period(dt.date(2007, 11, 29),
                                                       dt.date(2022, 12, 31))),
    ({"year_from": "2007", "year_to": "2022"}, Period(dt.date(2007, 1, 1),
                                                      dt.date(2022, 12, 31))),
])
def test_periods_are_read_from_parameters(params, expected):
    assert period_from_params(params) == expected


@pytest.mark.parametrize(("params", "message"), [
    ({"year": "20x5"}, "Năm “20x5” không hợp lệ"),
    ({"year": "2025", "quarter": "5"}, "Quý phải là 1, 2, 3 hoặc 4."),
    ({"from": "31/02/2025", "to": "01/03/2025"}, "không phải là ngày"),
    ({"from": "01/03/2025", "to": "01/01/2025"}, "trước ngày bắt đầu"),
])
def test_bad_periods_are_refused_in_vietnamese(params, message):
    with pytest.raises(ValidationError) as error:
        period_from_params(params)
    assert message in " ".join(error.value.messages)


def test_quarter_labels():
    assert Period.quarter(2025, 4).label() == "quý 4/2025"
    assert Period(dt.date(2007, 1, 1), dt.date(2022, 12, 31)).label() == "2007–2022"


def test_the_top_reads_a_past_stock_from_its_subordinates_closings(rifles):
    """Nobody closes the year for the whole tree, but a province does: the top's stock for
    2025 starts from the province's snapshot and equals the ledger's sum."""
    from kythuat.holdings.selectors import balances

    org = rifles
    org.rifles(org.province_b, "AK-900", grade=4, day=dt.date(2025, 5, 1))
    services.period_close(actor=None, unit=org.province_a, kind="year", year=2025)
    regrade(org, "AK-002", 5, dt.date(2026, 1, 20))
    assert [c["unit__path"] for c in balances._nested_closes(org.hq, dt.date(2025, 12, 31))] == [
        org.province_a.path]
    value = registry.compute("holdings.on_hand", org.hq, YEAR_2025)
    records = registry.records("holdings.on_hand", org.hq, YEAR_2025)
    assert value.total == sum(entry.quantity for entry in records) == 5
    assert grades(value) == {1: 2, 2: 1, 3: 1, 4: 1}
    rows, total = registry.by_subordinates("holdings.technical_coefficient", org.hq, YEAR_2025)
    assert {row.unit.code: row.value.total for row in rows} == {"LS": Decimal("75.0"),
                                                               "CB": Decimal("0.0")}
    assert total.total == Decimal("60.0")  # 3 of 5 pieces


def test_by_subordinates_sends_the_same_statements_however_many_subordinates(rifles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kythuat.org.models import Unit

    org = rifles

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            for code in ("holdings.on_hand", "holdings.technical_coefficient",
                         "holdings.documents_posted"):
                registry.by_subordinates(code, org.hq, YEAR_2025)
        return len(queries)

    before = statements()
    for n in range(4):
        unit = Unit.objects.create(code=f"NEW{n}", name=f"Đơn vị mới {n}", parent=org.hq,
                                   kind=org.province_b.kind)
        org.rifles(unit, f"NEW-{n}", grade=n + 1, day=dt.date(2025, 6, 1))
    assert statements() == before
