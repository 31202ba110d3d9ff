"""The report demo, seeded on the test organisation with the demo's unit codes and a review
made here as the reviews demo makes it (Lạng Sơn's 15-year review of Resolution 382)."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kythuat.documents import demo as documents_demo
from kythuat.org.models import Unit, UnitKind
from kythuat.reviews import report_demo
from kythuat.reviews.models import PlanEntry, Report, Review, ReviewKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(org):
    org.province_a.code = "QK1-LS"
    org.province_a.save()
    division = Unit.objects.create(code="SD346", name="Sư đoàn 346", parent=org.hq,
                                   kind=UnitKind.objects.get(code="su-doan"))
    area = Unit.objects.create(code="QK1-LS-PTKV2", name="Ban CHPTKV 2 - Chi Lăng",
                               parent=org.province_a, kind=UnitKind.objects.get(code="ban-chptkv"))
    other = Unit.objects.create(code="QK1-LS-PTKV3", name="Ban CHPTKV 3 - Đình Lập",
                                parent=org.province_a, kind=UnitKind.objects.get(code="ban-chptkv"))
    org.rifles(org.commune_a, "LS-100", "LS-101", day=dt.date(2010, 5, 1))
    kind = ReviewKind.objects.get(code="final_15y")
    review = Review.objects.create(
        unit=org.province_a, kind=kind, title="Tổng kết 15 năm thực hiện Nghị quyết 382",
        period_start=dt.date(2007, 11, 29), period_end=dt.date(2022, 12, 31),
        conference_date=dt.date(2022, 12, 20))
    for unit in (org.commune_a, area, other):
        PlanEntry.objects.create(review=review, unit=unit, deadline=dt.date(2022, 11, 30))
    Review.objects.create(unit=division, kind=kind, title="Tổng kết 15 năm (Sư đoàn 346)",
                          period_start=dt.date(2007, 11, 29), period_end=dt.date(2022, 12, 31))
    units = {"QK1": org.hq, "QK1-LS": org.province_a, "SD346": division}
    return SimpleNamespace(tree=SimpleNamespace(units=units), today=timezone.localdate(),
                           rng=random.Random(1), small=True)  # noqa: S311


def test_demo_issues_the_plan_reports_and_the_central_report(context, org):
    documents_demo.seed(context)
    summary = report_demo.seed(context)
    assert summary in ("Review reports: 4 reports, 3 issued", "Báo cáo tổng kết: 4 báo cáo, 3 "
                       "đã ban hành")
    review = Review.objects.get(unit=org.province_a)
    central = Report.objects.get(review=review, unit=org.province_a)
    assert central.status == Report.Status.ISSUED
    assert central.number.date == dt.date(2022, 12, 13)
    assert "Ban CHPTKV 3 - Đình Lập" in central.missing_note  # the missing one
    late = Report.objects.get(review=review, unit=org.commune_a)
    assert late.issued_on == dt.date(2022, 12, 5)  # five days after the deadline
    results = central.sections.get(part="results").text
    assert "{{F" in results
    assert central.figures.filter(frozen=True, indicator_code="holdings.on_hand",
                                  unit=org.province_a, value=2).exists()
    draft = Report.objects.get(review__unit__code="SD346")
    assert draft.status == Report.Status.DRAFT
    assert report_demo.seed(context).startswith(("Review reports: 0", "Báo cáo tổng kết: 0"))


def test_demo_without_the_review_adds_nothing(org):
    context = SimpleNamespace(tree=SimpleNamespace(units={}), today=timezone.localdate(),
                              rng=random.Random(1), small=True)  # noqa: S311
    assert "nothing" in report_demo.seed(context) or "không" in report_demo.seed(context)
    assert not Report.objects.exists()
