"""Modernisation programmes and conversions through the API: `unit` and a period, the whole
visible army for the system administrator (issue 13, section 2)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kythuat.org.models import User
from kythuat.vehicles import services

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_authenticate(user)
    return client


@pytest.fixture
def plan(org, fleet):
    plan = services.programme_create(actor=None, unit=org.hq, name="Đi-ê-den hóa",
                                     types=[fleet.ural, fleet.gaz])
    services.conversion_create(actor=None, programme=plan, item=fleet.truck_a,
                               converted_on=days_ago(40), performed_by="Z151",
                               fuel_before=Decimal(40), fuel_after=Decimal(25))
    services.conversion_create(actor=None, programme=plan, item=fleet.truck_b,
                               converted_on=days_ago(5), performed_by="Z151",
                               fuel_before=Decimal(30), fuel_after=Decimal(24))
    return plan


def progress(client, **params) -> tuple[int, int]:
    response = client.get("/api/v1/modernization-programmes/", params)
    assert response.status_code == 200, response.content
    row = response.json()["results"][0]
    return row["converted"], row["eligible"]


def test_the_system_administrator_counts_every_unit_not_the_first_top_unit(org, plan):
    root = User.objects.create(username="root", is_superuser=True)
    client = api(root)
    assert progress(client) == (2, 3)  # Lạng Sơn's two URALs and Cao Bằng's GAZ
    assert progress(client, unit=org.province_b.pk) == (1, 1)


def test_unit_and_period_narrow_the_count(org, plan):
    client = api(org.users["officer_hq"])
    assert progress(client, unit=org.province_a.pk) == (1, 2)
    recent = days_ago(10).isoformat()
    assert progress(client, start=recent) == (1, 3)
    bad = client.get("/api/v1/modernization-programmes/", {"start": recent, "end": "2000-01-01"})
    assert bad.status_code == 400
    assert bad.json()["detail"]


def test_a_unit_outside_the_subtree_answers_404(org, plan):
    client = api(org.users["officer_b"])
    assert client.get("/api/v1/modernization-programmes/",
                      {"unit": org.province_a.pk}).status_code == 404
    assert client.get("/api/v1/modernization-conversions/",
                      {"unit": org.province_a.pk}).status_code == 404


def test_conversions_are_listed_in_the_callers_subtree(org, fleet, plan):
    response = api(org.users["officer_b"]).get("/api/v1/modernization-conversions/")
    rows = response.json()["results"]
    assert [(r["vehicle"], r["unit"]) for r in rows] == [(fleet.truck_b.pk, org.province_b.pk)]
    everything = api(org.users["officer_hq"]).get("/api/v1/modernization-conversions/", {
        "programme": plan.pk, "end": days_ago(10).isoformat()})
    assert [r["vehicle"] for r in everything.json()["results"]] == [fleet.truck_a.pk]
