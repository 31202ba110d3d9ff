"""Bulk loading: `executemany` on SQLite, `COPY` on PostgreSQL, secondary indexes rebuilt once.

Rows are plain tuples in the column order a `Table` names. Columns a model gained since this
was written are filled with the field's default, so a new optional field does not break it.
"""

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

BIG_TABLES = [
    "holdings_item",
    "holdings_lot",
    "holdings_movement",
    "holdings_movementline",
    "holdings_ledgerentry",
    "holdings_balance",
    "holdings_balancesnapshot",
]
BATCH = 20_000


class Table:
    def __init__(self, model: type[Model], columns: list[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise RuntimeError(f"{self.name} has no column {unknown}: update bench/generate.py")
        extra = [(c, f) for c, f in fields.items() if c not in columns and not f.primary_key]
        self.columns = columns + [c for c, _f in extra]
        self.tail = tuple(f.get_db_prep_save(f.get_default(), connection) for _c, f in extra)


class Loader:
    """Writes rows in big batches on one connection, inside one transaction."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self.vendor = connection.vendor
        self.indexes: list[str] = []
        self.rows = 0

    def __enter__(self) -> "Loader":
        if self.vendor == "sqlite":
            for pragma in (
                "foreign_keys=OFF",
                "journal_mode=OFF",
                "synchronous=OFF",
                "cache_size=-2000000",
                "temp_store=MEMORY",
                "threads=2",
            ):
                self.raw.execute(f"PRAGMA {pragma}")
            self.raw.execute("BEGIN")
        else:
            with self.raw.cursor() as cursor:
                # The generator writes consistent rows; skipping the foreign-key triggers
                # during the load is what pg_restore does too.
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SET maintenance_work_mem = '1GB'")
        self._drop_indexes()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.raw.rollback()
            return
        self.raw.commit()
        self._create_indexes()
        if self.vendor == "sqlite":
            self.raw.execute("PRAGMA journal_mode=WAL")
            self.raw.execute("PRAGMA foreign_keys=ON")
        else:
            with self.raw.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
            self.raw.commit()

    def _drop_indexes(self) -> None:
        with self.raw.cursor() if self.vendor != "sqlite" else _SqliteCursor(self.raw) as cur:
            for table in BIG_TABLES:
                if self.vendor == "sqlite":
                    cur.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                        "AND tbl_name = ? AND sql IS NOT NULL",
                        [table],
                    )
                else:
                    cur.execute(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                        [table],
                    )
                for name, sql in cur.fetchall():
                    cur.execute(f'DROP INDEX "{name}"')
                    self.indexes.append(sql)

    def _create_indexes(self) -> None:
        with self.raw.cursor() if self.vendor != "sqlite" else _SqliteCursor(self.raw) as cur:
            for sql in self.indexes:
                cur.execute(sql)
        self.raw.commit()

    def insert(self, table: Table, rows: Iterable[tuple]) -> None:
        rows = list(rows)
        if not rows:
            return
        if table.tail:
            rows = [row + table.tail for row in rows]
        self.rows += len(rows)
        columns = ", ".join(f'"{c}"' for c in table.columns)
        if self.vendor == "sqlite":
            marks = ", ".join("?" * len(table.columns))
            self.raw.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', rows)
        else:
            with (
                self.raw.cursor() as cursor,
                cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)


class Sink:
    """A buffer of rows for one table, written in batches."""

    def __init__(self, loader: Loader, table: Table) -> None:
        self.loader, self.table, self.rows, self.count = loader, table, [], 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.count += len(self.rows)
        self.loader.insert(self.table, self.rows)
        self.rows = []


class _SqliteCursor:
    def __init__(self, raw) -> None:
        self.cursor = raw.cursor()

    def __enter__(self):
        return self.cursor

    def __exit__(self, *exc) -> None:
        self.cursor.close()


def finish(models: list[type[Model]]) -> None:
    """Sequences after explicit ids, and planner statistics (PostgreSQL, as autovacuum would)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
