import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from kythuat.reviews.models import CommitteeMember, PlanEntry, Report, Review

from .conftest import DEADLINE, review_kind

pytestmark = pytest.mark.django_db


def workbook_text(response) -> str:
    content = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                     for cell in row if cell is not None)


def test_list_shows_the_reviews_with_their_count(client, org, reviews):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("reviews:review-list"))
    assert response.status_code == 200
    assert reviews.lang_son.title in response.content.decode()
    assert 'data-count="1"' in response.content.decode()


def test_list_answers_htmx_with_the_rows_only(client, org, reviews):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("reviews:review-list"), {"q": "382"},
                          headers={"HX-Request": "true"})
    assert next(t.name for t in response.templates) == "reviews/_review_rows.html"
    assert reviews.lang_son.title in response.content.decode()


def test_outside_users_see_nothing_and_get_404(client, org, reviews):
    client.force_login(org.users["officer_b"])
    assert reviews.lang_son.title not in client.get(reverse("reviews:review-list")).content.decode()
    assert client.get(reviews.lang_son.get_absolute_url()).status_code == 404
    assert client.get(reverse("reviews:review-list"),
                      {"unit": org.province_a.pk}).status_code == 404
    export = client.get(reverse("reviews:review-export"))
    assert reviews.lang_son.title not in workbook_text(export)


def test_export_lists_the_reviews(client, org, reviews):
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("reviews:review-export"))
    assert response.status_code == 200
    text = workbook_text(response)
    assert reviews.lang_son.title in text
    assert org.province_a.name in text


def test_detail_shows_directives_committee_and_plan(client, org, reviews):
    client.force_login(org.users["officer_a"])
    response = client.get(reviews.lang_son.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("09-CTr/ĐUQS", "Nguyễn Văn An", "Trưởng ban", "Trần Văn Bình",
                 org.commune_a.name, reviews.second_commune.name,
                 reverse("reviews:review-edit", args=[reviews.lang_son.pk]),
                 reverse("reviews:report-create", args=[reviews.lang_son.pk])):
        assert text in body


def test_a_plan_unit_reads_the_review_but_cannot_change_it(client, org, reviews):
    client.force_login(org.users["clerk_commune"])
    review = reviews.lang_son
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.content.decode()
    assert reverse("reviews:review-edit", args=[review.pk]) not in response.content.decode()
    assert client.get(reverse("reviews:review-edit", args=[review.pk])).status_code == 403
    assert client.post(reverse("reviews:review-status", args=[review.pk]),
                       {"status": "drafting"}).status_code == 403
    assert client.post(reverse("reviews:member-delete",
                               args=[review.members.first().pk])).status_code == 403
    assert client.post(reverse("reviews:plan-edit", args=[reviews.plan[0].pk]),
                       {"deadline": "01/12/2022"}).status_code == 403
    review.refresh_from_db()
    assert review.status == "collecting"
    assert review.members.count() == 2


def test_create_form_records_a_review(client, org, review_directives):
    client.force_login(org.users["officer_a"])
    assert client.get(reverse("reviews:review-create")).status_code == 200
    response = client.post(reverse("reviews:review-create"), {
        "unit": org.province_a.pk, "kind": review_kind("year").pk,
        "title": "Tổng kết công tác kỹ thuật năm 2026", "directives": [
            review_directives.province.pk], "period_start": "01/01/2026",
        "period_end": "31/12/2026", "conference_date": "15/12/2026"})
    review = Review.objects.get()
    assert response.status_code == 302
    assert response.url == review.get_absolute_url()
    assert list(review.directives.all()) == [review_directives.province]


def test_create_form_shows_the_service_error_and_records_nothing(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("reviews:review-create"), {
        "unit": org.province_a.pk, "kind": review_kind("year").pk, "title": "Tổng kết",
        "period_start": "31/12/2026", "period_end": "01/01/2026"})
    assert response.status_code == 200
    assert "01/01/2026" in response.content.decode()
    assert not Review.objects.exists()


def test_edit_and_status_forms(client, org, reviews):
    review = reviews.lang_son
    client.force_login(org.users["officer_a"])
    assert client.get(reverse("reviews:review-edit", args=[review.pk])).status_code == 200
    response = client.post(reverse("reviews:review-edit", args=[review.pk]), {
        "kind": review.kind_id, "title": review.title, "period_start": "29/11/2007",
        "period_end": "31/12/2022", "conference_date": "21/12/2022",
        "conference_place": "Hội trường Bộ CHQS tỉnh"})
    assert response.status_code == 302
    response = client.post(reverse("reviews:review-status", args=[review.pk]),
                           {"status": "drafting"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.conference_date, review.status) == (dt.date(2022, 12, 21), "drafting")
    refused = client.post(reverse("reviews:review-status", args=[review.pk]),
                          {"status": "issued"}, headers={"HX-Request": "true"})
    assert refused.status_code == 200
    assert 'id="status-form"' in refused.content.decode()
    review.refresh_from_db()
    assert review.status == "drafting"


def test_committee_forms(client, org, reviews):
    review = reviews.lang_son
    client.force_login(org.users["officer_a"])
    url = reverse("reviews:member-create", args=[review.pk])
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "committee", "role": "Phó Trưởng ban",
                                 "name": "Lê Văn Cường", "rank": "Thượng tá"})
    assert response.status_code == 302
    member = CommitteeMember.objects.get(name="Lê Văn Cường")
    assert client.get(reverse("reviews:member-edit", args=[member.pk])).status_code == 200
    client.post(reverse("reviews:member-edit", args=[member.pk]), {
        "body": "committee", "role": "Phó Trưởng ban thường trực", "name": "Lê Văn Cường"})
    member.refresh_from_db()
    assert member.role == "Phó Trưởng ban thường trực"
    client.post(reverse("reviews:member-delete", args=[member.pk]))
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()


def test_plan_forms(client, org, make_review):
    review = make_review(actor=None, unit=org.hq, kind=review_kind("year"),
                         title="Tổng kết năm 2026", period_start=dt.date(2026, 1, 1),
                         period_end=dt.date(2026, 12, 31), conference_date=dt.date(2026, 12, 20))
    client.force_login(org.users["officer_hq"])
    assert client.get(reverse("reviews:plan-create", args=[review.pk])).status_code == 200
    client.post(reverse("reviews:plan-create", args=[review.pk]),
                {"unit": org.province_a.pk, "deadline": "10/12/2026"})
    refused = client.post(reverse("reviews:plan-create", args=[review.pk]),
                          {"unit": org.province_b.pk, "deadline": "25/12/2026"})
    assert refused.status_code == 200
    assert "20/12/2026" in refused.content.decode()
    client.post(reverse("reviews:plan-all", args=[review.pk]), {"deadline": "05/12/2026"})
    entries = {e.unit: e for e in PlanEntry.objects.filter(review=review)}
    assert {u: e.deadline.day for u, e in entries.items()} == {org.province_a: 10,
                                                               org.province_b: 5}
    entry = entries[org.province_b]
    client.post(reverse("reviews:plan-edit", args=[entry.pk]), {"deadline": "01/12/2026"})
    entry.refresh_from_db()
    assert entry.deadline == dt.date(2026, 12, 1)
    client.post(reverse("reviews:plan-delete", args=[entry.pk]))
    assert list(PlanEntry.objects.filter(review=review)) == [entries[org.province_a]]


def test_submissions_page_and_export(client, org, reviews):
    Report.objects.create(review=reviews.lang_son, unit=org.commune_a, title="Báo cáo",
                          status=Report.Status.ISSUED, issued_on=DEADLINE)
    client.force_login(org.users["officer_a"])
    url = reverse("reviews:review-submissions", args=[reviews.lang_son.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-counts="1/2/1/1"' in response.content.decode()  # second commune overdue
    export = client.get(reverse("reviews:review-submissions-export",
                                args=[reviews.lang_son.pk]))
    text = workbook_text(export)
    assert org.commune_a.name in text
    assert reviews.second_commune.name in text
