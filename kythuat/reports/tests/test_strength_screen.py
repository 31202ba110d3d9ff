"""The one strength screen: paged, with the officer's form that sets an authorised quantity."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kythuat.holdings import services
from kythuat.holdings.models import AuthorizedStrength

pytestmark = pytest.mark.django_db


def test_the_screen_pages_its_rows_and_keeps_the_totals_for_the_last_page(
    client, books, monkeypatch
):
    from kythuat.reports import views

    monkeypatch.setattr(views, "STRENGTH_PAGE_ROWS", 1)
    client.force_login(books.users["officer_a"])
    first = client.get(reverse("reports:strength"), {"per_unit": "on"})
    rows = first.context["report"].rows
    assert len(rows) > 1
    assert list(first.context["page"].object_list) == rows[:1]
    body = first.content.decode()
    assert body.count('data-kind="row"') == 1
    assert 'data-kind="total"' not in body
    last = client.get(reverse("reports:strength"), {"per_unit": "on", "page": len(rows)})
    assert list(last.context["page"].object_list) == rows[-1:]
    assert 'data-kind="total"' in last.content.decode()


def test_officer_sets_an_authorised_quantity_from_the_report(client, books):
    client.force_login(books.users["officer_a"])
    assert client.get(reverse("reports:strength")).context["set_form"] is not None
    response = client.post(
        reverse("reports:strength-set"),
        {
            "unit": books.commune_a.pk,
            "type": books.rifle.pk,
            "quantity": "3",
            "valid_from": "01/01/2026",
            "decision_ref": "QĐ 12/2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:strength")
    row = AuthorizedStrength.objects.get(unit=books.commune_a, type=books.rifle)
    assert (row.quantity, row.decision_ref) == (3, "QĐ 12/2026")


def test_a_negative_quantity_is_refused_on_the_report_screen(client, books):
    client.force_login(books.users["officer_a"])
    response = client.post(
        reverse("reports:strength-set"),
        {"unit": books.province_a.pk, "type": books.rifle.pk, "quantity": "-1",
         "valid_from": "01/01/2026"},
    )
    assert response.status_code == 200
    assert response.context["set_form"].errors["quantity"]
    assert not AuthorizedStrength.objects.exists()


def test_a_viewer_gets_no_form_and_may_not_set(client, books):
    services.authorized_strength_set(
        actor=None, unit=books.province_a, type=books.rifle, quantity=Decimal(5),
        valid_from=dt.date(2025, 1, 1),
    )
    client.force_login(books.users["viewer_a"])
    assert "set_form" not in client.get(reverse("reports:strength")).context
    response = client.post(
        reverse("reports:strength-set"),
        {"unit": books.province_a.pk, "type": books.rifle.pk, "quantity": "9",
         "valid_from": "01/01/2026"},
    )
    assert response.status_code == 403
    assert AuthorizedStrength.objects.get().quantity == 5
