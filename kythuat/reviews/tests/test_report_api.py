import datetime as dt

import pytest
from django.urls import reverse

from kythuat.documents.models import IssuedNumber
from kythuat.reviews.models import Figure, Report

from .test_report_views import said
from .test_report_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org):
    return make_world(org)


@pytest.fixture
def api(client, world):
    client.force_login(world.org.users["officer_a"])
    return client


def _create(api, world) -> dict:
    response = api.post(reverse("review-report-list"), {"review": world.review.pk,
                                                        "unit": world.org.province_a.pk},
                        content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_create_list_detail(api, world):
    data = _create(api, world)
    assert data["is_central"] is True
    assert len(data["sections"]) == 7
    listed = api.get(reverse("review-report-list")).json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    detail = api.get(reverse("review-report-detail", args=[data["id"]]))
    assert detail.status_code == 200


def test_figures_sections_issue_compare_docx(api, world):
    report = _create(api, world)
    figure = api.post(reverse("review-report-figure-list"), {
        "report": report["id"], "indicator_code": "holdings.on_hand",
        "unit": world.org.commune_a.pk, "label": "Súng"}, content_type="application/json")
    assert figure.status_code == 201, figure.content
    token = figure.json()["token"]
    assert figure.json()["current_value"] == "3.0000"
    section = report["sections"][2]
    patched = api.patch(reverse("review-report-section-detail", args=[section["id"]]),
                        {"text": f"Có {token}."}, content_type="application/json")
    assert patched.status_code == 200
    bad = api.patch(reverse("review-report-section-detail", args=[section["id"]]),
                    {"text": "Có {{F99999}}."}, content_type="application/json")
    assert bad.status_code == 400
    assert said(bad.content.decode(), "không phải là số liệu", "not a figure")
    url = reverse("review-report-issue", args=[report["id"]])
    first = api.post(url, {"date": "2026-07-15"}, content_type="application/json")
    second = api.post(url, {"date": "2026-07-15"}, content_type="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json()["number_symbol"] == second.json()["number_symbol"] == "01/BC-BCH"
    assert IssuedNumber.objects.count() == 1
    world.org.rifles(world.org.commune_a, "LS-010", day=dt.date(2026, 4, 1))
    compare = api.get(reverse("review-report-compare", args=[report["id"]])).json()
    assert "Súng" in [row["label"] for row in compare]
    assert api.get(reverse("review-report-docx", args=[report["id"]])).status_code == 200
    delete = api.delete(reverse("review-report-figure-detail", args=[figure.json()["id"]]))
    assert delete.status_code == 400
    assert Figure.objects.filter(pk=figure.json()["id"]).exists()


def test_bad_input_answers_400_in_vietnamese(api, world):
    report = _create(api, world)
    url = reverse("review-report-figure-list")
    reversed_period = api.post(url, {
        "report": report["id"], "indicator_code": "holdings.on_hand",
        "unit": world.org.commune_a.pk, "period_start": "2026-06-30",
        "period_end": "2026-01-01"}, content_type="application/json")
    assert reversed_period.status_code == 400
    assert said(reversed_period.content.decode(), "kết thúc trước khi bắt đầu",
                "ends before it starts")
    unknown = api.post(url, {"report": report["id"], "indicator_code": "x.y",
                             "unit": world.org.commune_a.pk}, content_type="application/json")
    assert unknown.status_code == 400
    assert api.post(reverse("review-report-list"), {"review": "abc"},
                    content_type="application/json").status_code == 400


def test_viewer_cannot_issue_through_the_api(client, world):
    client.force_login(world.org.users["officer_a"])
    report = _create(client, world)
    client.force_login(world.org.users["viewer_a"])
    response = client.post(reverse("review-report-issue", args=[report["id"]]), {},
                           content_type="application/json")
    assert response.status_code == 403
    assert Report.objects.get(pk=report["id"]).status == Report.Status.DRAFT
