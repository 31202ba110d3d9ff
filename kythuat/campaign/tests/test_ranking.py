"""The ranking of a block: the weighted sum of the frozen higher-level scores, tie-breaks from
reference data, unchanged by later postings, and computed for a whole block in a number of
queries that does not grow with the number of units."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kythuat.campaign import selectors, services
from kythuat.campaign.models import Score
from kythuat.campaign.scoring import compute_many
from kythuat.org.models import Unit

from .conftest import YEAR, own_scores, reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def block(org, phase, level, criteria):
    return services.block_create(actor=None, phase=phase, superior=org.hq, level=level,
                                 name="Khối các Bộ CHQS tỉnh", members=[org.province_a,
                                                                        org.province_b])


def scored(unit, sheet_of, criteria, **values):
    sheet = sheet_of(unit)
    services.sheet_assess(actor=None, sheet=sheet, entries=own_scores(criteria, **values))
    services.sheet_submit(actor=None, sheet=sheet)
    entries = reviews(criteria, **values)
    for entry in entries.values():
        entry["review_reason"] = "Theo kết quả kiểm tra."
    return services.sheet_review(actor=None, sheet=sheet, entries=entries, close=True)


def test_ranking_is_the_sum_of_the_frozen_scores(org, block, sheet_of, criteria):
    org.rifles(org.province_a, "A-1", day=dt.date(YEAR, 2, 1))
    first = scored(org.province_b, sheet_of, criteria, **{"1.2": 20, "3.1": 15})
    second = scored(org.province_a, sheet_of, criteria, **{"1.2": 10, "3.1": 3})
    rows = selectors.block_ranking(block, YEAR)
    for row in rows:
        frozen = Score.objects.filter(sheet=row.sheet).aggregate(total=Sum("review_score"))
        assert row.total == Decimal(frozen["total"]).quantize(Decimal("0.01"))
    assert [(row.unit, row.rank) for row in rows] == [(org.province_b, 1), (org.province_a, 2)]
    assert rows[0].total == first.review_total == Decimal(85)
    assert rows[1].total == second.review_total == Decimal(63)
    assert rows[0].by_objective == {1: Decimal(50), 3: Decimal(35)}


def test_ranking_stays_after_a_later_posting(org, block, sheet_of, criteria):
    scored(org.province_a, sheet_of, criteria)
    scored(org.province_b, sheet_of, criteria, **{"3.1": 0})
    before = [(row.unit.pk, row.total, row.rank) for row in selectors.block_ranking(block, YEAR)]
    org.rifles(org.province_b, *[f"B-{n}" for n in range(10)], day=dt.date(YEAR, 6, 1))
    after = [(row.unit.pk, row.total, row.rank) for row in selectors.block_ranking(block, YEAR)]
    assert after == before


def test_equal_totals_are_ordered_by_the_tie_break_rules(org, block, sheet_of, criteria):
    # Both 80 points; Cao Bằng has more on objective 3 (safety), the first rule.
    scored(org.province_a, sheet_of, criteria, **{"1.1": 30, "1.2": 20, "3.1": 10, "3.2": 20})
    scored(org.province_b, sheet_of, criteria, **{"1.1": 30, "1.2": 0, "3.1": 30, "3.2": 20})
    rows = selectors.block_ranking(block, YEAR)
    assert [row.unit for row in rows] == [org.province_b, org.province_a]
    assert [row.rank for row in rows] == [1, 2]


def test_units_not_yet_scored_come_last_with_a_computed_total(org, block, sheet_of, criteria):
    org.rifles(org.province_b, "B-1", "B-2", day=dt.date(YEAR, 2, 1))
    scored(org.province_a, sheet_of, criteria)
    rows = selectors.block_ranking(block, YEAR)
    assert rows[-1].unit == org.province_b
    assert rows[-1].rank is None
    assert rows[-1].computed == Decimal(36)  # 30 for a document posted, 2/10 of 30


def test_the_first_ranked_are_proposed_for_commendation_when_the_form_exists(
        org, block, sheet_of, criteria):
    scored(org.province_a, sheet_of, criteria)
    rows = selectors.block_ranking(block, YEAR)
    try:
        base = reverse("commendations:proposal-create")
    except Exception:
        assert rows[0].proposal_url == ""
    else:
        assert rows[0].proposal_url.startswith(f"{base}?unit={org.province_a.pk}&form=")


def _provinces(org, count: int) -> list[Unit]:
    units = [Unit.objects.create(code=f"P{count}-{n}", name=f"Bộ CHQS tỉnh số {count}-{n}",
                                 parent=org.hq, kind=org.province_a.kind)
             for n in range(count)]
    for unit in units:
        org.rifles(unit, f"{unit.code}-1", day=dt.date(YEAR, 2, 1))
    return units


def test_a_block_is_computed_in_queries_that_do_not_grow_with_its_units(org, criteria):
    """One registry call per criterion indicator for the whole block (the army-scale
    benchmark): 2 or 12 provinces take the same number of queries."""
    items = list(criteria.values())
    counts = []
    for size in (2, 12):
        units = _provinces(org, size)
        units = list(Unit.objects.filter(pk__in=[u.pk for u in units]).select_related("parent"))
        with CaptureQueriesContext(connection) as queries:
            found = compute_many(items, units, YEAR)
        counts.append(len(queries))
        assert all(found[u.pk][criteria["3.1"].pk].score == Decimal(3) for u in units)
    assert counts[0] == counts[1]
    assert counts[1] <= 12, counts
