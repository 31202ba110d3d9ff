"""The demo reviews, seeded on the test organisation with the demo's unit codes."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest

from kythuat.directives import demo as directives_demo
from kythuat.org.models import Unit, UnitKind
from kythuat.reviews import demo
from kythuat.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(org):
    org.province_a.code = "QK1-LS"
    org.province_a.save()
    kind = {code: UnitKind.objects.get(code=code) for code in (
        "bo", "su-doan", "trung-doan", "kho")}
    bqp = Unit.objects.create(code="BQP", name="Bộ Quốc phòng", kind=kind["bo"])
    division = Unit.objects.create(code="SD346", name="Sư đoàn 346", parent=org.hq,
                                   kind=kind["su-doan"])
    for number in (677, 246):
        Unit.objects.create(code=f"SD346-E{number}", name=f"Trung đoàn {number}",
                            parent=division, kind=kind["trung-doan"])
    Unit.objects.create(code="SD346-K46", name="Kho K46", parent=division, kind=kind["kho"])
    depot = Unit.objects.create(code="QK1-LS-K19", name="Kho K19", parent=org.province_a,
                                kind=kind["kho"])
    units = {"BQP": bqp, "QK1": org.hq, "QK1-LS": org.province_a, "SD346": division,
             "QK1-LS-K19": depot}
    return SimpleNamespace(tree=SimpleNamespace(units=units), today=dt.date(2026, 12, 7),
                           rng=random.Random(1), small=True)  # noqa: S311


def test_demo_builds_the_reviews_of_resolution_382(context, org):
    directives_demo.seed(context)
    summary = demo.seed(context)
    assert "3" in summary
    lang_son = Review.objects.get(unit=org.province_a)
    assert (lang_son.kind.code, lang_son.status, lang_son.period_start, lang_son.period_end) == (
        "final_15y", "drafting", dt.date(2007, 11, 29), dt.date(2022, 12, 31))
    assert [d.number_symbol for d in lang_son.directives.order_by("issued_on")] == [
        "382-NQ/ĐUQSTW", "09-CTr/ĐUQS"]
    assert lang_son.members.filter(body="committee", role="Trưởng ban").get().position == (
        "Chỉ huy trưởng Bộ CHQS tỉnh")
    assert lang_son.members.filter(body="secretariat").count() == 3
    plan = {entry.unit.code: entry.deadline for entry in lang_son.plan_entries.all()}
    assert plan == {"LS-XA-01": dt.date(2022, 10, 25), "QK1-LS-K19": dt.date(2022, 10, 31)}
    division = Review.objects.get(unit__code="SD346")
    assert division.status == "drafting"
    assert sorted(e.unit.code for e in division.plan_entries.all()) == [
        "SD346-E246", "SD346-E677"]
    annual = Review.objects.get(unit=org.hq)
    assert (annual.kind.code, annual.status, annual.title) == (
        "year", "collecting", "Tổng kết công tác kỹ thuật năm 2026")
    assert sorted(e.unit.code for e in annual.plan_entries.all()) == ["CB", "QK1-LS"]


def test_demo_seeds_without_the_directives(context):
    demo.seed(context)
    assert Review.objects.count() == 3
    assert not Review.objects.filter(directives__isnull=False).exists()
