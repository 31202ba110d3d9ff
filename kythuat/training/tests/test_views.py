import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kythuat.training import services
from kythuat.training.models import Contest, ContestEntry, Course, PlanItem, Trainee

pytestmark = pytest.mark.django_db


def test_course_page_enters_a_trainee(client, org, staff):
    client.force_login(org.users["clerk_a"])
    url = reverse("training:trainee-add", args=[staff.course.pk])
    response = client.post(url, {"person": staff.commune.pk, "hours": "80", "result": "pass"})
    assert response.status_code == 302
    trainee = Trainee.objects.get()
    assert (trainee.person, trainee.hours, trainee.result) == (staff.commune, 80, "pass")
    page = client.get(staff.course.get_absolute_url())
    assert "Lò Văn Xã" in page.content.decode()


def test_trainee_hours_above_the_course_show_a_message_and_change_nothing(client, org, staff):
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("training:trainee-add", args=[staff.course.pk]),
                           {"person": staff.repairer.pk, "hours": "200"})
    assert response.status_code == 400
    assert "200" in response.content.decode()
    assert not Trainee.objects.exists()


def test_trainee_outside_the_course_unit_is_not_offered(client, org, staff):
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("training:trainee-add", args=[staff.course.pk]),
                           {"person": staff.cao_bang.pk, "hours": "8"})
    assert response.status_code == 400
    assert not Trainee.objects.exists()


def test_course_of_another_subtree_answers_404(client, org, staff):
    client.force_login(org.users["officer_b"])
    assert client.get(staff.course.get_absolute_url()).status_code == 404


def test_course_list_and_export_count_the_trainees(client, org, staff):
    services.trainee_add(actor=None, course=staff.course, person=staff.repairer,
                         hours_attended=Decimal(80))
    client.force_login(org.users["officer_a"])
    listing = client.get(reverse("training:course-list"), {"q": "vu khi"})
    assert "Sửa chữa vũ khí bộ binh" in listing.content.decode()
    response = client.get(reverse("training:course-export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [r for r in book.active.iter_rows(values_only=True) if r[0] == staff.course.subject]
    assert [(r[6], r[7]) for r in rows] == [(1, 80)]


def test_course_form_refuses_reversed_dates(client, org):
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("training:course-create"), {
        "unit": org.province_a.pk, "subject": "Bảo quản đạn", "starts_on": "10/05/2025",
        "ends_on": "01/05/2025", "hours": "16"})
    assert response.status_code == 200
    assert "10/05/2025" in response.content.decode()
    assert not Course.objects.filter(subject="Bảo quản đạn").exists()


def test_plan_page_adds_a_subject_and_records_a_course_from_it(client, org):
    client.force_login(org.users["clerk_a"])
    client.post(reverse("training:plan-create"), {"unit": org.province_a.pk, "year": 2025})
    plan = org.province_a.training_plans.get()
    response = client.post(reverse("training:plan-item-add", args=[plan.pk]), {
        "subject": "Lái xe an toàn", "planned_hours": "40", "planned_trainees": "12"})
    assert response.status_code == 302
    item = PlanItem.objects.get()
    form = client.get(reverse("training:course-create"), {"plan_item": item.pk})
    assert "Lái xe an toàn" in form.content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_contest_page_records_a_result_with_its_prize(client, org, staff):
    contest = services.contest_create(actor=None, unit=org.province_a, level=staff.region,
                                      name="Hội thi xe tốt, lái xe an toàn",
                                      held_on=dt.date(2025, 6, 2))
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("training:contest-entry-add", args=[contest.pk]), {
        "person": staff.repairer.pk, "score": "9,5", "placing": "1", "prize": staff.first.pk})
    assert response.status_code == 302
    entry = ContestEntry.objects.get()
    assert (entry.prize, entry.score) == (staff.first, Decimal("9.5"))
    page = client.get(contest.get_absolute_url())
    assert staff.first.name in page.content.decode()


def test_contest_list_shows_contests_the_unit_took_part_in(client, org, staff):
    contest = services.contest_create(actor=None, unit=org.hq, level=staff.region,
                                      name="Hội thao kỹ thuật quân khu",
                                      held_on=dt.date(2025, 6, 2))
    client.force_login(org.users["officer_b"])
    assert "Hội thao kỹ thuật quân khu" not in client.get(
        reverse("training:contest-list")).content.decode()
    services.contest_entry_add(actor=None, contest=contest, team=org.province_b)
    assert "Hội thao kỹ thuật quân khu" in client.get(
        reverse("training:contest-list")).content.decode()
    # Seen, but organised above: no result can be entered from Cao Bằng.
    response = client.post(reverse("training:contest-entry-add", args=[contest.pk]),
                           {"team": org.province_b.pk})
    assert response.status_code == 403
    assert Contest.objects.count() == 1
