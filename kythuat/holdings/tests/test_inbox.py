"""Work between clerk and officer: the inbox of drafts to post, returning a draft to its clerk
with a comment, and reversing with a reason shown on both documents."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from kythuat.holdings import selectors, services
from kythuat.holdings.models import Movement
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def draft(org, *, to_unit=None, from_unit=None, kind="receipt", actor=None, litres=10):
    header = {"to_unit": to_unit} if kind == "receipt" else {"from_unit": from_unit,
                                                             "to_unit": to_unit}
    return services.movement_create(
        actor=actor, kind=kind, effective_date=DAY,
        source="higher_level" if kind == "receipt" else "",
        lines=[LineSpec(type=org.fuel, quantity=Decimal(litres), grade=1,
                        usage_group=org.sscd)], **header)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_inbox_holds_the_drafts_the_officer_may_post(org):
    own = draft(org, to_unit=org.province_a, actor=org.users["clerk_a"])
    commune = draft(org, to_unit=org.commune_a, actor=org.users["clerk_commune"])
    other = draft(org, to_unit=org.province_b)
    org.bulk(org.province_a, org.fuel, 100, day=dt.date(2026, 1, 10))
    across = draft(org, kind="transfer", from_unit=org.province_a, to_unit=org.province_b)
    assert ids(selectors.drafts_to_post(user=org.users["officer_a"])) == {own.pk, commune.pk}
    assert ids(selectors.drafts_to_post(user=org.users["officer_b"])) == {other.pk}
    # A transfer between two provinces waits for an officer above both.
    assert ids(selectors.drafts_to_post(user=org.users["officer_hq"])) == {
        own.pk, commune.pk, other.pk, across.pk}
    assert not selectors.drafts_to_post(user=org.users["clerk_a"]).exists()
    assert not selectors.drafts_to_post(user=org.users["viewer_a"]).exists()


def test_officer_returns_a_draft_with_a_comment_and_the_clerk_sees_it(client, org):
    movement = draft(org, to_unit=org.province_a, actor=org.users["clerk_a"])
    client.force_login(org.users["officer_a"])
    inbox = client.get(reverse("holdings:movement-inbox")).content.decode()
    assert f'data-movement="{movement.pk}"' in inbox
    response = client.post(reverse("holdings:movement-return", args=[movement.pk]),
                           {"comment": "Thiếu số quyết định cấp phát", "next": "inbox"})
    assert response.status_code == 302
    assert response.url == reverse("holdings:movement-inbox")
    movement.refresh_from_db()
    assert movement.is_returned
    assert movement.returned_by == org.users["officer_a"]
    assert movement.returned_comment == "Thiếu số quyết định cấp phát"
    assert not selectors.drafts_to_post(user=org.users["officer_a"]).filter(
        pk=movement.pk).exists()
    client.force_login(org.users["clerk_a"])
    inbox = client.get(reverse("holdings:movement-inbox")).content.decode()
    assert "Thiếu số quyết định cấp phát" in inbox
    assert 'id="returned-comment"' in client.get(movement.get_absolute_url()).content.decode()
    listing = client.get(reverse("holdings:movement-list")).content.decode()
    assert 'data-returned title="Thiếu số quyết định cấp phát"' in listing
    # The clerk corrects the draft: it goes back to the officers.
    services.movement_update(actor=org.users["clerk_a"], movement=movement,
                             lines=[LineSpec(type=org.fuel, quantity=Decimal(12), grade=1,
                                             usage_group=org.sscd)],
                             to_unit=org.province_a, decision_ref="QĐ 15/QĐ-BCH")
    movement.refresh_from_db()
    assert not movement.is_returned
    assert selectors.drafts_to_post(user=org.users["officer_a"]).filter(pk=movement.pk).exists()


def test_return_needs_a_comment_and_an_officer(client, org):
    movement = draft(org, to_unit=org.province_a)
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("holdings:movement-return", args=[movement.pk]),
                           {"comment": "   "})
    assert response.status_code == 200
    assert 'id="return-box"' in response.content.decode()
    movement.refresh_from_db()
    assert not movement.is_returned
    with pytest.raises(PermissionDenied):
        services.movement_return(actor=org.users["clerk_a"], movement=movement, comment="x")
    posted = org.bulk(org.province_a, org.fuel, 5)
    with pytest.raises(ValidationError):
        services.movement_return(actor=org.users["officer_a"], movement=posted, comment="x")
    client.force_login(org.users["officer_b"])
    assert client.post(reverse("holdings:movement-return", args=[movement.pk]),
                       {"comment": "x"}).status_code == 404


def test_post_from_the_inbox_goes_back_to_the_inbox(client, org):
    movement = draft(org, to_unit=org.province_a)
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("holdings:movement-post", args=[movement.pk]),
                           {"next": "inbox"})
    assert response.url == reverse("holdings:movement-inbox")
    movement.refresh_from_db()
    assert movement.status == Movement.Status.POSTED


def test_dashboard_counts_the_inbox(client, org):
    returned = draft(org, to_unit=org.province_a)
    services.movement_return(actor=org.users["officer_a"], movement=returned, comment="Sửa")
    draft(org, to_unit=org.commune_a)
    draft(org, to_unit=org.province_a)
    counts = selectors.inbox_counts(user=org.users["officer_a"])
    assert (counts.to_post, counts.returned) == (2, 1)
    client.force_login(org.users["officer_a"])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert 'id="inbox-counts"' in page
    assert reverse("holdings:movement-inbox") in page
    client.force_login(org.users["officer_b"])
    assert 'id="inbox-counts"' not in client.get(reverse("dashboard:home")).content.decode()


# Reversal needs a reason ---------------------------------------------------------------------

def test_reversing_requires_a_reason_shown_on_both_documents(client, org):
    receipt = org.bulk(org.province_a, org.fuel, 70, day=DAY)
    officer = org.users["officer_a"]
    with pytest.raises(ValidationError) as error:
        services.movement_reverse(actor=officer, movement=receipt, effective_date=DAY)
    assert "reason" in error.value.message_dict
    client.force_login(officer)
    response = client.post(reverse("holdings:movement-reverse", args=[receipt.pk]),
                           {"effective_date": "01/03/2026", "reason": " "})
    assert response.status_code == 200
    assert not Movement.objects.filter(reverses=receipt).exists()
    client.post(reverse("holdings:movement-reverse", args=[receipt.pk]),
                {"effective_date": "01/03/2026", "reason": "Nhập trùng phiếu"})
    reversal = Movement.objects.get(reverses=receipt)
    assert reversal.reason == "Nhập trùng phiếu"
    for movement in (receipt, reversal):
        page = client.get(movement.get_absolute_url()).content.decode()
        assert 'id="reversal-reason"' in page
        assert "Nhập trùng phiếu" in page


def test_api_return_and_reverse_without_reason(org):
    api = APIClient()
    api.force_authenticate(org.users["officer_a"])
    movement = draft(org, to_unit=org.province_a)
    answer = api.post(f"/api/v1/movements/{movement.pk}/return/",
                      {"comment": "Ghi rõ số quyết định"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["returned_comment"] == "Ghi rõ số quyết định"
    assert answer.json()["returned_by"] == "officer_a"
    empty = api.post(f"/api/v1/movements/{movement.pk}/return/", {"comment": ""}, format="json")
    assert empty.status_code == 400
    receipt = org.bulk(org.province_a, org.fuel, 5, day=DAY)
    refused = api.post(f"/api/v1/movements/{receipt.pk}/reverse/",
                       {"effective_date": "2026-03-01"}, format="json")
    assert refused.status_code == 400
    assert not Movement.objects.filter(reverses=receipt).exists()
