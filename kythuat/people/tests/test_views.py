import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from kythuat.people import services
from kythuat.people.models import ExamCandidate, Person

pytestmark = pytest.mark.django_db
D = dt.date


def xlsx_names(response) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]


def test_list_search_ignores_diacritics_and_the_export_is_the_list(client, org, ref, person):
    person("Nguyễn Văn Đức", level=(ref.weapons, 5, D(2019, 1, 1)))
    person("Trần Văn Bình", level=(ref.weapons, 2, D(2019, 1, 1)))
    person("Nguyễn Thị Hà", unit=org.province_b)
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("people:person-list"), {"q": "nguyen duc"})
    assert page.status_code == 200
    assert "Nguyễn Văn Đức" in page.content.decode()
    assert "Trần Văn Bình" not in page.content.decode()
    high = client.get(reverse("people:person-export"), {"trade": ref.weapons.pk, "band": "high"})
    names = xlsx_names(high)
    assert "Nguyễn Văn Đức" in names
    assert "Trần Văn Bình" not in names
    assert "Nguyễn Thị Hà" not in names  # Cao Bằng, outside the officer's subtree


def test_person_page_shows_history(client, org, ref, person):
    someone = person(level=(ref.weapons, 3, D(2018, 1, 1)))
    services.person_move(actor=None, person=someone, unit=org.commune_a,
                         started_on=D(2022, 1, 1), order_number="77/QĐ-BCH")
    client.force_login(org.users["viewer_a"])
    body = client.get(someone.get_absolute_url()).content.decode()
    assert "77/QĐ-BCH" in body
    assert org.commune_a.name in body


def test_a_future_birth_date_on_the_form_changes_nothing(client, org, ref):
    client.force_login(org.users["clerk_a"])
    count = Person.objects.count()
    response = client.post(reverse("people:person-create"), {
        "full_name": "Lê Văn Cường", "category": ref.qncn.pk, "unit": org.province_a.pk,
        "started_on": "01/01/2020", "date_of_birth": "01/01/2099"})
    assert response.status_code == 400
    assert Person.objects.count() == count


def test_a_move_form_to_a_unit_outside_the_subtree_changes_nothing(client, org, person):
    someone = person()
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("people:person-move", args=[someone.pk]), {
        "unit": org.province_b.pk, "started_on": "01/01/2022", "order_number": "5"})
    assert response.status_code == 400
    someone.refresh_from_db()
    assert someone.unit == org.province_a
    assert someone.assignments.count() == 1


def test_marks_out_of_scale_on_the_screen_change_nothing(client, org, ref, person):
    a = person("A", level=(ref.weapons, 2, D(2020, 1, 1)))
    b = person("B", level=(ref.weapons, 2, D(2020, 1, 1)))
    session = services.session_create(actor=None, unit=org.province_a, name="Kỳ thi 2025",
                                      held_on=D(2025, 5, 1), trades=[ref.weapons])
    ca = services.candidate_add(actor=None, session=session, person=a, trade=ref.weapons)
    cb = services.candidate_add(actor=None, session=session, person=b, trade=ref.weapons)
    client.force_login(org.users["clerk_a"])
    url = reverse("people:exam-marks", args=[session.pk])
    bad = client.post(url, {f"theory_{ca.pk}": "8", f"practice_{ca.pk}": "7",
                            f"theory_{cb.pk}": "12", f"practice_{cb.pk}": "7"})
    assert bad.status_code == 400
    assert not ExamCandidate.objects.filter(session=session).exclude(result="pending").exists()
    good = client.post(url, {f"theory_{ca.pk}": "8", f"practice_{ca.pk}": "7",
                             f"theory_{cb.pk}": "3", f"practice_{cb.pk}": "7"})
    assert good.status_code == 302
    assert sorted(ExamCandidate.objects.values_list("result", flat=True)) == ["failed",
                                                                            "passed"]
    decide = client.post(reverse("people:exam-decide", args=[session.pk]), {
        "decision_date": "10/05/2025", "decision_number": "55/QĐ-BCH"})
    assert decide.status_code == 403  # a clerk does not issue the decision
    client.force_login(org.users["officer_a"])
    decide = client.post(reverse("people:exam-decide", args=[session.pk]), {
        "decision_date": "10/05/2025", "decision_number": "55/QĐ-BCH"})
    assert decide.status_code == 302
    docx = client.get(reverse("people:exam-decision", args=[session.pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"


def test_establishment_page_and_export(client, org, ref, person):
    services.establishment_set(actor=None, unit=org.commune_a, trade=ref.weapons, band="low",
                               required=2, valid_from=D(2020, 1, 1))
    person("P", unit=org.commune_a, level=(ref.weapons, 2, D(2020, 1, 1)))
    client.force_login(org.users["viewer_a"])
    page = client.get(reverse("people:establishment"))
    assert page.status_code == 200
    assert "heat-mid" in page.content.decode()
    rows = xlsx_names(client.get(reverse("people:establishment-export")))
    assert org.commune_a.name in rows
