"""An army-scale data set written straight into the tables, consistent by construction.

History is simulated month by month from 2007 to today: receipts of new serial items,
transfers, issues, returns, grade changes and write-offs of existing ones, receipts and
consumption of lot and bulk stock. Each document is posted and numbered; each line writes its
ledger entries (decrease before increase). Running totals give the cached balances at the end
(balances = sum of the ledger per key), the items' final unit and grade (= their last entry),
and, at every year end, the snapshots of the yearly closes of the top commands.
"""

import time
from dataclasses import asdict, dataclass

from kythuat.catalog.models import Branch, UsageGroup
from kythuat.org.models import UnitKind

from .books import MODELS
from .data import EXTRA_KINDS
from .history import History
from .load import Loader, finish


@dataclass
class Targets:
    scale: float
    units: int
    types: int
    items: int
    entries: int

    @classmethod
    def for_scale(cls, scale: float) -> "Targets":
        return cls(
            scale,
            max(8, round(15_000 * scale)),
            300,
            max(100, round(1_000_000 * scale)),
            max(1_000, round(10_000_000 * scale)),
        )


def reference_ids() -> dict:
    """Ids of the reference rows the migrations seeded, plus the unit kinds the tree adds."""
    for code, name in EXTRA_KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "order": 500})
    return {
        "kinds": dict(UnitKind.objects.values_list("code", "pk")),
        "branches": dict(Branch.objects.values_list("code", "pk")),
        "groups": dict(UsageGroup.objects.values_list("code", "pk")),
    }


def generate(targets: Targets, seed: int = 2026) -> dict:
    """Fills an empty, migrated database; returns counts and timings."""
    started = time.perf_counter()
    refs = reference_ids()
    with Loader() as loader:
        generator = History(targets, seed, loader, refs)
        built = time.perf_counter()
        generator.write_reference()
        generator.simulate()
        generator.write_state()
        loaded = time.perf_counter()
    indexed = time.perf_counter()
    finish(list(MODELS.values()))
    done = time.perf_counter()
    counts = {name: sink.count for name, sink in generator.sinks.items()}
    return {
        "targets": asdict(targets),
        "seed": seed,
        "counts": counts,
        "seconds": {
            "tree": round(built - started, 1),
            "rows": round(loaded - built, 1),
            "indexes": round(indexed - loaded, 1),
            "analyze": round(done - indexed, 1),
            "total": round(done - started, 1),
        },
    }
