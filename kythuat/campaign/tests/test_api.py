"""The API: the same services behind JSON, bad input a 400 with the service's message, outside
records a 404 or a refusal."""

import datetime as dt

import pytest
from django.urls import reverse

from kythuat.campaign.models import Criterion, EmulationBlock, Sheet, SteeringCommittee

from .conftest import YEAR, grid, own_scores, reviews

pytestmark = pytest.mark.django_db


def post(client, name, data, **kwargs):
    return client.post(reverse(name, **kwargs), data, content_type="application/json")


def test_reference_lists(client, org, phase, criteria):
    client.force_login(org.users["viewer_a"])
    phases = client.get(reverse("campaign-phase-list")).json()
    assert any(row["label"] == "Giai đoạn 2020–2025" for row in phases["results"])
    found = client.get(reverse("campaign-criterion-list"), {"phase": phase.pk}).json()
    assert {row["number"] for row in found["results"]} == set(criteria)
    assert client.get(reverse("campaign-objective-list")).json()["count"] == 4


def test_grid_is_saved_by_the_system_administrator_only(client, org, phase, level):
    client.force_login(org.users["admin_hq"])
    url = reverse("campaign-phase-grid", args=[phase.pk])
    assert client.post(url, {"level": level.pk, "groups": grid()},
                       content_type="application/json").status_code == 403
    org.users["admin_hq"].is_superuser = True
    org.users["admin_hq"].save()
    bad = grid()
    bad[0]["criteria"][1]["max_points"] = 25
    response = client.post(url, {"level": level.pk, "groups": bad},
                           content_type="application/json")
    assert response.status_code == 400
    assert "55" in response.json()["detail"]
    assert not Criterion.objects.exists()
    response = client.post(url, {"level": level.pk, "groups": grid()},
                           content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()) == 4


def test_a_sheet_goes_through_its_states(client, org, phase, criteria):
    org.rifles(org.province_a, "A-1", "A-2", "A-3", "A-4", day=dt.date(YEAR, 3, 1))
    client.force_login(org.users["officer_a"])
    response = post(client, "campaign-sheet-list", {"phase": phase.pk,
                                                    "unit": org.province_a.pk, "year": YEAR})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    entries = [{"criterion": c, **{k: str(v) for k, v in e.items()}}
               for c, e in own_scores(criteria).items()]
    response = post(client, "campaign-sheet-assess", {"entries": entries}, args=[pk])
    assert response.status_code == 200, response.content
    assert response.json()["self_total"] == "80.00"
    assert post(client, "campaign-sheet-submit", {}, args=[pk]).status_code == 200
    client.force_login(org.users["officer_hq"])
    entries = [{"criterion": c, "review_score": str(e["review_score"])}
               for c, e in reviews(criteria).items()]
    response = post(client, "campaign-sheet-review", {"entries": entries, "close": True},
                    args=[pk])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "scored"
    assert body["review_total"] == "80.00"
    frozen = {row["criterion_number"]: row for row in body["scores"]}
    assert frozen["3.1"]["computed_value"] == "4.0000"
    assert frozen["3.1"]["computed_at"]


@pytest.mark.parametrize("score", ["31", "-2", "x", None])
def test_bad_scores_answer_400_with_a_message(client, org, criteria, sheet_of, score):
    sheet = sheet_of(org.province_a)
    client.force_login(org.users["officer_a"])
    entries = [{"criterion": criteria["1.1"].pk, "self_score": score}]
    if score is None:  # a self-assessed criterion without evidence nor explanation
        entries = [{"criterion": criteria["1.2"].pk, "self_score": "10"}]
    response = post(client, "campaign-sheet-assess", {"entries": entries}, args=[sheet.pk])
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not sheet.scores.filter(self_score__isnull=False).exists()


@pytest.mark.parametrize("body", [{}, {"entries": "x"}, {"entries": [{"criterion": "a"}]},
                                  {"entries": [{"criterion": 999999, "self_score": 1}]}])
def test_malformed_assessments_answer_400(client, org, criteria, sheet_of, body):
    sheet = sheet_of(org.province_a)
    client.force_login(org.users["officer_a"])
    assert post(client, "campaign-sheet-assess", body, args=[sheet.pk]).status_code == 400


def test_committee_block_and_ranking(client, org, phase, level, submitted, criteria):
    client.force_login(org.users["officer_hq"])
    response = post(client, "campaign-committee-list", {
        "unit": org.hq.pk, "phase": phase.pk, "name": "Ban Chỉ đạo 50",
        "members": [{"name": "Nguyễn Văn Thành", "rank": "Thiếu tướng", "role": "head"}]})
    assert response.status_code == 201
    assert SteeringCommittee.objects.count() == 1
    response = post(client, "campaign-block-list", {
        "phase": phase.pk, "superior": org.hq.pk, "level": level.pk, "name": "Khối tỉnh",
        "members": [org.province_a.pk, org.province_b.pk]})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    entries = [{"criterion": c, "review_score": str(e["review_score"])}
               for c, e in reviews(criteria).items()]
    post(client, "campaign-sheet-review", {"entries": entries, "close": True},
         args=[Sheet.objects.get().pk])
    ranking = client.get(reverse("campaign-block-ranking", args=[pk]), {"year": YEAR}).json()
    assert ranking[0]["unit"] == org.province_a.pk
    assert ranking[0]["rank"] == 1
    assert ranking[0]["total"] == "80.00"
    assert ranking[1]["is_scored"] is False


def test_a_block_of_another_superior_is_refused(client, org, phase, level):
    client.force_login(org.users["officer_b"])
    response = post(client, "campaign-block-list", {
        "phase": phase.pk, "superior": org.province_b.pk, "level": level.pk, "name": "Khối",
        "members": [org.province_a.pk, org.province_b.pk]})
    assert response.status_code == 400
    assert not EmulationBlock.objects.exists()


def test_pledge_items_are_targets(client, org):
    from kythuat.campaign.models import Phase
    from kythuat.targets.models import Target
    from kythuat.targets.tests.factories import clause_for

    clause = clause_for(org.hq)
    client.force_login(org.users["officer_a"])
    later = Phase.objects.get(label="Giai đoạn 2025–2030")
    response = post(client, "campaign-pledge-list", {
        "unit": org.province_a.pk, "phase": later.pk, "clause": clause.pk,
        "title": "Giao ước thi đua", "signed_on": "2025-04-10",
        "items": [{"indicator_code": "holdings.on_hand", "stated_value": "12"}]})
    assert response.status_code == 201, response.content
    target = Target.objects.get(pk=response.json()["targets"][0])
    assert (target.unit, target.goal, target.clause) == (org.province_a, 12, clause)
    response = post(client, "campaign-pledge-list", {
        "unit": org.province_a.pk, "phase": later.pk, "clause": clause.pk,
        "title": "Giao ước", "signed_on": "2025-04-10",
        "items": [{"indicator_code": "nope.nope", "stated_value": "1"}]})
    assert response.status_code == 400
    assert Target.objects.count() == 1
