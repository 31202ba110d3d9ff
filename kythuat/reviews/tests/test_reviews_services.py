import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.reviews.models import CommitteeMember, PlanEntry, Report, Review
from kythuat.reviews.services import reviews as services

from .conftest import DEADLINE, PERIOD, review_kind

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_create_records_the_review_with_its_directives_and_audit(org, make_review,
                                                                 review_directives):
    officer = org.users["officer_a"]
    review = make_review(actor=officer, directives=[review_directives.province])
    assert review.status == Review.Status.PLANNED
    assert list(review.directives.all()) == [review_directives.province]
    assert review.created_by == officer
    event = AuditEvent.objects.get(target_type="reviews.review", target_id=str(review.pk))
    assert event.action == "created"
    assert event.unit == org.province_a
    assert event.changes["directives"] == [None, ["09-CTr/ĐUQS"]]


def test_a_reversed_period_is_refused_in_vietnamese(org, make_review):
    with pytest.raises(ValidationError) as error:
        make_review(actor=org.users["officer_a"], period_start=dt.date(2022, 12, 31),
                    period_end=dt.date(2007, 11, 29))
    assert "29/11/2007" in messages_of(error.value)  # the message names both dates
    assert "period_end" in error.value.message_dict
    assert not Review.objects.exists()


def test_a_conference_before_the_period_is_refused(org, make_review):
    with pytest.raises(ValidationError) as error:
        make_review(actor=org.users["officer_a"], conference_date=dt.date(2007, 1, 1))
    assert "conference_date" in error.value.message_dict
    assert "01/01/2007" in messages_of(error.value)
    assert not Review.objects.exists()


def test_a_directive_the_user_cannot_see_is_refused(org, make_review, review_directives):
    with pytest.raises(ValidationError) as error:
        make_review(actor=org.users["officer_a"], directives=[review_directives.other])
    assert "directives" in error.value.message_dict
    assert str(review_directives.other.pk) in messages_of(error.value)
    assert not Review.objects.exists()


def test_a_plan_unit_cannot_record_or_change_the_review(org, reviews):
    clerk = org.users["clerk_commune"]
    with pytest.raises(PermissionDenied):
        services.review_update(actor=clerk, review=reviews.lang_son, data={"title": "X"})
    with pytest.raises(PermissionDenied):
        services.plan_entry_update(actor=clerk, entry=reviews.plan[0],
                                   data={"deadline": dt.date(2022, 12, 1)})
    with pytest.raises(PermissionDenied):
        services.member_add(actor=clerk, review=reviews.lang_son, name="X", role="Thành viên")
    with pytest.raises(PermissionDenied):
        services.review_create(actor=org.users["viewer_a"], unit=org.province_a,
                               kind=review_kind("year"), title="Tổng kết năm 2026",
                               period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    reviews.lang_son.refresh_from_db()
    assert reviews.lang_son.title.startswith("Tổng kết 15 năm")


def test_an_outside_unit_cannot_be_the_reviewing_unit(org, make_review):
    with pytest.raises(ValidationError) as error:
        make_review(actor=org.users["officer_b"])
    assert "unit" in error.value.message_dict
    assert not Review.objects.exists()


def test_update_changes_fields_and_directives_with_audit(org, reviews):
    review = reviews.lang_son
    services.review_update(actor=org.users["officer_a"], review=review, data={
        "conference_place": "Hội trường Bộ CHQS tỉnh", "directives": [reviews.directives.province]})
    review.refresh_from_db()
    assert review.conference_place == "Hội trường Bộ CHQS tỉnh"
    assert list(review.directives.all()) == [reviews.directives.province]
    event = AuditEvent.objects.filter(target_type="reviews.review", action="changed").order_by(
        "pk").last()
    assert set(event.changes) == {"conference_place", "directives"}


def test_update_refuses_a_period_that_leaves_plan_deadlines_outside(org, reviews):
    review = reviews.lang_son
    with pytest.raises(ValidationError) as error:
        services.review_update(actor=org.users["officer_a"], review=review,
                               data={"conference_date": dt.date(2022, 11, 1)})
    assert "deadline" in error.value.message_dict
    review.refresh_from_db()
    assert review.conference_date == dt.date(2022, 12, 20)


def test_status_moves_forward_and_refuses_a_manual_issue(org, reviews):
    review, officer = reviews.lang_son, org.users["officer_a"]
    services.review_status_set(actor=officer, review=review, status="drafting")
    with pytest.raises(ValidationError) as error:
        services.review_status_set(actor=officer, review=review, status="issued")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.review_status_set(actor=officer, review=review, status="held")
    assert "status" in error.value.message_dict
    review.refresh_from_db()
    assert review.status == "drafting"


def test_going_back_needs_a_reason(org, reviews):
    review, officer = reviews.lang_son, org.users["officer_a"]
    with pytest.raises(ValidationError) as error:
        services.review_status_set(actor=officer, review=review, status="planned")
    assert "note" in error.value.message_dict
    services.review_status_set(actor=officer, review=review, status="planned",
                               note="Điều chỉnh kế hoạch")
    review.refresh_from_db()
    assert review.status == "planned"
    event = AuditEvent.objects.filter(target_type="reviews.review").order_by("pk").last()
    assert event.note == "Điều chỉnh kế hoạch"


def test_after_the_report_is_issued_only_held_follows(org, reviews):
    review, officer = reviews.lang_son, org.users["officer_a"]
    Review.objects.filter(pk=review.pk).update(status="issued")  # as the report's issuing does
    with pytest.raises(ValidationError):
        services.review_status_set(actor=officer, review=review, status="drafting",
                                   note="Sửa lại")
    with pytest.raises(ValidationError):
        services.review_update(actor=officer, review=review, data={"period_start":
                                                                   dt.date(2008, 1, 1)})
    with pytest.raises(ValidationError):
        services.plan_entry_remove(actor=officer, entry=reviews.plan[0])
    services.review_status_set(actor=officer, review=review, status="held")
    review.refresh_from_db()
    assert review.status == "held"
    assert review.period_start == PERIOD[0]


def test_committee_members_are_added_edited_and_removed(org, reviews):
    officer = org.users["officer_a"]
    member = services.member_add(actor=officer, review=reviews.lang_son, name=" Lê  Văn Cường ",
                                 rank="Thượng tá", role="Phó Trưởng ban")
    assert member.name == "Lê Văn Cường"
    assert member.order == 20
    services.member_update(actor=officer, member=member,
                           data={"role": "Phó Trưởng ban thường trực"})
    member.refresh_from_db()
    assert member.role == "Phó Trưởng ban thường trực"
    with pytest.raises(ValidationError) as error:
        services.member_update(actor=officer, member=member, data={"name": ""})
    assert "name" in error.value.message_dict
    services.member_remove(actor=officer, member=member)
    assert CommitteeMember.objects.filter(review=reviews.lang_son).count() == 2
    assert AuditEvent.objects.filter(target_type="reviews.committeemember",
                                     action="deleted").exists()


def test_a_plan_unit_must_be_below_the_reviewing_unit(org, reviews):
    officer = org.users["officer_hq"]
    for unit in (org.province_b, org.hq, org.province_a):
        with pytest.raises(ValidationError) as error:
            services.plan_entry_add(actor=officer, review=reviews.lang_son, unit=unit,
                                    deadline=DEADLINE)
        assert unit.name in messages_of(error.value)
        assert "unit" in error.value.message_dict
    assert PlanEntry.objects.filter(review=reviews.lang_son).count() == 2


def test_a_unit_is_planned_once(org, reviews):
    with pytest.raises(ValidationError) as error:
        services.plan_entry_add(actor=org.users["officer_a"], review=reviews.lang_son,
                                unit=org.commune_a, deadline=DEADLINE)
    assert org.commune_a.name in messages_of(error.value)
    assert PlanEntry.objects.filter(review=reviews.lang_son).count() == 2


@pytest.mark.parametrize("deadline", [dt.date(2007, 1, 1), dt.date(2022, 12, 21)])
def test_a_deadline_outside_the_review_is_refused(org, reviews, deadline):
    entry = reviews.plan[0]
    with pytest.raises(ValidationError) as error:
        services.plan_entry_update(actor=org.users["officer_a"], entry=entry,
                                   data={"deadline": deadline})
    assert "deadline" in error.value.message_dict
    entry.refresh_from_db()
    assert entry.deadline == DEADLINE


def test_a_unit_with_a_report_stays_in_the_plan(org, reviews):
    entry = reviews.plan[0]
    Report.objects.create(review=reviews.lang_son, unit=entry.unit, title="Báo cáo")
    with pytest.raises(ValidationError) as error:
        services.plan_entry_remove(actor=org.users["officer_a"], entry=entry)
    assert entry.unit.name in messages_of(error.value)
    services.plan_entry_remove(actor=org.users["officer_a"], entry=reviews.plan[1])
    assert list(PlanEntry.objects.filter(review=reviews.lang_son)) == [entry]


def test_plan_all_direct_subordinates(org, make_review):
    review = make_review(actor=org.users["officer_hq"], unit=org.hq, kind=review_kind("year"),
                         title="Tổng kết năm 2026", period_start=dt.date(2026, 1, 1),
                         period_end=dt.date(2026, 12, 31), conference_date=None)
    entries = services.plan_subordinates(actor=org.users["officer_hq"], review=review,
                                         deadline=dt.date(2026, 12, 10))
    assert [e.unit for e in entries] == [org.province_a, org.province_b]
    with pytest.raises(ValidationError) as error:
        services.plan_subordinates(actor=org.users["officer_hq"], review=review,
                                   deadline=dt.date(2026, 12, 10))
    assert org.hq.name in messages_of(error.value)
    assert PlanEntry.objects.filter(review=review).count() == 2
