import datetime as dt

import pytest
from django.urls import reverse

from kythuat.targets import services
from kythuat.targets.models import Target

pytestmark = pytest.mark.django_db


def payload(clause, unit, **values):
    return {"clause": clause.pk, "indicator_code": "holdings.on_hand", "unit": unit.pk,
            "start": "2026-01-01", "deadline": "2026-12-31", "form": "absolute",
            "stated_value": "8", "stated_unit": "piece", **values}


def test_create_returns_the_target_with_its_progress(client, org, clause):
    org.rifles(org.province_a, "API1", day=dt.date(2025, 3, 1))
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("target-list"), payload(clause, org.province_a),
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["baseline"], body["goal"], body["unit_name"]) == (
        "1.0000", "8.0000", org.province_a.name)
    assert set(body["progress"]) == {"actual", "percent", "expected", "expected_percent",
                                     "status", "measured_to", "records_url"}
    assert body["progress"]["actual"] == "1.0000"
    assert body["progress"]["records_url"].startswith(reverse("dashboard:indicator-records"))


def test_bad_input_answers_400_with_the_message_and_creates_nothing(client, org, clause):
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("target-list"),
                           payload(clause, org.hq, stated_unit="percent"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "stated_unit" in response.json()["errors"]
    assert "tính bằng" in response.json()["detail"]
    assert not Target.objects.exists()


def test_a_hidden_clause_is_not_found_among_the_visible_ones(client, org):
    from .factories import clause_for

    hidden = clause_for(org.province_b)
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("target-list"), payload(hidden, org.province_a),
                           content_type="application/json")
    assert response.status_code == 400
    assert "clause" in response.json()["errors"]
    assert not Target.objects.exists()


def test_list_filters_and_scopes(client, org, assign):
    top = assign()
    services.target_allocate(actor=None, target=top,
                             shares=[(org.province_a, 4), (org.province_b, 6)])
    client.force_login(org.users["officer_a"])
    body = client.get(reverse("target-list")).json()
    assert [row["unit"] for row in body["results"]] == [org.province_a.pk]
    client.force_login(org.users["officer_hq"])
    body = client.get(reverse("target-list"), {"top": "true"}).json()
    assert [row["id"] for row in body["results"]] == [top.pk]


def test_allocate_update_and_delete(client, org, assign):
    top = assign()
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("target-allocate", args=[top.pk]),
                           {"shares": [{"unit": org.province_a.pk, "value": "3"}]},
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    child_id = response.json()[0]["id"]
    assert response.json()[0]["parent"] == top.pk
    refused = client.post(reverse("target-allocate", args=[top.pk]),
                          {"shares": [{"unit": org.commune_a.pk, "value": "3"}]},
                          content_type="application/json")
    assert refused.status_code == 400
    assert "không phải đơn vị trực thuộc" in refused.json()["detail"]
    patched = client.patch(reverse("target-detail", args=[child_id]), {"stated_value": "5"},
                           content_type="application/json")
    assert patched.json()["goal"] == "5.0000"
    assert client.delete(reverse("target-detail", args=[top.pk])).status_code == 400
    assert client.delete(reverse("target-detail", args=[child_id])).status_code == 204
    assert list(Target.objects.all()) == [top]


def test_list_measures_its_targets_together(client, org, assign):
    """The list's progress is that of each target alone, measured in one pass (the shares of a
    split target by one call of their parent unit), not one registry query per target."""
    from unittest import mock

    from kythuat.targets import selectors

    org.rifles(org.province_a, "LST1", day=dt.date(2025, 3, 1))
    top = assign()
    services.target_allocate(actor=None, target=top,
                             shares=[(org.province_a, 4), (org.province_b, 6)])
    client.force_login(org.users["officer_hq"])
    with mock.patch.object(selectors, "target_row", wraps=selectors.target_row) as row:
        body = client.get(reverse("target-list")).json()
    assert all(call.kwargs.get("known") is not None for call in row.call_args_list)
    for result in body["results"]:
        alone = selectors.target_row(Target.objects.get(pk=result["id"]))
        assert result["progress"]["actual"] == (
            None if alone.progress.actual is None else f"{alone.progress.actual:.4f}")
        assert result["progress"]["status"] == alone.progress.status
