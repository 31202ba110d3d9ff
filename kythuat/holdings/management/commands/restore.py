"""Restores a backup written by `backup` into an empty, migrated database, in one transaction.

The records are read with Django's own deserializer (natural keys, forward references) and
inserted a thousand rows of one model at a time. `loaddata` does an UPDATE and an INSERT per
record: on the full demo (450,000 records) it had not done half after 11 minutes; this
takes 3 to 4.5 minutes on the same busy machine.
"""

import gzip
import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from kythuat.catalog.models import EquipmentType
from kythuat.holdings.management.commands.backup import summary
from kythuat.holdings.models import Movement
from kythuat.org.models import Unit, User

BATCH = 1000


def holds_data() -> bool:
    """A freshly migrated database holds only reference data (unit kinds, branches, grades)."""
    return any(model.objects.exists() for model in (Unit, User, EquipmentType, Movement))


def unapplied_migrations(using: str) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def first_record(stream: TextIO, source: Path) -> str:
    """Reads the first line of a backup and checks that it is a record."""
    try:
        first = stream.readline()
        record = json.loads(first or "null")
        if not isinstance(record, dict) or "model" not in record:
            raise ValueError("its first line is not a record")
    except (OSError, EOFError, ValueError) as error:
        message = f"{source} is not a backup made by `manage.py backup`: {error}"
        raise CommandError(message) from error
    return first


def insert(batch: list[DeserializedObject], using: str) -> None:
    """Inserts records of one model as they are: ids, and times that auto_now would reset."""
    model = type(batch[0].object)
    if model._meta.parents:  # multi-table inheritance needs the parent rows: one by one
        for record in batch:
            record.save(using=using)
        return
    rows = [record.object for record in batch]
    fields = model._meta.local_concrete_fields
    model._base_manager.using(using)._insert(rows, fields=fields, using=using, raw=True)
    for record in batch:
        record.object._state.adding, record.object._state.db = False, using
        for accessor, values in record.m2m_data.items():
            getattr(record.object, accessor).set(values)


def load(lines: Iterable[str], using: str) -> int:
    """Loads the records and checks every reference once all of them are in."""
    connection = connections[using]
    models, deferred, batch, count = set(), [], [], 0
    with connection.constraint_checks_disabled():
        for line in lines:
            if not line.strip():
                continue
            data = json.loads(line)
            # The batch goes in before the next model's first record is read, because reading
            # it looks up natural keys (users by login) among the rows already inserted.
            if batch and (
                batch[0].object._meta.label_lower != data.get("model") or len(batch) >= BATCH
            ):
                insert(batch, using)
                batch = []
            for record in serializers.deserialize(
                "python", [data], using=using, handle_forward_references=True
            ):
                models.add(type(record.object))
                batch.append(record)
                if record.deferred_fields:  # points to a record further down the file
                    deferred.append(record)
                count += 1
        if batch:
            insert(batch, using)
        for record in deferred:
            record.save_deferred_fields(using=using)
    connection.check_constraints(table_names=[model._meta.db_table for model in models])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)
    return count


class Command(BaseCommand):
    help = "Restores a backup made by `backup` into an empty database (or --replace its data)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Erase the data already in the database first (in the same transaction).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: str, replace: bool, database: str, **options) -> None:
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        pending = unapplied_migrations(database)
        if pending:
            raise CommandError(
                f"The database is not fully migrated ({', '.join(pending[:3])}…): "
                "run `manage.py migrate` first."
            )
        with gzip.open(source, "rt", encoding="utf-8") as stream:
            # Checked before anything is erased.
            lines = itertools.chain([first_record(stream, source)], stream)
            try:
                with transaction.atomic(using=database):
                    if holds_data() and not replace:
                        raise CommandError(
                            f"The database already holds data ({summary()}). Restore into "
                            "an empty database, or pass --replace to erase this data first."
                        )
                    # Also on a fresh database: its reference rows come back from the backup
                    # with the ids the backed-up records point to.
                    call_command("flush", interactive=False, database=database, verbosity=0)
                    count = load(lines, database)
            except (DatabaseError, DeserializationError, OSError, EOFError, ValueError) as error:
                raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {count:,} records ({summary()}) from {source}.")
        )
