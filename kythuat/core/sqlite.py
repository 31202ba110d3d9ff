"""SQLite's query planner needs statistics: without them it takes any index on an equality
(the usage group's, on 10 million ledger entries) over the subtree range of the covering
index, and the combat readiness of a military region took 0.8 s instead of 20 ms
(bench/indicators.py). PostgreSQL's autovacuum keeps its statistics; for SQLite each process
refreshes them once, on its first connection, sampling at most ANALYSIS_LIMIT rows per index
so that this takes well under a second however large the database."""

import contextlib

from django.db import OperationalError
from django.db.backends.signals import connection_created

ANALYSIS_LIMIT = 1000
_analysed: set[str] = set()


def _refresh_statistics(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        name = str(connection.settings_dict["NAME"])
        if name not in _analysed:
            _analysed.add(name)
            # Another process holding the write lock only delays the statistics to a later start.
            with contextlib.suppress(OperationalError):
                cursor.execute("ANALYZE")


def install() -> None:
    connection_created.connect(_refresh_statistics, dispatch_uid="kythuat-sqlite-statistics")
