import datetime as dt

import pytest
from django.urls import reverse

from kythuat.reviews.models import CommitteeMember, PlanEntry, Report, Review

from .conftest import DEADLINE, review_kind

pytestmark = pytest.mark.django_db


def post(client, name, data, *args):
    return client.post(reverse(name, args=args), data, content_type="application/json")


def patch(client, name, data, *args):
    return client.patch(reverse(name, args=args), data, content_type="application/json")


def test_create_and_update_a_review(client, org, review_directives):
    client.force_login(org.users["officer_a"])
    response = post(client, "review-list", {
        "unit": org.province_a.pk, "kind": review_kind("year").pk,
        "title": "Tổng kết năm 2026", "period_start": "2026-01-01", "period_end": "2026-12-31",
        "directives": [review_directives.province.pk]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["kind_code"], body["directives"]) == (
        "planned", "year", [review_directives.province.pk])
    response = patch(client, "review-detail", {"conference_place": "Lạng Sơn",
                                               "unit": org.commune_a.pk}, body["id"])
    assert response.status_code == 200, response.json()
    assert response.json()["conference_place"] == "Lạng Sơn"
    assert response.json()["unit"] == org.province_a.pk


@pytest.mark.parametrize(("changes", "field"), [
    ({"period_start": "2026-12-31", "period_end": "2026-01-01"}, "period_end"),
    ({"kind": 99999}, "kind"),
    ({"title": ""}, "title"),
    ({"period_start": "31-12-2026x"}, "period_start"),
])
def test_bad_review_input_answers_400_and_creates_nothing(client, org, changes, field):
    client.force_login(org.users["officer_a"])
    data = {"unit": org.province_a.pk, "kind": review_kind("year").pk, "title": "Tổng kết",
            "period_start": "2026-01-01", "period_end": "2026-12-31", **changes}
    response = post(client, "review-list", data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"]
    assert not Review.objects.exists()


def test_a_hidden_directive_answers_400(client, org, review_directives):
    client.force_login(org.users["officer_a"])
    response = post(client, "review-list", {
        "unit": org.province_a.pk, "kind": review_kind("year").pk, "title": "Tổng kết",
        "period_start": "2026-01-01", "period_end": "2026-12-31",
        "directives": [review_directives.other.pk]})
    assert response.status_code == 400
    assert "directives" in response.json()["errors"]
    assert not Review.objects.exists()


def test_status_action_refuses_a_manual_issue(client, org, reviews):
    client.force_login(org.users["officer_a"])
    response = post(client, "review-status", {"status": "issued"}, reviews.lang_son.pk)
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    response = post(client, "review-status", {"status": "drafting"}, reviews.lang_son.pk)
    assert response.status_code == 200
    assert response.json()["status"] == "drafting"


def test_a_plan_unit_reads_through_the_api_but_cannot_write(client, org, reviews):
    client.force_login(org.users["clerk_commune"])
    review = reviews.lang_son
    assert client.get(reverse("review-detail", args=[review.pk])).status_code == 200
    assert patch(client, "review-detail", {"title": "X"}, review.pk).status_code == 403
    response = post(client, "review-member-list", {"review": review.pk, "name": "X",
                                                   "role": "Thành viên"})
    assert response.status_code == 403
    assert CommitteeMember.objects.filter(review=review).count() == 2


def test_members_crud(client, org, reviews):
    client.force_login(org.users["officer_a"])
    review = reviews.lang_son
    response = post(client, "review-member-list", {
        "review": review.pk, "body": "secretariat", "name": "Phạm Thị Dung",
        "role": "Thành viên"})
    assert response.status_code == 201, response.json()
    member_id = response.json()["id"]
    listed = client.get(reverse("review-member-list"), {"review": review.pk,
                                                        "body": "secretariat"}).json()
    assert [row["name"] for row in listed["results"]] == ["Trần Văn Bình", "Phạm Thị Dung"]
    response = patch(client, "review-member-detail", {"role": "Tổ phó"}, member_id)
    assert response.json()["role"] == "Tổ phó"
    assert post(client, "review-member-list", {"review": review.pk, "name": "",
                                               "role": "X"}).status_code == 400
    assert client.delete(reverse("review-member-detail", args=[member_id])).status_code == 204
    assert CommitteeMember.objects.filter(review=review).count() == 2


def test_plan_entries_crud_and_bad_input(client, org, reviews, make_review):
    client.force_login(org.users["officer_a"])
    review = reviews.lang_son
    duplicate = post(client, "review-plan-entry-list", {
        "review": review.pk, "unit": org.commune_a.pk, "deadline": "2022-11-30"})
    assert duplicate.status_code == 400
    assert "unit" in duplicate.json()["errors"]
    outside = post(client, "review-plan-entry-list", {
        "review": review.pk, "unit": org.province_b.pk, "deadline": "2022-11-30"})
    assert outside.status_code == 400
    assert "unit" in outside.json()["errors"]
    entry = reviews.plan[1]
    late = patch(client, "review-plan-entry-detail", {"deadline": "2023-06-01"}, entry.pk)
    assert late.status_code == 400
    assert "deadline" in late.json()["errors"]
    moved = patch(client, "review-plan-entry-detail", {"deadline": "2022-12-05"}, entry.pk)
    assert moved.status_code == 200
    assert moved.json()["deadline"] == "2022-12-05"
    assert client.delete(reverse("review-plan-entry-detail", args=[entry.pk])).status_code == 204
    created = post(client, "review-plan-entry-list", {
        "review": review.pk, "unit": reviews.second_commune.pk, "deadline": "2022-11-30"})
    assert created.status_code == 201, created.json()
    listed = client.get(reverse("review-plan-entry-list"), {"review": review.pk}).json()
    assert len(listed["results"]) == 2 == PlanEntry.objects.filter(review=review).count()


def test_plan_all_action(client, org, make_review):
    review = make_review(unit=org.hq, kind=review_kind("year"), title="Tổng kết năm 2026",
                         period_start=dt.date(2026, 1, 1),
                         period_end=dt.date(2026, 12, 31), conference_date=None)
    client.force_login(org.users["officer_hq"])
    response = post(client, "review-plan-all", {"deadline": "2026-12-10"}, review.pk)
    assert response.status_code == 201, response.json()
    assert [row["unit"] for row in response.json()] == [org.province_a.pk, org.province_b.pk]
    again = post(client, "review-plan-all", {"deadline": "2026-12-10"}, review.pk)
    assert again.status_code == 400


def test_submissions_action(client, org, reviews):
    Report.objects.create(review=reviews.lang_son, unit=org.commune_a, title="Báo cáo",
                          status=Report.Status.ISSUED, issued_on=DEADLINE)
    client.force_login(org.users["officer_a"])
    body = client.get(reverse("review-submissions", args=[reviews.lang_son.pk])).json()
    assert (body["total"], body["submitted"], body["missing"]) == (2, 1, 1)
    assert [(row["unit"], row["state"], row["is_late"]) for row in body["rows"]] == [
        (org.commune_a.pk, "issued", False), (reviews.second_commune.pk, "none", True)]


def test_lists_are_scoped_and_kinds_are_listed(client, org, reviews):
    client.force_login(org.users["officer_b"])
    assert client.get(reverse("review-list")).json()["results"] == []
    assert client.get(reverse("review-plan-entry-list")).json()["results"] == []
    assert client.get(reverse("review-member-list")).json()["results"] == []
    assert client.get(reverse("review-detail", args=[reviews.lang_son.pk])).status_code == 404
    kinds = client.get(reverse("review-kind-list")).json()
    codes = [row["code"] for row in kinds.get("results", kinds)]
    assert "final_15y" in codes
