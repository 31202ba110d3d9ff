"""The register's count is kept between requests (kythuat.holdings.kept): a posting, a lot's
decision or a change of its re-test interval must show in the next page's figure."""

import datetime as dt

import pytest
from django.urls import reverse

from kythuat.ammunition import services
from kythuat.ammunition.models import RetestInterval
from kythuat.holdings.models import Lot

pytestmark = pytest.mark.django_db


def register_count(client, **query) -> int:
    response = client.get(reverse("ammunition:lot-list"), query)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_register_count_follows_postings_and_decisions(client, ammo):
    org = ammo.org
    client.force_login(org.users["officer_a"])
    assert (register_count(client), register_count(client, status="isolated")) == (1, 0)

    org.bulk(org.commune_a, org.ammo, 5, lot_number="L-02")
    org.bulk(org.province_b, org.ammo, 5, lot_number="L-B")
    assert register_count(client) == 2

    services.lot_isolate(actor=org.users["officer_a"], lot=Lot.objects.get(lot_number="L-02"),
                         unit=org.commune_a, decision_ref="QĐ 5", reason="Hỏng",
                         isolated_on=dt.date(2026, 1, 5))
    assert register_count(client, status="isolated") == 1
    assert register_count(client) == 2


def test_register_count_follows_the_retest_intervals(client, ammo):
    """Intervals are reference data changed in the admin site, which writes no audit row."""
    org = ammo.org
    client.force_login(org.users["officer_a"])
    assert register_count(client) == 1
    # A type row without months takes the type out of the ammunition register.
    RetestInterval.objects.create(type=org.ammo, months=None)
    assert register_count(client) == 0
