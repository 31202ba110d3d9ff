"""The books the generator writes: documents, lines, ledger entries and the running totals
they imply (balances, items' state, year-end snapshots), streamed to the database."""

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate

from django.db import connection
from django.utils import timezone

from kythuat.catalog.models import EquipmentType
from kythuat.core.text import fold
from kythuat.holdings.choices import NUMBER_PREFIX, ItemStatus, MovementKind, PeriodKind
from kythuat.holdings.models import (
    Balance,
    BalanceSnapshot,
    DocumentCounter,
    Item,
    LedgerEntry,
    Lot,
    Movement,
    MovementLine,
    PeriodClose,
    balance_key,
)
from kythuat.org.models import Unit

from .data import COLUMNS, USAGE_SHARE, WEIGHT
from .load import Loader, Sink, Table
from .tree import assign_palettes, build_catalogue, build_tree

FIRST_YEAR = 2007
# Plain strings: drivers adapt an enum member by its name, not its value.
K = type("Kinds", (), {kind.name: kind.value for kind in MovementKind})
IN_SERVICE, WRITTEN_OFF = ItemStatus.IN_SERVICE.value, ItemStatus.WRITTEN_OFF.value
SOURCES = ["higher_level", "factory", "purchase"]

MODELS = {"unit": Unit, "type": EquipmentType, "item": Item, "lot": Lot, "movement": Movement,
          "line": MovementLine, "entry": LedgerEntry, "balance": Balance, "close": PeriodClose,
          "snapshot": BalanceSnapshot, "counter": DocumentCounter}  # fmt: skip


class Books:
    def __init__(self, targets, seed: int, loader: Loader, refs: dict) -> None:
        self.t, self.rng, self.today = targets, random.Random(seed), timezone.localdate()
        self.refs = refs
        self.suffix = "+00" if connection.vendor == "postgresql" else ""
        self.sinks = {
            name: Sink(loader, Table(model, COLUMNS[name].split()))
            for name, model in MODELS.items()
        }
        self.ids = dict.fromkeys(("movement", "line", "entry", "lot", "snapshot"), 0)
        self.counters: dict[tuple[str, int], int] = {}
        self.balances: dict[tuple, int] = {}
        self.items: list[list] = []  # [type, unit, grade, usage group, status, year, day]
        self.bulk_keys: dict[int, list[tuple]] = {}
        self.nodes = build_tree(targets.units, seed)
        self.types = build_catalogue(targets.types, seed)
        assign_palettes(self.nodes, self.types, seed)
        self.held: list[list[int]] = [[] for _ in range(len(self.nodes) + 1)]
        self.held_count = 0
        self.holders = [n for n in self.nodes if WEIGHT[n.kind] > 0]
        self.cum = list(accumulate(WEIGHT[n.kind] for n in self.holders))
        by_id = {spec.id: spec for spec in self.types}
        self.serial_palette = {
            n.id: [p for p in n.palette if by_id[p].tracking == "serial"] or [1] for n in self.nodes
        }
        bulk = [s.id for s in self.types if s.tracking != "serial"]
        self.bulk_palette = {
            n.id: [p for p in n.palette if by_id[p].tracking != "serial"] or bulk
            for n in self.nodes
        }
        self.spec = by_id

    def stamp(self, day: str) -> str:
        return f"{day} 08:00:00{self.suffix}"

    # Reference rows ------------------------------------------------------------------------

    def write_reference(self) -> None:
        kinds, branches, groups = self.refs["kinds"], self.refs["branches"], self.refs["groups"]
        self.groups = [groups[c] for c in USAGE_SHARE]
        self.group_cum = list(accumulate(USAGE_SHARE.values()))
        start, stamp = "2000-01-01", self.stamp("2006-12-01")
        self.usage = {}
        for node in self.nodes:
            short = node.code if node.depth <= 1 else ""
            self.sinks["unit"].add(
                (
                    node.id,
                    node.code,
                    node.name,
                    short,
                    kinds[node.kind],
                    node.parent.id if node.parent else None,
                    node.path,
                    node.depth,
                    start,
                    fold(f"{node.code} {node.name} {short}"),
                    stamp,
                    stamp,
                )
            )
            self.usage[node.id] = self.group()
        for spec in self.types:
            self.sinks["type"].add(
                (
                    spec.id,
                    spec.symbol,
                    spec.name,
                    branches[spec.branch],
                    spec.uom,
                    spec.origin,
                    spec.tracking,
                    fold(f"{spec.symbol} {spec.name} {spec.origin}"),
                    stamp,
                    stamp,
                )
            )
        self.closes = {}
        for node in self.nodes:
            if node.depth != 1:
                continue
            for year in range(FIRST_YEAR, self.today.year):
                pk = len(self.closes) + 1
                self.closes[node.id, year] = pk
                self.sinks["close"].add(
                    (
                        pk,
                        node.id,
                        PeriodKind.YEAR.value,
                        f"{year}-01-01",
                        f"{year}-12-31",
                        self.stamp(f"{year + 1}-01-15"),
                    )
                )

    def group(self) -> int:
        return self.groups[bisect(self.group_cum, self.rng.random() * self.group_cum[-1])]

    def movement(self, kind: str, day: str, source: int | None, target: int | None) -> int:
        self.ids["movement"] += 1
        prefix, year = NUMBER_PREFIX[kind], int(day[:4])
        number = self.counters[prefix, year] = self.counters.get((prefix, year), 0) + 1
        self.sinks["movement"].add(
            (
                self.ids["movement"],
                f"{number:05d}/{prefix}-{year}",
                kind,
                "posted",
                day,
                source,
                target,
                self.rng.choice(SOURCES) if kind == K.RECEIPT else "",
                "",
                self.stamp(day),
                self.stamp(day),
                self.stamp(day),
            )
        )
        return self.ids["movement"]

    def line(
        self,
        movement: int,
        etype: int,
        item,
        lot,
        qty: int,
        grade: int,
        grade_to,
        group: int,
        serial: str = "",
        year=None,
        lot_number: str = "",
    ) -> int:
        self.ids["line"] += 1
        self.sinks["line"].add(
            (
                self.ids["line"],
                movement,
                etype,
                item,
                lot,
                qty,
                grade,
                grade_to,
                group,
                serial,
                year,
                lot_number,
            )
        )
        return self.ids["line"]

    def entry(
        self,
        movement: int,
        line: int,
        kind: str,
        day: str,
        unit: int,
        etype: int,
        lot,
        item,
        grade: int,
        group: int,
        qty: int,
    ) -> None:
        self.ids["entry"] += 1
        self.sinks["entry"].add(
            (
                self.ids["entry"],
                movement,
                line,
                kind,
                1 if qty > 0 else -1,
                day,
                unit,
                etype,
                lot,
                item,
                grade,
                group,
                qty,
            )
        )
        key = (unit, etype, lot, grade, group)
        self.balances[key] = self.balances.get(key, 0) + qty

    def snapshot(self, year: int) -> None:
        sink, closes, top = self.sinks["snapshot"], self.closes, self.nodes
        for key, qty in self.balances.items():
            if qty:
                self.ids["snapshot"] += 1
                sink.add((self.ids["snapshot"], closes[top[key[0] - 1].top, year], *key, qty))

    def write_state(self) -> None:
        origin = {spec.id: spec.origin for spec in self.types}
        add = self.sinks["item"].add
        for pk, (etype, unit, grade, group, status, made, day) in enumerate(self.items, 1):
            serial = serial_of(etype, made, pk)
            add(
                (
                    pk,
                    etype,
                    serial,
                    made,
                    origin[etype],
                    unit,
                    grade,
                    group,
                    status,
                    fold(serial),
                    self.stamp(day),
                    self.stamp(day),
                )
            )
        add = self.sinks["balance"].add
        for pk, ((unit, etype, lot, grade, group), qty) in enumerate(self.balances.items(), 1):
            add(
                (
                    pk,
                    balance_key(unit, None, etype, lot, grade, group),
                    unit,
                    etype,
                    lot,
                    grade,
                    group,
                    qty,
                )
            )
        for pk, ((prefix, year), last) in enumerate(sorted(self.counters.items()), 1):
            self.sinks["counter"].add((pk, prefix, year, last))
        for sink in self.sinks.values():
            sink.flush()


def serial_of(etype: int, year: int, item: int) -> str:
    return f"{etype:03d}{year % 100:02d}-{item:07d}"


def days_in(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day
