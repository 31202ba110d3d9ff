import datetime as dt

import pytest

from kythuat.people.models import Person

pytestmark = pytest.mark.django_db
D = dt.date


def test_create_move_and_refusals(client, org, ref, person):
    client.force_login(org.users["clerk_a"])
    created = client.post("/api/v1/people/", {
        "full_name": "Hoàng Văn Nam", "category": ref.qncn.pk, "unit": org.province_a.pk,
        "started_on": "2020-01-01"}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    moved = client.post(f"/api/v1/people/{pk}/move/", {
        "unit": org.commune_a.pk, "started_on": "2023-02-01", "order_number": "3/QĐ"},
        content_type="application/json")
    assert moved.status_code == 200
    assert [a["unit"] for a in moved.json()["assignments"]] == [org.province_a.pk,
                                                               org.commune_a.pk]
    early = client.post(f"/api/v1/people/{pk}/move/", {
        "unit": org.province_a.pk, "started_on": "2021-01-01", "order_number": "4/QĐ"},
        content_type="application/json")
    assert early.status_code == 400
    assert "01/02/2023" in early.content.decode()
    outside = client.post(f"/api/v1/people/{pk}/move/", {
        "unit": org.province_b.pk, "started_on": "2024-01-01", "order_number": "4/QĐ"},
        content_type="application/json")
    assert outside.status_code == 400
    assert Person.objects.get(pk=pk).assignments.count() == 2


def test_level_outside_the_ladder_and_outside_person(client, org, ref, person):
    someone = person()
    stranger = person("Người ngoài", unit=org.province_b)
    client.force_login(org.users["clerk_a"])
    bad = client.post(f"/api/v1/people/{someone.pk}/grant/", {
        "trade": ref.battery.pk, "level": 5, "started_on": "2022-01-01", "evidence": "QĐ 1"},
        content_type="application/json")
    assert bad.status_code == 400
    assert not someone.skill_levels.exists()
    assert client.get(f"/api/v1/people/{stranger.pk}/").status_code == 404
    listed = client.get("/api/v1/people/").json()
    names = [row["full_name"] for row in listed["results"]]
    assert "Người ngoài" not in names
    assert someone.full_name in names


def test_exam_through_the_api(client, org, ref, person):
    someone = person(level=(ref.weapons, 2, D(2020, 1, 1)))
    client.force_login(org.users["officer_a"])
    session = client.post("/api/v1/skill-exams/", {
        "unit": org.province_a.pk, "name": "Kỳ thi 2025", "held_on": "2025-05-01",
        "trades": [ref.weapons.pk]}, content_type="application/json")
    assert session.status_code == 201, session.content
    pk = session.json()["id"]
    added = client.post(f"/api/v1/skill-exams/{pk}/candidates/", {
        "person": someone.pk, "trade": ref.weapons.pk}, content_type="application/json")
    candidate = added.json()["candidates"][0]
    assert candidate["eligible"] is True
    marked = client.post(f"/api/v1/skill-exams/{pk}/marks/", {
        "candidate": candidate["id"], "theory_mark": "11", "practice_mark": "7"},
        content_type="application/json")
    assert marked.status_code == 400
    client.post(f"/api/v1/skill-exams/{pk}/marks/", {
        "candidate": candidate["id"], "theory_mark": "7", "practice_mark": "7"},
        content_type="application/json")
    decided = client.post(f"/api/v1/skill-exams/{pk}/decide/", {
        "decision_date": "2025-05-20", "decision_number": "12/QĐ-BCH"},
        content_type="application/json")
    assert decided.status_code == 200
    assert decided.json()["candidates"][0]["certificate_number"] == "12/QĐ-BCH-001"
    assert someone.skill_levels.get(ended_on__isnull=True).level == 3
    staffing = client.get("/api/v1/staff-establishment/staffing/",
                          {"unit": org.province_b.pk})
    assert staffing.status_code == 404
