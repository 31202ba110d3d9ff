"""Two people posting at once must not both succeed when only one can (PostgreSQL)."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from kythuat.holdings import services
from kythuat.holdings.models import Balance, Item, LedgerEntry
from kythuat.holdings.services import LineSpec
from kythuat.holdings.services import movements as movement_services

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def post_together(movements, monkeypatch) -> list[object]:
    """Posts the documents from separate threads (separate connections), making every
    posting pause after it has read its document, so their reads of the books overlap."""
    original = movement_services._lock_items

    def slow_lock(lines):
        original(lines)
        time.sleep(0.3)

    monkeypatch.setattr(movement_services, "_lock_items", slow_lock)
    barrier = threading.Barrier(len(movements))
    results: list[object] = [None] * len(movements)

    def run(index, movement):
        try:
            barrier.wait()
            services.movement_post(actor=None, movement=movement)
            results[index] = "posted"
        except ValidationError as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, m)) for i, m in enumerate(movements)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def issue_fuel(org, quantity):
    return services.movement_create(
        actor=None, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=dt.date(2026, 2, 1),
        lines=[LineSpec(type=org.fuel, quantity=Decimal(quantity), grade=1,
                        usage_group=org.sscd)])


def test_two_issues_of_the_last_stock_only_one_succeeds(org, monkeypatch):
    org.bulk(org.province_a, org.fuel, 6)
    # The receiving balance exists beforehand, so nothing but the row lock on the sending
    # balance keeps the two postings apart.
    services.movement_post(actor=None, movement=issue_fuel(org, 1))
    movements = [issue_fuel(org, 5) for _ in range(2)]
    results = post_together(movements, monkeypatch)
    assert sorted(map(str, results)).count("posted") == 1
    assert any(isinstance(r, ValidationError) for r in results)
    balance = Balance.objects.get(unit=org.province_a, type=org.fuel)
    assert balance.quantity == 0
    assert sum(e.quantity for e in LedgerEntry.objects.filter(unit=org.province_a)) == 0


def test_two_transfers_of_one_item_only_one_succeeds(org, monkeypatch):
    org.rifles(org.province_a, "AK-77")
    item = Item.objects.get(serial="AK-77")
    movements = [
        services.movement_create(
            actor=None, kind="transfer", from_unit=org.province_a, to_unit=target,
            effective_date=dt.date(2026, 2, 1), lines=[LineSpec(type=org.rifle, item=item)])
        for target in (org.province_b, org.hq)
    ]
    results = post_together(movements, monkeypatch)
    assert [r for r in results if r == "posted"] == ["posted"]
    item.refresh_from_db()
    assert item.unit in (org.province_b, org.hq)
    assert Balance.objects.filter(type=org.rifle, quantity=1).count() == 1
