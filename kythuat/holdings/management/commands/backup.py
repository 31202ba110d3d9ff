"""Writes the whole database to one gzip-compressed JSON Lines file that `restore` reads back.

The format is Django's own fixture format (dumpdata, one record per line, so neither side
holds the whole database in memory). A backup taken on SQLite restores into PostgreSQL and
back, and `manage.py loaddata` reads it too when the file name ends in .jsonl.gz. Content
types and permissions are written by natural key because their ids differ between databases;
sessions and login-failure records (axes) are left out.
"""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from kythuat.holdings.models import Item, LedgerEntry, Movement
from kythuat.org.models import Unit, User

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
FORMAT = "jsonl-exact"


class ExactEncoder(DjangoJSONEncoder):
    """Keeps microseconds, which DjangoJSONEncoder cuts to milliseconds (the ECMA-262 form)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    """Django's JSON Lines fixture format with exact times; its plain deserializer reads it."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = jsonl.Deserializer


@contextmanager
def consistent_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Reads every table from one snapshot, so a posting during the backup is in or out whole."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        # atomic() would BEGIN IMMEDIATE (settings) and hold the write lock for the whole dump;
        # a deferred read transaction sees one snapshot (WAL) and lets clerks keep posting.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def summary() -> str:
    counts = {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "items": Item.objects.count(),
        "documents": Movement.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
    }
    return ", ".join(f"{count} {name}" for name, count in counts.items())


class Command(BaseCommand):
    help = "Backs up the whole database to a .jsonl.gz file (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write it, e.g. kythuat-2026-11-22.jsonl.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: str, database: str, **options) -> None:
        target = Path(file)
        if not target.parent.is_dir():
            raise CommandError(f"Folder {target.parent} does not exist.")
        # Written beside the target and renamed at the end: an interrupted backup never
        # leaves a truncated file under the name someone will later restore from.
        partial = target.with_name(f".{target.name}.partial.jsonl.gz")
        serializers.register_serializer(FORMAT, __name__)
        try:
            with consistent_snapshot(database):
                call_command(
                    "dumpdata",
                    format=FORMAT,
                    exclude=EXCLUDED,
                    natural_foreign=True,
                    use_base_manager=True,
                    database=database,
                    output=str(partial),
                    verbosity=0,
                )
                counts = summary()
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up {counts} to {target} ({size:,} bytes)."))
