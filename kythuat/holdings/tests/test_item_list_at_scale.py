"""The item register at army scale: its count is read from the balances and kept until the
books change (never wrong after a posting), and a long export runs as a background job."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kythuat.holdings import services
from kythuat.holdings.models import Item
from kythuat.holdings.selectors.items import item_count, item_filter
from kythuat.holdings.services import LineSpec
from kythuat.holdings.views import items as item_views
from kythuat.jobs.models import Job

pytestmark = pytest.mark.django_db


def _day() -> dt.date:
    return dt.date(2026, 2, 1)


def _count(user, **filters) -> int:
    return item_count(user=user, filterset=item_filter(user=user, filters=filters))


def _counted(user, **filters) -> int:
    """The same filters counted item by item."""
    return item_filter(user=user, filters=filters).qs.count()


@pytest.fixture
def books(org):
    org.rifles(org.province_a, "AK-001", "AK-002")
    org.rifles(org.province_a, "AK-003", grade=3)
    org.rifles(org.commune_a, "AK-101")
    org.rifles(org.province_b, "CB-001")
    return org


def test_the_count_from_the_balances_equals_the_items(books):
    officer = books.users["viewer_a"]
    cases = [{}, {"unit": str(books.commune_a.pk)}, {"grade": ["3"]},
             {"type": str(books.rifle.pk)}, {"status": "held"}, {"q": "AK-00"},
             {"status": "all"}]
    for filters in cases:
        assert _count(officer, **filters) == _counted(officer, **filters), filters
    assert _count(officer) == 4


def test_the_kept_count_follows_every_posting(books):
    officer = books.users["viewer_a"]
    assert _count(officer) == 4
    transfer = services.movement_create(
        actor=None, kind="transfer", from_unit=books.province_a, to_unit=books.province_b,
        effective_date=_day(), lines=[
            LineSpec(type=books.rifle, item=Item.objects.get(serial="AK-001"))])
    services.movement_post(actor=None, movement=transfer)
    assert _count(officer) == _counted(officer) == 3
    services.movement_reverse(actor=None, movement=transfer, reason="nhầm đơn vị nhận")
    assert _count(officer) == _counted(officer) == 4


def test_a_page_of_the_list_does_not_count_the_items_again(client, books):
    client.force_login(books.users["viewer_a"])
    url = reverse("holdings:item-list")
    client.get(url)  # the count is kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page": 1})
    assert response.context["page"].paginator.count == 4
    assert not [q for q in queries.captured_queries
                if "COUNT(" in q["sql"].upper() and "holdings_item" in q["sql"]]


def test_a_long_export_runs_as_a_job_and_the_screen_says_so(client, books, monkeypatch):
    monkeypatch.setattr(item_views, "BACKGROUND_ITEMS", 2)
    client.force_login(books.users["viewer_a"])
    page = client.get(reverse("holdings:item-list"))
    assert page.context["export_in_background"]
    assert b"data-export-note" in page.content
    response = client.get(reverse("holdings:item-export"))
    job = Job.objects.get(kind="holdings.items_export")
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.actor == books.users["viewer_a"]


def test_a_short_export_is_written_at_once(client, books):
    client.force_login(books.users["viewer_a"])
    page = client.get(reverse("holdings:item-list"))
    assert not page.context["export_in_background"]
    response = client.get(reverse("holdings:item-export-csv"))
    assert response.status_code == 200
    assert not Job.objects.exists()
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "AK-101" in body
    assert "CB-001" not in body
