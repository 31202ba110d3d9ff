import datetime as dt
import gzip
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from conftest import PASSWORD
from kythuat.holdings import services
from kythuat.holdings.models import Balance, Item, LedgerEntry, Movement
from kythuat.org.models import Unit

# Restore flushes and reloads whole tables, which needs real transactions; the serialized
# rollback puts the reference data of the migrations back for the tests that run after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def every_row() -> dict[str, list[dict]]:
    """Every row of every table of the project's apps, by model, in id order."""
    rows = {}
    for config in apps.get_app_configs():
        if config.name.startswith("kythuat.") or config.label == "authtoken":
            for model in config.get_models():
                rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def can_log_in(username: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=PASSWORD) is not None


@pytest.fixture
def ledger(org):
    """The org with posted receipts of the three kinds of tracking, a draft transfer and an
    API token (whose user is written by login in the backup)."""
    Token.objects.create(user=org.users["officer_a"])
    org.rifles(org.province_a, "AK-001", "AK-002", grade=2)
    org.bulk(org.province_a, org.fuel, "1250.5")
    org.bulk(org.commune_a, org.ammo, 3000, lot_number="L-2020-07")
    services.movement_create(
        actor=org.users["officer_hq"],
        kind="transfer",
        from_unit=org.province_a,
        to_unit=org.province_b,
        effective_date=dt.date(2026, 3, 1),
        lines=[services.LineSpec(type=org.rifle, item=Item.objects.get(serial="AK-001"))],
    )
    return org


def test_backup_then_restore_brings_every_record_back(ledger, tmp_path):
    before = every_row()
    backup = tmp_path / "kythuat.jsonl.gz"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Unit.objects.exists()

    call_command("restore", str(backup), verbosity=0)

    assert every_row() == before
    assert Unit.objects.get(code="LS").name == "Bộ CHQS tỉnh Lạng Sơn"
    assert Item.objects.filter(unit__code="LS", grade=2).count() == 2
    assert Movement.objects.filter(status="posted").count() == 3
    assert Movement.objects.filter(status="draft").count() == 1
    fuel = Balance.objects.get(unit__code="LS", type__symbol="DẦU-DO")
    assert fuel.quantity == Decimal("1250.5")
    assert LedgerEntry.objects.count() == 4
    assert can_log_in("clerk_a")
    assert Token.objects.get(user__username="officer_a").key == before["authtoken.Token"][0]["key"]


def test_restored_database_takes_new_documents(ledger, tmp_path):
    backup = tmp_path / "kythuat.jsonl.gz"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), verbosity=0)

    receipt = ledger.rifles(ledger.province_b, "AK-100")

    assert Movement.objects.filter(kind="receipt", status="posted").count() == 4
    assert receipt.number not in {m.number for m in Movement.objects.exclude(pk=receipt.pk)}
    assert Item.objects.get(serial="AK-100").unit == ledger.province_b


def test_restore_refuses_a_database_that_holds_data(ledger, tmp_path):
    backup = tmp_path / "kythuat.jsonl.gz"
    call_command("backup", str(backup), verbosity=0)
    ledger.rifles(ledger.province_b, "AK-900")

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup), verbosity=0)
    assert Item.objects.filter(serial="AK-900").exists()


def test_restore_replace_swaps_the_data_for_the_backup(ledger, tmp_path):
    backup = tmp_path / "kythuat.jsonl.gz"
    call_command("backup", str(backup), verbosity=0)
    before = every_row()
    ledger.rifles(ledger.province_b, "AK-900")

    call_command("restore", str(backup), replace=True, verbosity=0)

    assert not Item.objects.filter(serial="AK-900").exists()
    assert every_row() == before


def test_a_failing_restore_changes_nothing(ledger, tmp_path):
    backup = tmp_path / "kythuat.jsonl.gz"
    call_command("backup", str(backup), verbosity=0)
    with gzip.open(backup, "rt", encoding="utf-8") as packed:
        records = [json.loads(line) for line in packed]
    entry = next(record for record in records if record["model"] == "holdings.ledgerentry")
    entry["fields"]["unit"] = 999_999  # a unit that is not in the backup
    broken = tmp_path / "broken.jsonl.gz"
    with gzip.open(broken, "wt", encoding="utf-8") as packed:
        packed.writelines(json.dumps(record) + "\n" for record in records)
    before = every_row()

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(broken), replace=True, verbosity=0)
    assert every_row() == before


def test_restore_rejects_a_file_that_is_not_a_backup(db, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Biên bản kiểm kê", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(notes), verbosity=0)
