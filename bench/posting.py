"""Posting throughput: documents of 100 lines drafted and posted through the services, next
to the raw SQL that writes the same rows (document, lines, items, ledger entries, balances,
audit row) in one transaction."""

import json
import time
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.text import fold
from kythuat.holdings import services
from kythuat.holdings.choices import HELD_STATUSES, NUMBER_PREFIX, MovementKind
from kythuat.holdings.models import Balance, Item, LedgerEntry, Movement, MovementLine, balance_key
from kythuat.org.models import PATH_STEP, Unit, User

from .load import Table
from .measure import CpuClock, Result, count_queries, p

LINES = 100


def pick_pair(top: Unit) -> tuple[Unit, Unit]:
    """Two sibling units deep in the subtree: a transfer goes from one to the other."""
    units = list(
        Unit.objects.filter(path__startswith=top.path, depth__gte=2).order_by("-depth", "path")
    )
    parents = defaultdict(list)
    for unit in units:
        parents[unit.parent_id].append(unit)
    for siblings in parents.values():
        if len(siblings) >= 2:
            return siblings[0], siblings[1]
    return top, units[0]


def _insert(cursor, table: Table, rows: list[tuple], returning: bool = False) -> list[int]:
    marks = "(" + ", ".join(["%s"] * len(table.columns)) + ")"
    columns = ", ".join(f'"{c}"' for c in table.columns)
    cursor.execute(
        f'INSERT INTO "{table.name}" ({columns}) VALUES {", ".join([marks] * len(rows))}'
        + (" RETURNING id" if returning else ""),
        [value for row in rows for value in row + table.tail],
    )
    return [row[0] for row in cursor.fetchall()] if returning else []


class RawPosting:
    """The floor: the fewest statements that leave the books as the service leaves them."""

    def __init__(self) -> None:
        self.movement = Table(
            Movement,
            [
                "number",
                "kind",
                "status",
                "effective_date",
                "from_unit_id",
                "to_unit_id",
                "source",
                "posted_at",
                "created_at",
                "updated_at",
            ],
        )
        self.item = Table(
            Item,
            [
                "type_id",
                "serial",
                "manufactured_year",
                "unit_id",
                "grade",
                "usage_group_id",
                "status",
                "search_text",
                "created_at",
                "updated_at",
            ],
        )
        self.line = Table(
            MovementLine,
            [
                "movement_id",
                "type_id",
                "item_id",
                "quantity",
                "grade",
                "usage_group_id",
                "serial",
                "manufactured_year",
            ],
        )
        self.entry = Table(
            LedgerEntry,
            [
                "movement_id",
                "line_id",
                "kind",
                "direction",
                "effective_date",
                "unit_id",
                "type_id",
                "item_id",
                "grade",
                "usage_group_id",
                "quantity",
            ],
        )
        self.balance = Table(
            Balance, ["key", "unit_id", "type_id", "grade", "usage_group_id", "quantity"]
        )
        self.audit = Table(
            AuditEvent,
            [
                "occurred_at",
                "unit_id",
                "action",
                "target_type",
                "target_id",
                "target_repr",
                "changes",
                "note",
            ],
        )

    @transaction.atomic
    def post(self, kind: str, source: Unit | None, target: Unit, day, items: list[tuple]):
        """`items`: (id or None for a new one, type id, grade, usage group id, serial)."""
        ops = connection.ops
        now, date = ops.adapt_datetimefield_value(timezone.now()), ops.adapt_datefield_value(day)
        with connection.cursor() as cursor:
            ancestors = {
                u.path[:end]
                for u in (source, target)
                if u
                for end in range(PATH_STEP, len(u.path) + 1, PATH_STEP)
            }
            cursor.execute(
                "SELECT COUNT(*) FROM holdings_periodclose c JOIN org_unit u ON "
                "u.id = c.unit_id WHERE c.period_end >= %s AND u.path IN ("
                + ", ".join(["%s"] * len(ancestors))
                + ")",
                [date, *ancestors],
            )
            if cursor.fetchone()[0]:
                raise RuntimeError("period closed")
            prefix = NUMBER_PREFIX[kind]
            cursor.execute(
                "UPDATE holdings_documentcounter SET last = last + 1 WHERE prefix = %s"
                " AND year = %s RETURNING last",
                [prefix, day.year],
            )
            number = f"{cursor.fetchone()[0]:05d}/{prefix}-{day.year}"
            [movement] = _insert(
                cursor,
                self.movement,
                [
                    (
                        number,
                        kind,
                        "posted",
                        date,
                        source.pk if source else None,
                        target.pk,
                        "higher_level" if source is None else "",
                        now,
                        now,
                        now,
                    )
                ],
                returning=True,
            )
            if source is None:
                ids = _insert(
                    cursor,
                    self.item,
                    [
                        (
                            t,
                            serial,
                            day.year,
                            target.pk,
                            g,
                            ug,
                            "in_service",
                            fold(serial),
                            now,
                            now,
                        )
                        for _pk, t, g, ug, serial in items
                    ],
                    returning=True,
                )
            else:
                ids = [pk for pk, *_rest in items]
                cursor.execute(
                    "UPDATE holdings_item SET unit_id = %s, updated_at = %s WHERE unit_id = %s "
                    "AND status IN (%s, %s) AND id IN (" + ", ".join(["%s"] * len(ids)) + ")",
                    [target.pk, now, source.pk, *HELD_STATUSES, *ids],
                )
                if cursor.rowcount != len(ids):
                    raise RuntimeError("items not held by the sending unit")
            lines = _insert(
                cursor,
                self.line,
                [
                    (
                        movement,
                        t,
                        pk,
                        1,
                        g,
                        ug,
                        serial if source is None else "",
                        day.year if source is None else None,
                    )
                    for pk, (_old, t, g, ug, serial) in zip(ids, items, strict=True)
                ],
                returning=True,
            )
            entries, deltas = [], defaultdict(int)
            for line, pk, (_old, t, g, ug, _serial) in zip(lines, ids, items, strict=True):
                for unit, qty in ([(source.pk, -1)] if source else []) + [(target.pk, 1)]:
                    entries.append((movement, line, kind, qty, date, unit, t, pk, g, ug, qty))
                    deltas[unit, t, g, ug] += qty
            _insert(cursor, self.entry, entries)
            # A decrease updates a row that exists (a new row below zero would fail the CHECK
            # before any ON CONFLICT could turn it into an update); increases upsert.
            for (u, t, g, ug), q in sorted(deltas.items()):
                if q < 0:
                    cursor.execute(
                        "UPDATE holdings_balance SET quantity = quantity + %s WHERE key = %s",
                        [q, balance_key(u, None, t, None, g, ug)],
                    )
                    if cursor.rowcount != 1:
                        raise RuntimeError("nothing to take from")
            rows = [
                (balance_key(u, None, t, None, g, ug), u, t, g, ug, q)
                for (u, t, g, ug), q in sorted(deltas.items())
                if q > 0
            ]
            marks = ", ".join(
                ["(" + ", ".join(["%s"] * len(self.balance.columns)) + ")"] * len(rows)
            )
            cursor.execute(
                f"INSERT INTO holdings_balance ({', '.join(self.balance.columns)}) VALUES {marks} "
                "ON CONFLICT (key) DO UPDATE SET quantity = holdings_balance.quantity "
                "+ excluded.quantity",
                [v for row in rows for v in row + self.balance.tail],
            )
            _insert(
                cursor,
                self.audit,
                [
                    (
                        now,
                        target.pk,
                        "posted",
                        "holdings.movement",
                        str(movement),
                        number,
                        json.dumps({}),
                        f"{len(items)} lines",
                    )
                ],
            )
        return ids


def posting_measures(actor: User, top: Unit, documents: int, profile: bool = False) -> list[Result]:
    """`documents` receipts of 100 new items into one unit, then as many transfers of those
    items to a sibling unit; the floor receives and sends back the same number of lines."""
    source, target = pick_pair(top)
    etype = EquipmentType.objects.filter(tracking="serial").order_by("pk").first()
    group = UsageGroup.objects.get(code="sscd")
    day, token = timezone.localdate(), f"{time.time_ns() % 10**12:x}"
    received: dict[int, list[int]] = {}  # document number → its new items

    def receipt(n: int) -> None:
        lines = [
            services.LineSpec(
                type=etype,
                serial=f"B{token}{n:+d}-{k:03d}",
                grade=1,
                usage_group=group,
                manufactured_year=day.year,
            )
            for k in range(LINES)
        ]
        movement = services.movement_create(
            actor=actor,
            kind=MovementKind.RECEIPT,
            source="higher_level",
            to_unit=source,
            effective_date=day,
            lines=lines,
        )
        services.movement_post(actor=actor, movement=movement)
        received[n] = list(movement.lines.values_list("item_id", flat=True))

    def transfer(n: int) -> None:
        items = Item.objects.filter(pk__in=received[n]).select_related("type", "usage_group")
        lines = [services.LineSpec(type=item.type, item=item) for item in items]
        movement = services.movement_create(
            actor=actor,
            kind=MovementKind.TRANSFER,
            from_unit=source,
            to_unit=target,
            effective_date=day,
            lines=lines,
        )
        services.movement_post(actor=actor, movement=movement)

    raw = RawPosting()
    moved: dict[int, list[tuple]] = {}

    def raw_receipt(n: int) -> None:
        items = [(None, etype.pk, 1, group.pk, f"F{token}{n:+d}-{k:03d}") for k in range(LINES)]
        ids = raw.post(MovementKind.RECEIPT.value, None, source, day, items)
        moved[n] = [(pk, etype.pk, 1, group.pk, "") for pk in ids]

    def raw_transfer(n: int) -> None:
        raw.post(MovementKind.TRANSFER.value, source, target, day, moved[n])

    if profile:  # negative numbers: documents posted to profile, not timed
        from .report import profile as sample

        print(f"\nprofile of posting a receipt of {LINES} lines (per document):")
        print(sample(lambda: receipt(-2), repeat=1))
        print(f"\nprofile of posting a transfer of {LINES} lines (per document):")
        print(sample(lambda: transfer(-2), repeat=1))
    runs, cpu = {}, {}
    counts = {
        "receipt": count_queries(lambda: receipt(-1)),  # also the warm-up
        "transfer": count_queries(lambda: transfer(-1)),
    }
    raw_receipt(-1)
    raw_transfer(-1)
    for name, call in (
        ("receipt", receipt),
        ("transfer", transfer),
        ("raw receipt", raw_receipt),
        ("raw transfer", raw_transfer),
    ):
        runs[name] = []
        with CpuClock() as clock:
            for n in range(documents):
                began = time.perf_counter()
                call(n)
                runs[name].append((time.perf_counter() - began) * 1000)
        cpu[name] = clock.seconds * 1000 / documents
    results = []
    for kind in ("receipt", "transfer"):
        app, floor = runs[kind], runs[f"raw {kind}"]
        rate = LINES * len(app) / sum(app) * 1000
        floor_rate = LINES * len(floor) / sum(floor) * 1000
        result = Result(
            f"posting: {kind}s of {LINES} lines",
            "≥ 1,000 lines/s",
            p(app, 0.5),
            p(app, 0.95),
            p(floor, 0.5),
            p(floor, 0.95),
            counts[kind],
            cpu[kind],
            cpu[f"raw {kind}"],
            met=rate >= 1000,
            note=f"{source.name} → {target.name}, {len(app)} documents: "
            f"{rate:,.0f} lines/s (floor {floor_rate:,.0f}); by CPU time "
            f"{LINES / cpu[kind] * 1000:,.0f} lines/s",
        )
        result.extra.update(lines_per_s=round(rate), floor_lines_per_s=round(floor_rate))
        results.append(result)
    return results
