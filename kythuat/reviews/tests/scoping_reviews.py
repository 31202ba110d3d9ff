"""The review screens' and API's cases for tests/test_scoping_routes.py (see its docstring).

The outside records: Lạng Sơn's 15-year review, its committee member and the plan entry of
its commune (Hữu Lũng); the tester (Cao Bằng) is neither above Lạng Sơn nor in its plan."""

import datetime as dt

from kythuat.reviews.models import CommitteeMember, PlanEntry, Review, ReviewKind

OBJECT: dict = {
    "reviews:review-detail": "reviews_review",
    "reviews:review-edit": "reviews_review",
    "reviews:review-status": "reviews_review",
    "reviews:review-submissions": "reviews_review",
    "reviews:review-submissions-export": "reviews_review",
    "reviews:member-create": "reviews_review",
    "reviews:member-edit": "reviews_member",
    "reviews:member-delete": "reviews_member",
    "reviews:plan-create": "reviews_review",
    "reviews:plan-all": "reviews_review",
    "reviews:plan-edit": "reviews_plan_entry",
    "reviews:plan-delete": "reviews_plan_entry",
    "review-detail": "reviews_review",
    "review-status": "reviews_review",
    "review-submissions": "reviews_review",
    "review-plan-all": "reviews_review",
    "review-member-detail": "reviews_member",
    "review-plan-entry-detail": "reviews_plan_entry",
}
LIST: dict = {
    "reviews:review-list": {"unit": True, "q": "secret"},
    "reviews:review-export": {"unit": True},
    "review-list": None,
    "review-member-list": None,
    "review-plan-entry-list": None,
    "review-kind-list": None,
    "review-kind-detail": "reference",
}


def _kind() -> int:
    return ReviewKind.objects.get(code="year").pk


CREATE: dict = {
    "reviews:review-create": (Review, lambda w: {
        "unit": w["unit"].pk, "kind": _kind(), "title": "X", "period_start": "01/01/2026",
        "period_end": "31/12/2026"}),
    "review-list": (Review, lambda w: {
        "unit": w["unit"].pk, "kind": _kind(), "title": "X", "period_start": "2026-01-01",
        "period_end": "2026-12-31"}),
    "review-member-list": (CommitteeMember, lambda w: {
        "review": w["reviews_review"].pk, "name": "X", "role": "Thành viên"}),
    "review-plan-entry-list": (PlanEntry, lambda w: {
        "review": w["reviews_review"].pk, "unit": w["org"].commune_a.pk,
        "deadline": "2022-11-30"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    """Adds Lạng Sơn's review, its committee and its plan, all outside the tester's subtree."""
    from kythuat.reviews.services import reviews as services

    org = world["org"]
    review = services.review_create(
        actor=None, unit=org.province_a, kind=ReviewKind.objects.get(code="final_15y"),
        title="SECRET-A Tổng kết 15 năm", period_start=dt.date(2007, 11, 29),
        period_end=dt.date(2022, 12, 31), conference_date=dt.date(2022, 12, 20),
        conference_place="SECRET-A hội trường")
    world["reviews_review"] = review
    world["reviews_member"] = services.member_add(
        actor=None, review=review, name="SECRET-A Nguyễn Văn An", role="Trưởng ban")
    world["reviews_plan_entry"] = services.plan_entry_add(
        actor=None, review=review, unit=org.commune_a, deadline=dt.date(2022, 11, 30),
        note="SECRET-A ghi chú")
