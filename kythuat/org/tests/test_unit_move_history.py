"""A unit moved on the screen or through the API keeps its history (issue 12): the former
parent is recorded from the effective date, so a report "as the organisation was" before that
day counts the unit under its former parent, and "as it is" under the new one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kythuat.indicators import registry
from kythuat.indicators.periods import Period, Scope, View
from kythuat.org.models import UnitMove

pytestmark = pytest.mark.django_db

MOVED_ON = dt.date(2026, 3, 1)
BEFORE = Period(dt.date(2026, 1, 1), MOVED_ON - dt.timedelta(days=1))


def on_hand(unit, view: View) -> int:
    return int(registry.compute("holdings.on_hand", Scope(unit, view), BEFORE).total)


def test_a_move_on_the_screen_keeps_the_former_parent_for_reports_as_it_was(client, org):
    org.rifles(org.commune_a, "AK-1", "AK-2", day=dt.date(2026, 1, 10))
    client.force_login(org.users["admin_hq"])
    response = client.post(reverse("org:unit-move", args=[org.commune_a.pk]), {
        "new_parent": org.province_b.pk, "on": MOVED_ON.strftime("%d/%m/%Y"),
        "decision": "12/QĐ-BCH ngày 20/02/2026"})
    assert response.status_code == 302
    move = UnitMove.objects.get(unit=org.commune_a)
    assert (move.old_parent, move.new_parent, move.on, move.decision) == (
        org.province_a, org.province_b, MOVED_ON, "12/QĐ-BCH ngày 20/02/2026")
    # Before the move the two rifles were Lạng Sơn's; today they are Cao Bằng's history.
    assert (on_hand(org.province_a, View.AS_WAS), on_hand(org.province_b, View.AS_WAS)) == (2, 0)
    assert (on_hand(org.province_a, View.AS_IS), on_hand(org.province_b, View.AS_IS)) == (0, 2)
    rows, _total = registry.by_subordinates("holdings.on_hand", Scope(org.hq, View.AS_WAS),
                                           BEFORE)
    assert {row.unit.code: int(row.value.total) for row in rows} == {"LS": 2, "CB": 0}


def test_the_move_screen_refuses_a_future_date_and_changes_nothing(client, org):
    client.force_login(org.users["admin_hq"])
    later = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(reverse("org:unit-move", args=[org.commune_a.pk]), {
        "new_parent": org.province_b.pk, "on": later.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    assert "on" in response.context["form"].errors
    org.commune_a.refresh_from_db()
    assert org.commune_a.parent == org.province_a
    assert not UnitMove.objects.exists()


def test_a_move_without_a_date_takes_effect_today(client, org):
    client.force_login(org.users["admin_hq"])
    response = client.post(reverse("org:unit-move", args=[org.commune_a.pk]),
                           {"new_parent": org.province_b.pk})
    assert response.status_code == 302
    assert UnitMove.objects.get(unit=org.commune_a).on == timezone.localdate()


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_authenticate(user)
    return client


def test_a_move_through_the_api_is_recorded_with_its_date_and_decision(org):
    org.rifles(org.commune_a, "AK-1", day=dt.date(2026, 1, 10))
    response = api(org.users["admin_hq"]).post(
        f"/api/v1/units/{org.commune_a.pk}/move/",
        {"new_parent": org.province_b.pk, "on": MOVED_ON.isoformat(), "decision": "7/QĐ"},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == org.province_b.pk
    move = UnitMove.objects.get(unit=org.commune_a)
    assert (move.old_parent, move.on, move.decision) == (org.province_a, MOVED_ON, "7/QĐ")
    assert (on_hand(org.province_a, View.AS_WAS), on_hand(org.province_b, View.AS_IS)) == (1, 1)


@pytest.mark.parametrize(("payload", "field"), [
    ({"on": "2999-01-01"}, "on"),  # a future change is a reorganisation decision
    ({"on": "31/02/2026"}, "on"),
    ({"decision": "x" * 121}, "decision"),
])
def test_bad_move_input_through_the_api_is_refused_and_changes_nothing(org, payload, field):
    response = api(org.users["admin_hq"]).post(
        f"/api/v1/units/{org.commune_a.pk}/move/", {"new_parent": org.province_b.pk, **payload},
        format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    org.commune_a.refresh_from_db()
    assert org.commune_a.parent == org.province_a
    assert not UnitMove.objects.exists()


def test_a_move_before_the_units_last_move_or_to_its_own_parent_is_refused(org):
    client = api(org.users["admin_hq"])
    url = f"/api/v1/units/{org.commune_a.pk}/move/"
    assert client.post(url, {"new_parent": org.province_b.pk, "on": "2026-03-01"},
                       format="json").status_code == 200
    back = client.post(url, {"new_parent": org.province_a.pk, "on": "2026-02-01"},
                       format="json")
    assert back.status_code == 400
    assert "on" in back.json()["errors"]
    same = client.post(url, {"new_parent": org.province_b.pk}, format="json")
    assert same.status_code == 400
    assert UnitMove.objects.count() == 1
