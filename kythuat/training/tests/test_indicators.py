import datetime as dt
from decimal import Decimal

import pytest

from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.people.sections import sections_for
from kythuat.training import services

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def trained(org, staff):
    services.trainee_add(actor=None, course=staff.course, person=staff.repairer,
                         hours_attended=Decimal(80), result="excellent")
    services.trainee_add(actor=None, course=staff.course, person=staff.commune,
                         hours_attended=Decimal("62.5"), result="pass")
    contest = services.contest_create(actor=None, unit=org.hq, level=staff.region,
                                      name="Hội thi thợ sửa chữa giỏi",
                                      held_on=dt.date(2025, 9, 8))
    services.contest_entry_add(actor=None, contest=contest, person=staff.repairer,
                               prize=staff.first)
    services.contest_entry_add(actor=None, contest=contest, person=staff.cao_bang,
                               prize=staff.second)
    services.contest_entry_add(actor=None, contest=contest, team=org.province_b)
    return contest


def test_training_hours_are_the_person_hours_of_the_subtree(org, trained):
    value = registry.compute("training.hours", org.province_a, YEAR)
    records = registry.records("training.hours", org.province_a, YEAR)
    assert value.total == sum(r.hours for r in records)
    assert registry.compute("training.hours", org.commune_a, YEAR).total == 0  # held above
    assert registry.compute("training.trainees", org.province_a, YEAR).total == 2
    assert registry.compute("training.courses", org.province_a, YEAR).total == 1


def test_prizes_count_by_the_unit_that_won_them(org, trained):
    region = registry.compute("training.prizes", org.hq, YEAR)
    assert {r.labels[0]: r.value for r in region.by("prize")} == {
        "Giải nhất": 1, "Giải nhì": 1}
    assert registry.compute("training.prizes", org.province_b, YEAR).total == 1
    assert registry.compute("training.contests", org.hq, YEAR).total == 1
    assert registry.compute("training.contests", org.province_a, YEAR).total == 0


def test_person_page_shows_courses_and_contest_results(org, trained, staff):
    sections = [s for _title, s in sections_for(staff.repairer, org.users["officer_a"])]
    contexts = {key for s in sections for key in s.context}
    assert {"trainees", "entries"} <= contexts
    outsider = [s for _title, s in sections_for(staff.repairer, org.users["officer_b"])]
    assert not any("trainees" in s.context for s in outsider)
