"""The registry's promises, checked for every registered indicator on the small demo (generated
from the registry, not one test each): the records listed behind a value add up to it, a row of
a breakdown too, and the values by subordinate unit add up to the total (a ratio: Σ numerator
over Σ denominator, never an average of ratios)."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.indicators.registry import Kind
from kythuat.org.models import Unit
from kythuat.org.selectors import children_then

pytestmark = pytest.mark.django_db

CODES = sorted(code for code, indicator in registry.REGISTRY.items() if not indicator.entered)
TODAY = timezone.localdate()
PERIODS = {
    "2013-2022": Period(dt.date(2013, 1, 1), dt.date(2022, 12, 31)),
    "2025": Period.year(2025),
    "this-year": Period(dt.date(TODAY.year, 1, 1), TODAY),
}
UNITS = ("BQP", "QK1-LS")
# Records that belong to two units at once: a transfer between two provinces is one document
# of the region, shown under its sender, yet a document of each province; a lot held by two
# provinces is one lot of the region and a lot of each. Their subordinates' rows add up to
# the region's total, and each row is at most what that subordinate counts alone.
SHARED = {"holdings.documents_posted", "ammunition.lots_on_hand"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--small", "--force", stdout=StringIO(), stderr=StringIO())
        connection.check_constraints()
        yield {code: Unit.objects.get(code=code) for code in UNITS}
        transaction.set_rollback(True)


def summed(queryset, indicator) -> Decimal:
    if indicator.amount:
        return Decimal(queryset.aggregate(total=Sum(indicator.amount))["total"] or 0)
    return Decimal(queryset.count())


def parts(code: str) -> list:
    indicator = registry.get(code)
    if indicator.kind == Kind.RATIO:
        return [("numerator", registry.get(indicator.numerator)),
                ("denominator", registry.get(indicator.denominator))]
    return [("", indicator)]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize("unit_code", UNITS)
def test_records_add_up_to_the_value(demo, code, period, unit_code):
    unit, period = demo[unit_code], PERIODS[period]
    value = registry.compute(code, unit, period)
    for part, counted in parts(code):
        expected = getattr(value, part) if part else value.total
        assert summed(registry.records(code, unit, period, part=part), counted) == expected, part


@pytest.mark.parametrize("code", CODES)
def test_each_row_of_a_breakdown_adds_up_from_its_records(demo, code):
    unit, period = demo["BQP"], PERIODS["2013-2022"]
    value = registry.compute(code, unit, period)
    for name in value.dimensions:
        for row in value.by(name):
            for part, counted in parts(code):
                expected = getattr(row, part) if part else row.value
                records = registry.records(code, unit, period, where={name: row.key[0]},
                                           part=part)
                assert summed(records, counted) == (expected or 0), (name, row.labels, part)


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_subordinates_add_up_to_the_total(demo, code, period):
    region = Unit.objects.get(code="QK1")
    period = PERIODS[period]
    rows, total = registry.by_subordinates(code, region, period)
    assert total == registry.compute(code, region, period)
    # The subordinates of the period, as the organisation was: the province merged in 2025 is
    # a row of 2013–2022 and not of this year.
    assert {row.unit.pk for row in rows if not row.is_self} == set(
        children_then(region, period.start, period.end).values_list("pk", flat=True))
    for row in rows:
        alone = registry.compute(code, row.unit, period).total
        if code in SHARED:  # shown under one subordinate, counted by each of them alone
            assert row.value.total <= alone or row.is_self
        else:
            assert row.value.total == alone or row.is_self
    indicator = registry.get(code)
    if indicator.kind == Kind.RATIO:
        numerator = sum((row.value.numerator or 0 for row in rows), Decimal(0))
        denominator = sum((row.value.denominator or 0 for row in rows), Decimal(0))
        assert (total.numerator, total.denominator) == (numerator, denominator)
        if denominator:
            expected = (100 * numerator / denominator).quantize(Decimal("0.1"))
            assert total.total == expected
    else:
        assert sum((row.value.total for row in rows), Decimal(0)) == total.total


def test_the_demo_gives_the_registry_something_to_count(demo):
    """The tests above are not vacuous: most indicators have records in the demo."""
    counted = {code for code in CODES
               if registry.compute(code, demo["BQP"], Period(dt.date(2007, 1, 1), TODAY)).total}
    assert {"holdings.on_hand", "holdings.technical_coefficient",
            "holdings.documents_posted"} <= counted
    assert len(counted) >= len(CODES) * 2 // 3, sorted(set(CODES) - counted)
