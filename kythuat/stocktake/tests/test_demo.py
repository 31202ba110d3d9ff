"""The stocktake part of the demo, run on the test organisation (the whole demo, with this
part in it, runs in kythuat/demo/tests)."""

import datetime as dt
import random
from collections import defaultdict
from types import SimpleNamespace

import pytest

from kythuat.demo.book import Stock
from kythuat.holdings.selectors import subtree_balances_as_of
from kythuat.stocktake import demo
from kythuat.stocktake.models import CountLine, Stocktake

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(org):
    day = dt.date(2025, 6, 1)
    org.rifles(org.commune_a, *(f"AK-{n:03d}" for n in range(1, 7)), grade=2, day=day)
    org.bulk(org.commune_a, org.fuel, 400, grade=1, day=day)
    org.bulk(org.commune_a, org.ammo, 1200, grade=1, lot_number="L-1", day=day)
    tree = SimpleNamespace(units={"QK1-LS-PTKV1": org.commune_a, "QK1-LS-K19": org.province_a})
    book = SimpleNamespace(stock=Stock(), items=defaultdict(dict))
    return SimpleNamespace(tree=tree, book=book, today=dt.date(2026, 3, 1),
                           rng=random.Random(1), small=True)  # noqa: S311


def test_demo_has_an_approved_annual_stocktake_and_a_draft(context, org):
    summary = demo.seed(context)
    assert summary.startswith("Kiểm kê: ")
    annual = Stocktake.objects.get(kind="periodic")
    assert annual.status == "approved"
    assert annual.as_of == dt.date(2026, 1, 1)
    assert annual.members.filter(role="chair").exists()
    assert set(annual.documents.values_list("kind", flat=True)) == {
        "adjust_in", "adjust_out", "grade_change"}
    lines = CountLine.objects.filter(sheet__stocktake=annual)
    assert not lines.filter(counted__isnull=True).exists()
    assert lines.filter(is_unexpected=True).count() == 1
    # The books at the end of the stocktake day equal what was counted.
    counted: dict = defaultdict(int)
    for line in lines:
        counted[(line.type_id, line.grade)] += line.counted - line.regraded
        if line.regraded:
            counted[(line.type_id, line.grade_found)] += line.regraded
    books = subtree_balances_as_of(unit=annual.unit, day=annual.as_of,
                                   fields=("type_id", "grade"))
    assert books == {key: value for key, value in counted.items() if value}
    draft = Stocktake.objects.get(kind="ad_hoc")
    assert draft.status == "draft"
    assert draft.is_blind
    assert draft.unit == org.province_a

