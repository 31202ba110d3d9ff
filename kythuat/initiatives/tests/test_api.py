"""The API takes the same steps as the screens, with Vietnamese 400s and no leak before the
council closes."""

import datetime as dt

import pytest
from django.urls import reverse

from kythuat.initiatives import services
from kythuat.initiatives.models import Council, Initiative, Score

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def api(client, org):
    def api(name):
        client.force_login(org.users[name])
        return client

    return api


def test_register_and_list_filtered(api, org, ref):
    client = api("clerk_a")
    response = client.post(reverse("initiative-list"), {
        "title": "Giá để đạn di động", "field": ref.field.pk, "unit": org.commune_a.pk,
        "registered_on": "2025-02-01", "benefit_vnd": "1200000",
        "authors": [{"name": "Lò Văn Nam", "rank": "Trung úy"}]}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["authors"][0]["is_main"] is True
    listed = client.get(reverse("initiative-list"), {"q": "dan di dong"}).json()
    assert [row["title"] for row in listed["results"]] == ["Giá để đạn di động"]


def test_bad_input_is_a_vietnamese_400_and_creates_nothing(api, org, ref):
    response = api("clerk_a").post(reverse("initiative-list"), {
        "title": "X", "field": ref.field.pk, "unit": org.province_a.pk,
        "registered_on": "2025-02-01", "first_applied_on": "2025-03-01",
        "authors": [{"name": "A"}]}, content_type="application/json")
    assert response.status_code == 400
    assert "first_applied_on" in response.json()["errors"]
    assert not Initiative.objects.exists()


def test_scores_stay_hidden_until_the_close(api, org, register, council_a, sheet):
    dossier = services.dossier_send(actor=None, initiative=register(), council=council_a,
                                    sent_on=D(2024, 3, 1))
    client = api("clerk_a")
    url = reverse("initiative-dossier-score", args=[dossier.pk])
    bad = client.post(url, {"scores": [{"criterion": c, "points": "45"} for c in sheet()]},
                      content_type="application/json")
    assert bad.status_code == 400
    ok = client.post(url, {"scores": [{"criterion": c, "points": p} for c, p in sheet().items()]},
                     content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["result"] is None
    services.score_submit(actor=org.users["viewer_a"], dossier=dossier, points=sheet())
    outsider = api("officer_hq")  # not a member of Lạng Sơn's council
    assert outsider.post(url, {"scores": []}, content_type="application/json").status_code == 403
    client = api("officer_a")
    close = client.post(reverse("initiative-council-close", args=[council_a.pk]),
                        {"closed_on": "2024-04-16"}, content_type="application/json")
    assert close.json()["status"] == "closed"
    detail = client.get(reverse("initiative-dossier-detail", args=[dossier.pk])).json()
    assert (detail["result"], detail["passed"]) == ("80.00", True)
    decided = client.post(reverse("initiative-dossier-decide", args=[dossier.pk]), {
        "decision": "recognise", "decision_date": "2024-04-20", "decision_number": "9/QĐ"},
        content_type="application/json")
    assert decided.json()["outcome"] == "recognised"
    assert Score.objects.count() == 6


def test_council_created_through_the_api(api, org, ref):
    response = api("officer_a").post(reverse("initiative-council-list"), {
        "unit": org.province_a.pk, "level": ref.province.pk, "year": 2025,
        "convened_on": "2025-05-01", "quorum": 1,
        "members": [{"name": "Trần Văn Lực", "rank": "Thượng tá", "role": "chair"}]},
        content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Council.objects.get().members.get().name == "Trần Văn Lực"


def test_duplicates_and_adoptions(api, org, recognised):
    client = api("officer_b")  # Cao Bằng: sees the recognised title only
    hints = client.get(reverse("initiative-duplicates"),
                       {"title": "giá đỡ kiểm tra nòng súng cối"}).json()
    assert hints[0]["initiative"] is None
    assert hints[0]["title"] == recognised.initiative.title
    client = api("officer_a")
    response = client.post(reverse("initiative-adopt", args=[recognised.initiative.pk]),
                           {"unit": org.commune_a.pk, "adopted_on": "2024-06-01"},
                           content_type="application/json")
    assert response.status_code == 200
    again = client.post(reverse("initiative-adopt", args=[recognised.initiative.pk]),
                        {"unit": org.commune_a.pk, "adopted_on": "2024-07-01"},
                        content_type="application/json")
    assert again.status_code == 400
    assert len(client.get(reverse("initiative-adoption-list")).json()["results"]) == 1
