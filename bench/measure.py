"""The read measures: each through the application, next to the raw SQL floor for the same
answer, in the same run. Each answer is checked against its floor before it is timed."""

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import PeriodClose
from kythuat.holdings.selectors import item_list, subtree_balances_as_of
from kythuat.org.models import PATH_STEP, Role, Unit, User

FIELDS = ("type_id", "grade")
SUBTREE = "unit_id IN (SELECT id FROM org_unit WHERE path LIKE %s)"


@dataclass
class Result:
    """Times in milliseconds: through the application, and for the SQL floor."""

    name: str
    target: str
    p50: float
    p95: float
    floor_p50: float
    floor_p95: float
    queries: int
    cpu: float  # mean CPU milliseconds per call, client and database server
    floor_cpu: float
    met: bool = True
    note: str = ""
    matches: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.p50 / self.floor_p50 if self.floor_p50 else 0


class Queries:
    """Counts the statements the application sends."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class CpuClock:
    """CPU time of this process plus, on PostgreSQL, of its server process: unlike the wall
    clock it does not count waiting for a core, so it stays meaningful on a busy machine."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self) -> None:
        self.pid = None
        if connection.vendor == "postgresql":
            self.pid = fetch("SELECT pg_backend_pid()", [])[0][0]

    def server(self) -> float:
        if self.pid is None:
            return 0.0
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / self.TICK

    def __enter__(self) -> "CpuClock":
        self.start = time.process_time() + self.server()
        return self

    def __exit__(self, *exc) -> None:
        same = self.pid is None or fetch("SELECT pg_backend_pid()", [])[0][0] == self.pid
        self.seconds = time.process_time() + self.server() - self.start if same else float("nan")


def timings(call: Callable, reps: int, warmup: int = 1) -> tuple[list[float], float]:
    """Wall-clock milliseconds of each call, and the mean CPU milliseconds per call."""
    for _n in range(warmup):
        call()
    out = []
    with CpuClock() as cpu:
        for _n in range(reps):
            start = time.perf_counter()
            call()
            out.append((time.perf_counter() - start) * 1000)
    return out, cpu.seconds * 1000 / reps


def p(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def count_queries(call: Callable) -> int:
    counter = Queries()
    with connection.execute_wrapper(counter):
        call()
    return counter.count


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def compare(
    name: str,
    target: str,
    limits: tuple[float, float],
    app: Callable,
    floor: Callable,
    reps: int,
    *,
    matches: bool,
    note: str,
) -> Result:
    """Times the application and the floor; `limits` are the targets for p50 and p95."""
    queries = count_queries(app)  # also warms the caches up, with the one call of `timings`
    (times, cpu), (floor_times, floor_cpu) = timings(app, reps), timings(floor, reps)
    result = Result(
        name,
        target,
        p(times, 0.5),
        p(times, 0.95),
        p(floor_times, 0.5),
        p(floor_times, 0.95),
        queries,
        cpu,
        floor_cpu,
        note=note,
        matches=matches,
    )
    result.met = result.p50 <= limits[0] and result.p95 <= limits[1]
    result.extra["app"] = app
    return result


# Units and users -------------------------------------------------------------------------


def subtree_counts(units: list[Unit]) -> dict[int, int]:
    """Held items per unit, its subtree included."""
    held = dict(
        fetch(
            "SELECT unit_id, COUNT(*) FROM holdings_item WHERE status IN (%s, %s) GROUP BY unit_id",
            [*HELD_STATUSES],
        )
    )
    by_path = {unit.path: unit.pk for unit in units}
    counts = dict.fromkeys(by_path.values(), 0)
    for unit in units:
        for end in range(PATH_STEP, len(unit.path) + 1, PATH_STEP):
            counts[by_path[unit.path[:end]]] += held.get(unit.pk, 0)
    return counts


def pick_units(scale: float, chosen: dict | None = None) -> tuple[Unit, Unit, dict[int, int]]:
    """The top command whose subtree holds nearest 100,000 × scale items, and the median
    battalion (else commune, else any unit) inside it; or the units chosen before."""
    units = list(Unit.objects.select_related("kind"))
    counts = subtree_counts(units)
    if chosen:
        by_id = {unit.pk: unit for unit in units}
        return by_id[chosen["large"]], by_id[chosen["small"]], counts
    large = min(
        (u for u in units if u.depth == 1), key=lambda u: abs(counts[u.pk] - 100_000 * scale)
    )
    inside = [u for u in units if u.depth >= 2 and u.path.startswith(large.path) and counts[u.pk]]
    small = large
    for kind in ("tieu-doan", "ban-chqs-xa", None):
        candidates = sorted(
            (u for u in inside if kind is None or u.kind.code == kind), key=lambda u: counts[u.pk]
        )
        if candidates:
            small = candidates[len(candidates) // 2]
            break
    return large, small, counts


def officer(unit: Unit) -> User:
    user, _created = User.objects.update_or_create(
        username=f"bench-{unit.pk}", defaults={"unit": unit, "role": Role.OFFICER}
    )
    return user


# Holdings list -----------------------------------------------------------------------------

LIST_FLOOR = f"""
SELECT i.id, i.serial, i.grade, i.status, i.manufactured_year, t.name, t.symbol, b.name,
       u.name, g.name, f.name,
       (SELECT COUNT(*) FROM holdings_item c WHERE c.status IN (%s, %s) AND c.{SUBTREE})
FROM holdings_item i
JOIN catalog_equipmenttype t ON t.id = i.type_id
JOIN catalog_branch b ON b.id = t.branch_id
JOIN org_unit u ON u.id = i.unit_id
JOIN catalog_usagegroup g ON g.id = i.usage_group_id
LEFT JOIN storage_facility f ON f.id = i.facility_id
WHERE i.status IN (%s, %s) AND i.{SUBTREE}
ORDER BY i.id LIMIT 50"""
# The list screen's default order (kythuat/holdings/views/items.py).
VIEW_ORDER = ("id",)  # the register order of the item list (views/items.py)


def item_page(user: User, unit: Unit) -> tuple[list[int], int]:
    items = item_list(user=user, filters={"unit": str(unit.pk)}).order_by(*VIEW_ORDER)
    paginator = Paginator(items, 50)
    page = paginator.page(1)
    return [item.pk for item in page.object_list], paginator.count


def list_measure(name: str, user: User, unit: Unit, reps: int) -> Result:
    params = [*HELD_STATUSES, unit.path + "%", *HELD_STATUSES, unit.path + "%"]
    rows = fetch(LIST_FLOOR, params)
    ids, total = item_page(user, unit)
    matches = ids == [r[0] for r in rows] and total == (rows[0][-1] if rows else 0)
    try:
        url = reverse("holdings:item-list")
    except NoReverseMatch:
        url = None
    if url is None:
        note = "selector + count + 50 rows (the view holdings:item-list does not exist yet)"
        app = lambda: item_page(user, unit)  # noqa: E731
    else:
        client = Client()
        client.force_login(user)
        note = f"full request GET {url}?unit={unit.pk}"

        def app():
            response = client.get(url, {"unit": unit.pk})
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            return response

    result = compare(
        name,
        "p50 ≤ 30 ms, p95 ≤ 80 ms",
        (30, 80),
        app,
        lambda: fetch(LIST_FLOOR, params),
        reps,
        matches=matches,
        note=note,
    )
    result.extra["items"] = total
    return result


# Roll-ups and balances as at a date ---------------------------------------------------------


def as_dict(rows) -> dict:
    return {(t, g): Decimal(str(q)) for t, g, q in rows}


def rollup_measure(name: str, unit: Unit, limit: float, reps: int) -> Result:
    if unit.depth == 0:  # the whole army: no subtree to select
        sql, params = (
            (
                "SELECT type_id, grade, SUM(quantity) FROM holdings_balance "
                "GROUP BY type_id, grade HAVING SUM(quantity) <> 0"
            ),
            [],
        )
    else:
        sql = (
            f"SELECT type_id, grade, SUM(quantity) FROM holdings_balance WHERE {SUBTREE} "
            "GROUP BY type_id, grade HAVING SUM(quantity) <> 0"
        )
        params = [unit.path + "%"]

    def app():
        return subtree_balances_as_of(unit=unit, day=None, fields=FIELDS)

    matches = as_dict(fetch(sql, params)) == {k: Decimal(v) for k, v in app().items()}
    return compare(
        name,
        f"≤ {limit:g} ms",
        (limit, float("inf")),
        app,
        lambda: fetch(sql, params),
        reps,
        matches=matches,
        note=f"{unit.name}: subtree_balances_as_of(day=None)",
    )


def anchor(unit: Unit, day: dt.date):
    """The anchor the selector's rule picks: the nearest of now, the close before, the
    close after. Returns (close or None, sign)."""
    closes = list(
        PeriodClose.objects.filter(
            unit__path__in=[unit.path[: i + 7] for i in range(0, len(unit.path), 7)]
        )
    )
    today = timezone.localdate()
    options = [(abs((today - day).days), None, -1)]
    options += [((day - c.period_end).days, c, 1) for c in closes if c.period_end <= day]
    options += [((c.period_end - day).days, c, -1) for c in closes if c.period_end > day]
    best = min(options, key=lambda o: o[0])
    return best[1], best[2]


def asof_measure(name: str, unit: Unit, day: dt.date, reps: int) -> Result:
    close, sign = anchor(unit, day)
    adapt = connection.ops.adapt_datefield_value
    if close is None:
        base = f"SELECT type_id, grade, quantity AS q FROM holdings_balance WHERE {SUBTREE}"
        moves = (
            f"SELECT type_id, grade, -quantity FROM holdings_ledgerentry WHERE {SUBTREE} "
            "AND effective_date > %s"
        )
        params = [unit.path + "%", unit.path + "%", adapt(day)]
        how = "current balances minus the ledger since the date"
    else:
        base = (
            f"SELECT type_id, grade, quantity AS q FROM holdings_balancesnapshot "
            f"WHERE close_id = %s AND {SUBTREE}"
        )
        low, high = sorted([close.period_end, day])
        moves = (
            f"SELECT type_id, grade, {'' if sign > 0 else '-'}quantity FROM "
            f"holdings_ledgerentry WHERE {SUBTREE} AND effective_date > %s "
            "AND effective_date <= %s"
        )
        params = [close.pk, unit.path + "%", unit.path + "%", adapt(low), adapt(high)]
        how = f"snapshot of {close.period_end} {'plus' if sign > 0 else 'minus'} the ledger"
    sql = (
        f"SELECT type_id, grade, SUM(q) FROM ({base} UNION ALL {moves}) x "
        "GROUP BY type_id, grade HAVING SUM(q) <> 0"
    )

    def app():
        return subtree_balances_as_of(unit=unit, day=day, fields=FIELDS)

    matches = as_dict(fetch(sql, params)) == {k: Decimal(v) for k, v in app().items()}
    return compare(
        name,
        "≤ 200 ms",
        (200, float("inf")),
        app,
        lambda: fetch(sql, params),
        reps,
        matches=matches,
        note=f"{unit.name} as at {day}: {how}",
    )
