import pytest
from django.urls import reverse

from kythuat.commendations.models import CommendationDecision, CommendationProposal

from .conftest import form

pytestmark = pytest.mark.django_db


def test_a_proposal_goes_through_the_api(client, org, issuers):
    client.force_login(org.users["officer_a"])
    payload = {"proposer": org.commune_a.pk, "awarding_unit": org.province_a.pk,
               "form": form("giay-khen").pk, "title": "Đề nghị", "summary": "Thành tích",
               "period_start": "2025-01-01", "period_end": "2025-12-31",
               "indicator_codes": ["holdings.on_hand"],
               "recipients": [{"unit": org.commune_a.pk},
                              {"unit": org.commune_a.pk, "kind": "individual",
                               "full_name": "Hà Văn Dũng", "rank": "Trung úy"}]}
    created = client.post(reverse("commendation-proposal-list"), payload,
                          content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert len(created.json()["recipients"]) == 2
    submit = client.post(reverse("commendation-proposal-submit", args=[pk]))
    assert submit.json()["status"] == "submitted"
    decided = client.post(reverse("commendation-proposal-decide", args=[pk]), {
        "outcome": "award", "issuer": issuers.a.pk, "decided_on": "2025-12-15"},
        content_type="application/json")
    assert decided.status_code == 201, decided.json()
    decision = decided.json()["id"]
    issued = client.post(reverse("commendation-decision-issue", args=[decision]), {},
                         content_type="application/json")
    again = client.post(reverse("commendation-decision-issue", args=[decision]), {},
                        content_type="application/json")
    assert issued.json()["number_symbol"] == again.json()["number_symbol"] == "01/QĐ-BCH"
    listed = client.get(reverse("commendation-list"), {"kind": "individual"}).json()
    assert [row["full_name"] for row in listed["results"]] == ["Hà Văn Dũng"]
    assert CommendationProposal.objects.get().status == "approved"


def test_bad_input_answers_400_with_a_message_and_changes_nothing(client, org, issuers):
    client.force_login(org.users["officer_a"])
    payload = {"issuer": issuers.a.pk, "form": form("bang-khen").pk,
               "decided_on": "2025-12-15", "recipients": [{"unit": org.commune_a.pk}]}
    response = client.post(reverse("commendation-decision-list"), payload,
                           content_type="application/json")
    assert response.status_code == 400
    assert org.province_a.name in str(response.json())
    reversed_period = client.post(reverse("commendation-proposal-list"), {
        "proposer": org.commune_a.pk, "awarding_unit": org.province_a.pk,
        "form": form("giay-khen").pk, "title": "X", "summary": "X",
        "period_start": "2025-12-31", "period_end": "2025-01-01",
        "recipients": [{"unit": org.commune_a.pk}]}, content_type="application/json")
    assert reversed_period.status_code == 400
    assert not CommendationDecision.objects.exists()
    assert not CommendationProposal.objects.exists()
    forms = client.get(reverse("commendation-form-list")).json()
    assert any(row["code"] == "giay-khen" for row in forms["results"])
