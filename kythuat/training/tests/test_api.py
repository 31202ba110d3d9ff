import datetime as dt

import pytest
from django.urls import reverse

from kythuat.training import services
from kythuat.training.models import Trainee

pytestmark = pytest.mark.django_db


def test_course_created_and_trainee_added_through_the_api(client, org, staff):
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("training-course-list"), {
        "unit": org.province_a.pk, "subject": "Nạp ắc quy", "starts_on": "2025-04-01",
        "ends_on": "2025-04-03", "hours": "24"}, content_type="application/json")
    assert response.status_code == 201
    course_id = response.json()["id"]
    response = client.post(reverse("training-course-trainees", args=[course_id]), {
        "person": staff.repairer.pk, "hours": "24", "result": "excellent"},
        content_type="application/json")
    assert response.status_code == 200
    assert [t["person"] for t in response.json()["trainees"]] == [staff.repairer.pk]


def test_api_refuses_negative_hours_with_a_message(client, org, staff):
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("training-course-trainees", args=[staff.course.pk]), {
        "person": staff.repairer.pk, "hours": "-3"}, content_type="application/json")
    assert response.status_code == 400
    assert "hours" in response.json()["errors"]
    assert not Trainee.objects.exists()


def test_api_contest_results(client, org, staff):
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("contest-list"), {
        "unit": org.hq.pk, "level": staff.region.pk, "name": "Hội thi thợ sửa chữa giỏi",
        "held_on": "2025-09-08", "events": ["Lý thuyết"]}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    response = client.post(reverse("contest-results", args=[body["id"]]), {
        "event": body["events"][0]["id"], "person": staff.cao_bang.pk, "prize":
        staff.first.pk}, content_type="application/json")
    assert response.status_code == 200
    assert [(e["unit"], e["prize"]) for e in response.json()["entries"]] == [
        (org.province_b.pk, staff.first.pk)]


def test_api_lists_only_the_subtree(client, org, staff):
    services.course_create(actor=None, unit=org.province_b, subject="Cao Bằng",
                           starts_on=dt.date(2025, 1, 2), ends_on=dt.date(2025, 1, 3), hours=8)
    client.force_login(org.users["officer_a"])
    subjects = [c["subject"] for c in client.get(reverse("training-course-list")).json()[
        "results"]]
    assert subjects == [staff.course.subject]
