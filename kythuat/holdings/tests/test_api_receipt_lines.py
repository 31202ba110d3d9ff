"""A receipt line without its usage group or grade is refused with a Vietnamese message, not an
IntegrityError (issue 13, section 2); a rule only the database enforces answers 400 too."""

import pytest
from django.db import IntegrityError
from rest_framework.test import APIClient

from kythuat.holdings.models import Item, Movement

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi", raise_request_exception=False)
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("missing", ["usage_group", "grade"])
def test_a_new_serial_item_without_usage_group_or_grade_is_refused(org, missing):
    line = {"type": org.rifle.pk, "serial": "AK-900", "grade": 1, "usage_group": org.sscd.pk}
    del line[missing]
    response = api(org.users["clerk_a"]).post("/api/v1/movements/", {
        "kind": "receipt", "source": "factory", "to_unit": org.province_a.pk,
        "effective_date": "2026-02-01", "lines": [line]}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"].startswith("Dòng 1")
    assert not Movement.objects.exists()
    assert not Item.objects.filter(serial="AK-900").exists()


def test_an_integrity_error_answers_400_with_a_message(org, monkeypatch):
    from kythuat.holdings.api import views

    def broken(**kwargs):
        raise IntegrityError("NOT NULL constraint failed")

    monkeypatch.setattr(views.services, "movement_create", broken)
    response = api(org.users["clerk_a"]).post("/api/v1/movements/", {
        "kind": "receipt", "source": "factory", "to_unit": org.province_a.pk,
        "effective_date": "2026-02-01",
        "lines": [{"type": org.fuel.pk, "quantity": "5", "grade": 1,
                   "usage_group": org.sscd.pk}]}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert response.json()["code"] == "invalid"
