import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.training import services
from kythuat.training.models import Contest, ContestEntry, Course, Trainee, TrainingPlan

pytestmark = pytest.mark.django_db


def test_trainee_of_a_unit_below_is_added_with_its_audit_row(org, staff):
    trainee = services.trainee_add(actor=org.users["clerk_a"], course=staff.course,
                                   person=staff.commune, hours_attended=Decimal(76),
                                   result="good")
    assert (trainee.hours, trainee.result) == (Decimal(76), "good")
    assert AuditEvent.objects.filter(target_type="training.trainee",
                                     target_id=str(trainee.pk), action="created").exists()


def test_trainee_outside_the_course_units_subtree_is_refused(org, staff):
    with pytest.raises(ValidationError) as error:
        services.trainee_add(actor=None, course=staff.course, person=staff.cao_bang,
                             hours_attended=Decimal(8))
    assert "Bộ CHQS tỉnh Cao Bằng" in error.value.message_dict["person"][0]
    assert not Trainee.objects.exists()


def test_duplicate_trainee_is_refused(org, staff):
    services.trainee_add(actor=None, course=staff.course, person=staff.repairer,
                         hours_attended=Decimal(80))
    with pytest.raises(ValidationError) as error:
        services.trainee_add(actor=None, course=staff.course, person=staff.repairer,
                             hours_attended=Decimal(10))
    assert "Nguyễn Văn Thợ" in error.value.message_dict["person"][0]
    assert Trainee.objects.count() == 1


@pytest.mark.parametrize("hours", [Decimal(-1), Decimal(81)])
def test_hours_attended_outside_zero_to_the_course_hours_are_refused(org, staff, hours):
    with pytest.raises(ValidationError) as error:
        services.trainee_add(actor=None, course=staff.course, person=staff.repairer,
                             hours_attended=hours)
    assert "hours" in error.value.message_dict
    assert not Trainee.objects.exists()


def test_course_with_dates_reversed_is_refused(org):
    with pytest.raises(ValidationError) as error:
        services.course_create(actor=None, unit=org.province_a, subject="X",
                               starts_on=dt.date(2025, 5, 10), ends_on=dt.date(2025, 5, 1),
                               hours=Decimal(8))
    assert "10/05/2025" in error.value.message_dict["ends_on"][0]
    assert not Course.objects.filter(subject="X").exists()


def test_course_with_negative_hours_is_refused(org):
    with pytest.raises(ValidationError) as error:
        services.course_create(actor=None, unit=org.province_a, subject="X",
                               starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 1),
                               hours=Decimal(-4))
    assert "hours" in error.value.message_dict


def test_course_of_another_subtree_is_denied(org):
    with pytest.raises(PermissionDenied):
        services.course_create(actor=org.users["officer_b"], unit=org.province_a,
                               subject="X", starts_on=dt.date(2025, 5, 1),
                               ends_on=dt.date(2025, 5, 1), hours=Decimal(4))


def test_second_plan_of_a_unit_for_one_year_is_refused(org):
    services.plan_create(actor=None, unit=org.province_a, year=2025)
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=None, unit=org.province_a, year=2025)
    assert "2025" in error.value.message_dict["year"][0]
    assert TrainingPlan.objects.count() == 1


def test_course_under_a_planned_subject_of_another_year_is_refused(org):
    plan = services.plan_create(actor=None, unit=org.province_a, year=2024)
    item = services.plan_item_add(actor=None, plan=plan, subject="Lái xe",
                                  planned_hours=Decimal(40))
    with pytest.raises(ValidationError) as error:
        services.course_create(actor=None, unit=org.commune_a, subject="Lái xe",
                               plan_item=item, starts_on=dt.date(2025, 5, 1),
                               ends_on=dt.date(2025, 5, 2), hours=Decimal(8))
    assert "plan_item" in error.value.message_dict


def test_course_hours_below_a_trainees_hours_are_refused(org, staff):
    services.trainee_add(actor=None, course=staff.course, person=staff.repairer,
                         hours_attended=Decimal(60))
    with pytest.raises(ValidationError):
        services.course_update(actor=None, course=staff.course, data={"hours": Decimal(40)})
    staff.course.refresh_from_db()
    assert staff.course.hours == Decimal(80)


def _contest(org, staff, **kwargs) -> Contest:
    return services.contest_create(actor=None, unit=org.hq, level=staff.region,
                                   name="Hội thi thợ sửa chữa giỏi", held_on=dt.date(2025, 9, 8),
                                   ends_on=dt.date(2025, 9, 10), events=["Lý thuyết",
                                                                          "Thực hành"], **kwargs)


def test_contest_results_of_people_and_teams(org, staff):
    contest = _contest(org, staff)
    practice = contest.events.get(name="Thực hành")
    entry = services.contest_entry_add(actor=None, contest=contest, person=staff.repairer,
                                       event=practice, score=Decimal("9.5"), placing=1,
                                       prize=staff.first)
    team = services.contest_entry_add(actor=None, contest=contest, team=org.province_b,
                                      placing=2, prize=staff.second)
    assert entry.unit == org.province_a
    assert (team.unit, team.person) == (org.province_b, None)


def test_contest_participant_outside_the_organisers_subtree_is_refused(org, staff):
    contest = services.contest_create(actor=None, unit=org.province_a, level=staff.region,
                                      name="Hội thao kỹ thuật", held_on=dt.date(2025, 9, 8))
    with pytest.raises(ValidationError) as error:
        services.contest_entry_add(actor=None, contest=contest, person=staff.cao_bang)
    assert "Bộ CHQS tỉnh Lạng Sơn" in error.value.message_dict["person"][0]
    assert not ContestEntry.objects.exists()


def test_second_result_of_a_person_in_one_event_is_refused(org, staff):
    contest = _contest(org, staff)
    services.contest_entry_add(actor=None, contest=contest, person=staff.repairer)
    with pytest.raises(ValidationError):
        services.contest_entry_add(actor=None, contest=contest, person=staff.repairer)
    assert ContestEntry.objects.count() == 1


def test_contest_with_dates_reversed_or_an_event_twice_is_refused(org, staff):
    with pytest.raises(ValidationError):
        services.contest_create(actor=None, unit=org.hq, level=staff.region, name="X",
                                held_on=dt.date(2025, 9, 8), ends_on=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError):
        services.contest_create(actor=None, unit=org.hq, level=staff.region, name="X",
                                held_on=dt.date(2025, 9, 8), events=["Lái xe", "Lái xe"])
    assert not Contest.objects.exists()


def test_contest_is_seen_by_the_units_taking_part(org, staff):
    contest = _contest(org, staff)
    other = services.contest_create(actor=None, unit=org.province_a, level=staff.region,
                                    name="Hội thi xe tốt, lái xe an toàn",
                                    held_on=dt.date(2025, 6, 1))
    assert not Contest.objects.visible_to(org.users["officer_b"]).exists()
    services.contest_entry_add(actor=None, contest=contest, person=staff.cao_bang)
    assert list(Contest.objects.visible_to(org.users["officer_b"])) == [contest]
    assert other in Contest.objects.visible_to(org.users["clerk_a"])
