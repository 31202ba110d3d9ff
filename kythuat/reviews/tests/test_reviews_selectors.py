import datetime as dt

import pytest

from kythuat.org.models import Role, User
from kythuat.reviews import selectors
from kythuat.reviews.models import CommitteeMember, PlanEntry, Report, Review

from .conftest import DEADLINE

pytestmark = pytest.mark.django_db


def report(review, unit, *, issued_on=None):
    status = Report.Status.ISSUED if issued_on else Report.Status.DRAFT
    return Report.objects.create(review=review, unit=unit, title="Báo cáo tổng kết",
                                 status=status, issued_on=issued_on)


@pytest.mark.parametrize(("persona", "visible"), [
    ("officer_hq", True), ("officer_a", True), ("viewer_a", True),
    ("clerk_commune", True),  # its commune is in the plan: it sees the review read-only
    ("officer_b", False), ("admin_b", False)])
def test_review_visibility_follows_the_unit_and_its_plan(org, reviews, persona, visible):
    user = org.users[persona]
    assert Review.objects.visible_to(user).filter(pk=reviews.lang_son.pk).exists() is visible
    assert PlanEntry.objects.visible_to(user).filter(review=reviews.lang_son).exists() is visible
    assert CommitteeMember.objects.visible_to(user).filter(
        review=reviews.lang_son).exists() is visible


def test_a_unit_outside_the_plan_does_not_see_the_review(org, reviews, second_commune):
    PlanEntry.objects.filter(unit=org.commune_a).delete()
    user = org.users["clerk_commune"]
    assert not Review.objects.visible_to(user).exists()
    other = User.objects.create(username="clerk_second", unit=second_commune, role=Role.CLERK)
    assert Review.objects.visible_to(other).get() == reviews.lang_son


def test_the_list_is_filtered_by_kind_status_unit_year_and_words(org, reviews, make_review):
    annual = make_review(unit=org.province_b, title="Tổng kết công tác kỹ thuật năm 2026",
                         kind=reviews.lang_son.kind.__class__.objects.get(code="year"),
                         period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                         conference_date=None)
    user = org.users["officer_hq"]

    def titles(**filters):
        return {r.pk for r in selectors.review_list(user=user, filters=filters)}

    assert titles() == {reviews.lang_son.pk, annual.pk}
    assert titles(kind=str(annual.kind_id)) == {annual.pk}
    assert titles(status="collecting") == {reviews.lang_son.pk}
    assert titles(unit=str(org.province_b.pk)) == {annual.pk}
    assert titles(unit=str(org.commune_a.pk)) == {reviews.lang_son.pk}  # asked for a report
    assert titles(year="2015") == {reviews.lang_son.pk}
    assert titles(year="2026") == {annual.pk}
    assert titles(q="tong ket 15 nam") == {reviews.lang_son.pk}


def test_submissions_count_submitted_late_and_missing(org, reviews):
    review = reviews.lang_son
    report(review, org.commune_a, issued_on=DEADLINE + dt.timedelta(days=5))  # late by 5 days
    overview = selectors.review_submissions(user=org.users["officer_a"], review=review,
                                            today=dt.date(2022, 12, 10))
    first, second = overview.rows
    assert (first.state, first.is_late, first.days_late, first.issued_on) == (
        "issued", True, 5, dt.date(2022, 12, 5))
    assert (second.state, second.is_late, second.days_late) == ("none", True, 10)
    assert (overview.total, overview.submitted, overview.submitted_late, overview.missing,
            overview.overdue, overview.late) == (2, 1, 1, 1, 1, 2)


def test_submissions_before_the_deadline_are_neither_late_nor_overdue(org, reviews):
    review = reviews.lang_son
    report(review, org.commune_a, issued_on=DEADLINE - dt.timedelta(days=3))
    report(review, reviews.second_commune)  # a draft
    overview = selectors.review_submissions(user=org.users["officer_a"], review=review,
                                            today=DEADLINE)
    assert [(row.state, row.is_late, row.days_late) for row in overview.rows] == [
        ("issued", False, 0), ("draft", False, 0)]
    assert (overview.submitted, overview.late, overview.missing) == (1, 0, 1)
    later = selectors.review_submissions(user=org.users["officer_a"], review=review,
                                         today=DEADLINE + dt.timedelta(days=1))
    assert [(row.state, row.is_late, row.days_late) for row in later.rows] == [
        ("issued", False, 0), ("draft", True, 1)]


def test_a_plan_unit_sees_only_its_own_report_state(org, reviews):
    report(reviews.lang_son, reviews.second_commune, issued_on=DEADLINE)
    overview = selectors.review_submissions(user=org.users["clerk_commune"],
                                            review=reviews.lang_son, today=DEADLINE)
    assert [(row.unit, row.shown, row.state) for row in overview.rows] == [
        (org.commune_a, True, "none"), (reviews.second_commune, False, "none")]
    assert overview.submitted == 0


def test_reviewed_directives_are_those_the_user_may_see(org, reviews):
    directives = reviews.directives
    reviews.lang_son.directives.add(directives.other)  # recorded by the system
    seen = selectors.reviewed_directives(user=org.users["officer_a"], review=reviews.lang_son)
    assert list(seen) == [directives.region, directives.province]


def test_missing_reports_stop_counting_days_when_the_central_report_is_issued(org, reviews):
    review = reviews.lang_son
    report(review, org.province_a, issued_on=dt.date(2022, 12, 16))
    Review.objects.filter(pk=review.pk).update(status="issued")
    review.refresh_from_db()
    overview = selectors.review_submissions(user=org.users["officer_a"], review=review,
                                            today=dt.date(2026, 12, 7))
    assert [row.days_late for row in overview.rows] == [16, 16]
    assert overview.overdue == 2
