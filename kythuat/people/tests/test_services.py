import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kythuat.documents.models import IssuedNumber
from kythuat.people import services
from kythuat.people.models import (
    Assignment,
    Certificate,
    ExamCandidate,
    Person,
    SkillLevel,
)
from kythuat.people.services.levels import levels_overlap

pytestmark = pytest.mark.django_db
D = dt.date


def snapshot(person):
    person.refresh_from_db()
    return (person.unit_id, person.is_active,
            list(person.assignments.order_by("pk").values_list("unit", "started_on",
                                                               "ended_on")),
            list(person.skill_levels.order_by("pk").values_list("level", "started_on",
                                                                "ended_on")))


# People ----------------------------------------------------------------------------------------


def test_a_move_keeps_the_history(org, person):
    someone = person()
    services.person_move(actor=org.users["officer_a"], person=someone, unit=org.commune_a,
                         started_on=D(2020, 6, 1), order_number="45/QĐ-BCH")
    someone.refresh_from_db()
    rows = list(someone.assignments.order_by("started_on"))
    assert [r.unit for r in rows] == [org.province_a, org.commune_a]
    assert rows[0].ended_on == D(2020, 5, 31)
    assert rows[0].started_on == D(2015, 3, 1)
    assert rows[1].ended_on is None
    assert rows[1].order_number == "45/QĐ-BCH"
    assert someone.unit == org.commune_a


def test_a_move_dated_before_the_current_assignment_is_refused(org, person):
    someone = person()
    before = snapshot(someone)
    with pytest.raises(ValidationError) as error:
        services.person_move(actor=None, person=someone, unit=org.commune_a,
                             started_on=D(2014, 1, 1), order_number="1/QĐ")
    assert "01/03/2015" in str(error.value)
    assert snapshot(someone) == before


def test_a_move_to_a_unit_outside_the_subtree_is_refused(org, person):
    someone = person()
    before = snapshot(someone)
    with pytest.raises(ValidationError) as error:
        services.person_move(actor=org.users["officer_a"], person=someone,
                             unit=org.province_b, started_on=D(2021, 1, 1), order_number="1")
    assert org.province_b.name in str(error.value)
    assert snapshot(someone) == before


def test_a_move_needs_the_order_number(org, person):
    someone = person()
    with pytest.raises(ValidationError) as error:
        services.person_move(actor=None, person=someone, unit=org.commune_a,
                             started_on=D(2021, 1, 1), order_number=" ")
    assert "order_number" in error.value.message_dict


def test_a_birth_date_in_the_future_is_refused(org, ref):
    count = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=None, unit=org.province_a, full_name="Lê Văn Bình",
                               category=ref.qncn, started_on=D(2020, 1, 1),
                               date_of_birth=timezone.localdate() + dt.timedelta(days=3))
    assert "date_of_birth" in error.value.message_dict
    assert Person.objects.count() == count


def test_leaving_closes_the_assignment_and_keeps_the_record(person):
    someone = person()
    services.person_leave(actor=None, person=someone, left_on=D(2024, 12, 31),
                          reason="Nghỉ hưu")
    someone.refresh_from_db()
    assert not someone.is_active
    assert someone.assignments.get().ended_on == D(2024, 12, 31)
    with pytest.raises(ValidationError):
        services.person_leave(actor=None, person=someone, left_on=D(2025, 1, 1))


def test_a_viewer_may_not_create_a_person(org, ref):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=org.users["viewer_a"], unit=org.province_a,
                               full_name="X", category=ref.qncn, started_on=D(2020, 1, 1))


# Skill levels ----------------------------------------------------------------------------------


def test_a_raise_closes_the_previous_level_the_day_before(ref, person):
    someone = person(level=(ref.weapons, 3, D(2018, 1, 1)))
    services.skill_level_raise(actor=None, person=someone, trade=ref.weapons, level=4,
                               started_on=D(2021, 7, 1), evidence="QĐ 88/QĐ-BCH 01/07/2021")
    levels = list(someone.skill_levels.order_by("started_on"))
    assert [(lv.level, lv.ended_on) for lv in levels] == [(3, D(2021, 6, 30)), (4, None)]
    assert not levels_overlap(someone, ref.weapons)


def test_overlapping_levels_are_refused(ref, person):
    someone = person(level=(ref.weapons, 3, D(2018, 1, 1)))
    services.skill_level_raise(actor=None, person=someone, trade=ref.weapons, level=4,
                               started_on=D(2021, 7, 1), evidence="QĐ 88")
    before = snapshot(someone)
    for day in (D(2021, 7, 1), D(2019, 1, 1)):
        with pytest.raises(ValidationError) as error:
            services.skill_level_raise(actor=None, person=someone, trade=ref.weapons, level=5,
                                       started_on=day, evidence="QĐ 99")
        assert "01/07/2021" in str(error.value)
    assert snapshot(someone) == before
    assert not levels_overlap(someone, ref.weapons)


@pytest.mark.parametrize("level", [0, 4, 9])
def test_a_level_outside_the_ladder_is_refused(ref, person, level):
    someone = person()
    with pytest.raises(ValidationError) as error:
        services.skill_level_grant(actor=None, person=someone, trade=ref.battery, level=level,
                                   started_on=D(2020, 1, 1), evidence="QĐ 1")
    assert "level" in error.value.message_dict
    assert not SkillLevel.objects.filter(person=someone).exists()


def test_a_level_needs_its_decision_and_a_raise_goes_up(ref, person):
    someone = person(level=(ref.weapons, 3, D(2018, 1, 1)))
    with pytest.raises(ValidationError) as error:
        services.skill_level_raise(actor=None, person=someone, trade=ref.weapons, level=4,
                                   started_on=D(2022, 1, 1), evidence="")
    assert "evidence" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.skill_level_raise(actor=None, person=someone, trade=ref.weapons, level=3,
                                   started_on=D(2022, 1, 1), evidence="QĐ 2")
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError):  # a second first level of the same trade
        services.skill_level_grant(actor=None, person=someone, trade=ref.weapons, level=5,
                                   started_on=D(2022, 1, 1), evidence="QĐ 2")
    assert someone.skill_levels.count() == 1


# Exams -----------------------------------------------------------------------------------------


@pytest.fixture
def session(org, ref, person):
    chair = person("Trần Đức Lợi", level=(ref.weapons, 6, D(2010, 1, 1)))
    return services.session_create(actor=None, unit=org.province_a,
                                   name="Kỳ thi nâng bậc thợ năm 2025", held_on=D(2025, 5, 20),
                                   trades=[ref.weapons, ref.ammo], committee=[chair])


def test_eligibility_follows_the_rule(ref, person, session):
    ready = person("Hoàng Văn Bình", level=(ref.weapons, 2, D(2022, 5, 1)))  # 36 months, low
    early = person("Lò Văn Nam", level=(ref.weapons, 2, D(2024, 1, 1)))  # 16 months
    high = person("Vi Văn Dũng", level=(ref.weapons, 4, D(2020, 1, 1)))  # high band: training
    trained = person("Ma Văn Long", level=(ref.weapons, 4, D(2020, 1, 1)))
    a = services.candidate_add(actor=None, session=session, person=ready, trade=ref.weapons)
    b = services.candidate_add(actor=None, session=session, person=early, trade=ref.weapons)
    c = services.candidate_add(actor=None, session=session, person=high, trade=ref.weapons)
    d = services.candidate_add(actor=None, session=session, person=trained, trade=ref.weapons,
                               training_evidence="Lớp bồi dưỡng thợ bậc cao 2024, GCN 17")
    assert (a.eligible, b.eligible, c.eligible, d.eligible) == (True, False, False, True)
    assert (a.from_level, a.to_level, a.months_at_level) == (2, 3, 36)
    assert b.months_at_level == 16
    assert b.min_months == 24
    assert c.training_required
    assert c.months_at_level >= c.min_months


def test_an_ineligible_candidate_is_marked_only_after_an_override_with_reason(org, ref, person,
                                                                             session):
    early = person("Lò Văn Nam", level=(ref.weapons, 2, D(2024, 1, 1)))
    candidate = services.candidate_add(actor=None, session=session, person=early,
                                       trade=ref.weapons)
    with pytest.raises(ValidationError):
        services.candidate_mark(actor=None, candidate=candidate, theory_mark=7,
                                practice_mark=8)
    with pytest.raises(ValidationError) as error:
        services.candidate_override(actor=org.users["officer_a"], candidate=candidate,
                                    reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.candidate_override(actor=org.users["clerk_a"], candidate=candidate,
                                    reason="Thợ giỏi cấp Quân khu")
    services.candidate_override(actor=org.users["officer_a"], candidate=candidate,
                                reason="Đạt giải thợ giỏi cấp Quân khu năm 2024")
    marked = services.candidate_mark(actor=None, candidate=candidate, theory_mark="6,5",
                                     practice_mark=7)
    assert marked.admitted
    assert marked.result == ExamCandidate.Result.PASSED


@pytest.mark.parametrize(("theory", "practice"), [(11, 7), (-1, 7), (7, "abc")])
def test_a_mark_outside_the_scale_is_refused(ref, person, session, theory, practice):
    someone = person(level=(ref.weapons, 2, D(2020, 1, 1)))
    candidate = services.candidate_add(actor=None, session=session, person=someone,
                                       trade=ref.weapons)
    with pytest.raises(ValidationError):
        services.candidate_mark(actor=None, candidate=candidate, theory_mark=theory,
                                practice_mark=practice)
    candidate.refresh_from_db()
    assert candidate.theory_mark is None
    assert candidate.result == ExamCandidate.Result.PENDING


def test_pass_rule_and_exemption(ref, person, session):
    low = person("A", level=(ref.weapons, 2, D(2020, 1, 1)))
    exempt = person("B", level=(ref.ammo, 1, D(2020, 1, 1)))
    failed = services.candidate_mark(
        actor=None, candidate=services.candidate_add(actor=None, session=session, person=low,
                                                     trade=ref.weapons),
        theory_mark="4.5", practice_mark=9)
    assert failed.result == ExamCandidate.Result.FAILED
    with pytest.raises(ValidationError):
        services.candidate_add(actor=None, session=session, person=exempt, trade=ref.ammo,
                               theory_exempt=True)
    spared = services.candidate_add(actor=None, session=session, person=exempt, trade=ref.ammo,
                                    theory_exempt=True,
                                    exemption_reason="Giải nhất hội thi thợ giỏi 2024")
    spared = services.candidate_mark(actor=None, candidate=spared, practice_mark=6)
    assert spared.result == ExamCandidate.Result.PASSED
    assert spared.theory_mark is None


def test_the_decision_is_numbered_once_and_opens_the_new_levels(org, ref, person, session,
                                                               issuer_a):
    good = person("Hoàng Văn Bình", level=(ref.weapons, 2, D(2022, 5, 1)))
    bad = person("Lò Văn Nam", level=(ref.weapons, 3, D(2020, 5, 1)))
    passed = services.candidate_add(actor=None, session=session, person=good, trade=ref.weapons)
    failed = services.candidate_add(actor=None, session=session, person=bad, trade=ref.weapons)
    services.candidate_mark(actor=None, candidate=passed, theory_mark=8, practice_mark=7)
    services.candidate_mark(actor=None, candidate=failed, theory_mark=3, practice_mark=7)
    officer = org.users["officer_a"]
    numbers = IssuedNumber.objects.count()
    decided = services.session_decide(actor=officer, session=session,
                                      decision_date=D(2025, 6, 2))
    again = services.session_decide(actor=officer, session=session,
                                    decision_date=D(2025, 6, 3))
    assert IssuedNumber.objects.count() == numbers + 1
    assert again.decision_number == decided.decision_number
    assert decided.decision_number
    level = SkillLevel.objects.get(person=good, ended_on__isnull=True)
    assert (level.level, level.started_on) == (3, D(2025, 6, 2))
    assert decided.decision_number in level.evidence
    assert SkillLevel.objects.get(person=good, level=2).ended_on == D(2025, 6, 1)
    assert SkillLevel.objects.get(person=bad, ended_on__isnull=True).level == 3
    passed.refresh_from_db()
    assert passed.skill_level == level
    assert passed.certificate_number
    assert Certificate.objects.filter(person=good, number=passed.certificate_number,
                                      level=3).exists()
    assert SkillLevel.objects.filter(person=good).count() == 2
    with pytest.raises(ValidationError):  # a decided session takes no more marks
        services.candidate_mark(actor=None, candidate=failed, theory_mark=9, practice_mark=9)


def test_a_decision_waits_for_every_admitted_candidate(org, ref, person, session, issuer_a):
    someone = person(level=(ref.weapons, 2, D(2020, 1, 1)))
    services.candidate_add(actor=None, session=session, person=someone, trade=ref.weapons)
    with pytest.raises(ValidationError):
        services.session_decide(actor=None, session=session, decision_date=D(2025, 6, 2))
    session.refresh_from_db()
    assert session.status == "open"
    assert not session.decision_number
    assert not IssuedNumber.objects.exists()


def test_a_candidate_must_hold_a_level_below_the_top(ref, person, session):
    top = person(level=(ref.ammo, 6, D(2010, 1, 1)))
    none = person("Không bậc")
    with pytest.raises(ValidationError):
        services.candidate_add(actor=None, session=session, person=top, trade=ref.ammo)
    with pytest.raises(ValidationError):
        services.candidate_add(actor=None, session=session, person=none, trade=ref.weapons)
    assert not ExamCandidate.objects.filter(session=session).exists()


# Assignments stay consistent -------------------------------------------------------------------


def test_the_person_unit_is_the_open_assignment(org, person):
    someone = person()
    services.person_move(actor=None, person=someone, unit=org.commune_a,
                         started_on=D(2019, 1, 1), order_number="9/QĐ")
    services.person_move(actor=None, person=someone, unit=org.province_a,
                         started_on=D(2023, 1, 1), order_number="19/QĐ")
    someone.refresh_from_db()
    current = Assignment.objects.get(person=someone, ended_on__isnull=True)
    assert current.unit == someone.unit == org.province_a
    assert someone.assignments.count() == 3
