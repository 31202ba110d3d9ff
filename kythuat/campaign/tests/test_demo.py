"""The demo on the test organisation (Quân khu 1 with two provinces): criteria that add up,
two years scored and frozen, a ranking, the region's committee, pledges as targets; fast."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kythuat.campaign import demo, selectors
from kythuat.campaign.models import (
    Criterion,
    EmulationBlock,
    Pledge,
    Score,
    Sheet,
    SteeringCommittee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(org):
    for unit in (org.province_a, org.province_b):
        org.rifles(unit, f"{unit.code}-1", f"{unit.code}-2", day=dt.date(2023, 5, 2))
    tree = SimpleNamespace(units={"QK1": org.hq}, provinces=[org.province_a, org.province_b])
    return SimpleNamespace(tree=tree, today=timezone.localdate(), rng=random.Random(1),  # noqa: S311
                           small=True)


def test_demo_scores_two_years_of_the_block_and_ranks_it(context):
    line = demo.seed(context)
    assert "16" in line
    assert Criterion.objects.filter(group__phase__label="Giai đoạn 2020–2025").count() == 16
    closed = Sheet.objects.filter(status=Sheet.Status.SCORED)
    assert sorted(set(closed.values_list("year", flat=True))) == [2023, 2024]
    assert not Score.objects.filter(sheet__in=closed, criterion__rule__in=["threshold",
                                                                          "linear"],
                                    computed_at__isnull=True).exists()
    block = EmulationBlock.objects.get()
    rows = selectors.block_ranking(block, 2024, live=False)
    assert [row.rank for row in rows] in ([1, 2], [1, 1])
    assert all(row.total == row.sheet.review_total for row in rows)
    assert SteeringCommittee.objects.get().members.count() == 5
    assert Pledge.objects.count() == 2
    assert Sheet.objects.filter(year=2025, status=Sheet.Status.SUBMITTED).count() == 1
