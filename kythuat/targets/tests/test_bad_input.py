"""Bad input to the target API and screens answers a 4xx with a message, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from kythuat.targets.models import Target

from .test_api import payload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("values", [
    {"start": "2026-02-30"}, {"deadline": "abc"}, {"stated_value": "1e400"},
    {"stated_value": "99999999999999999999"}, {"indicator_code": "nope.nope"},
    {"unit": 999999}, {"clause": 999999}, {"unit": "x"}, {"form": "weird"},
    {"form": "change_percent", "stated_unit": "percent",
     "stated_value": "99999999999999999999"},
    {"baseline_start": "2025-01-01"},
    {"baseline_start": "2025-12-01", "baseline_end": "2025-01-01"},
    {"start": "0001-01-01"}, {"start": "9999-12-31", "deadline": "9999-12-31"},
    {"indicator_code": "x" * 500},
])
def test_api_create_answers_400(client, org, clause, values):
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("target-list"), {**payload(clause, org.hq), **values},
                           content_type="application/json")
    assert response.status_code == 400, response.content[:500]
    assert not Target.objects.exists()


def test_a_figure_sqlite_cannot_read_back_is_refused(client, org, clause):
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("target-list"),
                           payload(clause, org.hq, stated_value="99999999999999999999"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "15 chữ số" in response.json()["errors"]["stated_value"][0]


def test_a_dissolved_unit_gets_no_target(client, org, clause):
    org.province_a.valid_to = dt.date(2020, 1, 1)
    org.province_a.save()
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("target-list"), payload(clause, org.province_a),
                           content_type="application/json")
    assert response.status_code == 400
    assert "giải thể" in response.json()["errors"]["unit"][0]
    assert not Target.objects.exists()


def test_api_allocate_answers_400(client, org, assign):
    top = assign()
    client.force_login(org.users["officer_hq"])
    url = reverse("target-allocate", args=[top.pk])
    for shares in ([{"unit": org.hq.pk, "value": "1"}], [{"unit": 99999, "value": "1"}],
                   [], "x", [{"unit": org.province_a.pk, "value": "1e30"}]):
        response = client.post(url, {"shares": shares}, content_type="application/json")
        assert response.status_code == 400, (shares, response.content[:300])
    assert not top.children.exists()


def test_screens_answer_bad_input_without_500(client, org, clause, assign):
    client.force_login(org.users["officer_hq"])
    top = assign()
    for query, code in (("?unit=abc", 404), ("?unit=99999", 404), ("?directive=abc", 200),
                        ("?status=zzz", 200), ("?indicator=zz", 200), ("?page=abc", 200),
                        ("?page=99999", 200), ("?top=maybe", 200)):
        for name in ("targets:target-list", "targets:target-export"):
            assert client.get(reverse(name) + query).status_code == code, (name, query)
    data = {"clause": clause.pk, "indicator_code": "holdings.on_hand", "unit": org.hq.pk,
            "start": "01/01/2026", "deadline": "31/12/2026", "form": "change_percent",
            "stated_value": "99999999999999999999", "stated_unit": "percent"}
    for extra in ({}, {"start": "31/02/2026"}, {"start": "01/01/0001"},
                  {"baseline_start": "01/01/2025"}, {"baseline": "5"}):
        response = client.post(reverse("targets:target-create"), {**data, **extra})
        assert response.status_code == 200, extra
    assert Target.objects.count() == 1
    response = client.post(reverse("targets:target-edit", args=[top.pk]),
                           {"deadline": "31/12/2026", "form": "absolute",
                            "stated_value": "99999999999999999999", "stated_unit": "piece"})
    assert response.status_code == 200
    response = client.post(reverse("targets:target-allocate", args=[top.pk]),
                           {"share_99999": "1"})
    assert response.status_code == 200
