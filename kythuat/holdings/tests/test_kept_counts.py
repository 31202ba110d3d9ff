"""The counts of the document, lot and closing lists are kept between requests (kythuat.holdings
.kept): whatever changes the books or a record must show in the next page's figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kythuat.holdings import services
from kythuat.holdings.models import Lot, Movement
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def shown_count(client, name: str, **query) -> int:
    """The total the list states ("1–50 of N"), as the page computed it."""
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def documents(client, **query) -> int:
    return shown_count(client, "holdings:movement-list", **query)


def draft(org, unit, *serials: str) -> Movement:
    return services.movement_create(
        actor=org.users["officer_a"], kind="receipt", source="higher_level", to_unit=unit,
        effective_date=DAY,
        lines=[LineSpec(type=org.rifle, serial=s, grade=1, usage_group=org.sscd)
               for s in serials])


def test_document_count_follows_drafts_postings_and_reversals(client, org):
    client.force_login(org.users["officer_a"])
    before, drafts, posted = documents(client), documents(client, status="draft"), documents(
        client, status="posted")

    first = draft(org, org.province_a, "AK-1")
    assert (documents(client), documents(client, status="draft")) == (before + 1, drafts + 1)

    # Moved to the commune, the draft stays in the province's list and enters the commune's.
    commune = documents(client, unit=org.commune_a.pk)
    services.movement_update(actor=org.users["officer_a"], movement=first, to_unit=org.commune_a,
                             lines=[LineSpec(type=org.rifle, serial="AK-1", grade=1,
                                             usage_group=org.sscd)])
    assert documents(client) == before + 1
    assert documents(client, unit=org.commune_a.pk) == commune + 1

    services.movement_delete(actor=org.users["officer_a"], movement=first)
    assert documents(client) == before
    assert documents(client, status="draft") == drafts
    assert documents(client, unit=org.commune_a.pk) == commune

    second = services.movement_post(actor=org.users["officer_a"],
                                    movement=draft(org, org.province_a, "AK-2"))
    assert documents(client, status="draft") == drafts
    assert documents(client, status="posted") == posted + 1

    services.movement_reverse(actor=org.users["officer_a"], movement=second, effective_date=DAY,
                              reason="Nhập nhầm")
    assert documents(client) == before + 2
    assert documents(client, status="posted") == posted + 2


def test_a_draft_moved_out_of_the_subtree_leaves_the_count(client, org):
    client.force_login(org.users["officer_hq"])
    mine = draft(org, org.province_a, "AK-3")
    client.force_login(org.users["officer_a"])
    before = documents(client)
    client.force_login(org.users["officer_b"])
    other = documents(client)

    services.movement_update(actor=org.users["officer_hq"], movement=mine, to_unit=org.province_b,
                             lines=[LineSpec(type=org.rifle, serial="AK-3", grade=1,
                                             usage_group=org.sscd)])
    assert documents(client) == other + 1
    client.force_login(org.users["officer_a"])
    assert documents(client) == before - 1


def lots(client, **query) -> int:
    return shown_count(client, "holdings:lot-list", **query)


def test_lot_count_follows_receipts_transfers_and_reversals(client, org):
    client.force_login(org.users["officer_a"])
    before = lots(client)
    receipt = org.bulk(org.province_b, org.ammo, 40, lot_number="LB-1")
    assert lots(client) == before  # held by another province only

    transfer = services.movement_post(actor=None, movement=services.movement_create(
        actor=None, kind="transfer", from_unit=org.province_b, to_unit=org.province_a,
        effective_date=dt.date(2026, 2, 1),
        lines=[LineSpec(type=org.ammo, lot=Lot.objects.get(lot_number="LB-1"),
                        quantity=Decimal(10), grade=1, usage_group=org.sscd)]))
    assert lots(client) == before + 1

    # Reversed, the transfer leaves an empty balance behind: a lot held once stays listed.
    services.movement_reverse(actor=None, movement=transfer, effective_date=dt.date(2026, 2, 2),
                              reason="Chuyển nhầm")
    assert lots(client) == before + 1
    assert receipt.status == Movement.Status.POSTED

    org.bulk(org.commune_a, org.ammo, 5, lot_number="LA-2")
    assert lots(client) == before + 2


def test_lot_count_follows_a_change_of_status(client, org):
    org.bulk(org.province_a, org.ammo, 40, lot_number="LA-1")
    lot = Lot.objects.get(lot_number="LA-1")
    client.force_login(org.users["officer_a"])
    assert lots(client, status="isolated") == 0
    from kythuat.ammunition.services.lots import set_lot_status

    set_lot_status(actor=org.users["officer_a"], lot=lot, status="isolated", unit=org.province_a)
    assert lots(client, status="isolated") == 1


def closings(client) -> list[tuple[str, int]]:
    response = client.get(reverse("holdings:period-close-list"))
    assert response.status_code == 200
    return [(close.unit.name, close.balances) for close in response.context["page"].object_list]


def test_closing_list_shows_closings_of_the_subtree_and_above_with_their_balances(client, org):
    org.bulk(org.province_a, org.fuel, 100, day=dt.date(2025, 2, 1))
    org.rifles(org.commune_a, "AK-7", "AK-8", day=dt.date(2025, 2, 1))
    org.rifles(org.province_b, "CB-1", day=dt.date(2025, 2, 1))
    client.force_login(org.users["officer_a"])
    assert closings(client) == []

    services.period_close(actor=org.users["officer_b"], unit=org.province_b, kind="quarter",
                          year=2025, quarter=1)
    services.period_close(actor=org.users["officer_a"], unit=org.commune_a, kind="quarter",
                          year=2025, quarter=1)
    assert closings(client) == [(org.commune_a.name, 1)]  # its two rifles: one balance

    services.period_close(actor=org.users["officer_hq"], unit=org.hq, kind="quarter",
                          year=2025, quarter=2)
    assert closings(client) == [(org.hq.name, 3), (org.commune_a.name, 1)]
    client.force_login(org.users["officer_b"])
    assert closings(client) == [(org.hq.name, 3), (org.province_b.name, 1)]
