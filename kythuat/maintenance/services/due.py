"""The stored next due of each (item, plan) — `PlanDue` — and the one computation behind it.

The base of a plan for an item is the last maintenance of the plan's kind (`ServiceRecord`,
which also records the kinds a maintenance includes) or, never maintained, the item's first
ledger entry; the date is the base plus the plan's interval (months clamped to the month's
last day, then days); by meter it falls due when the meter's lifetime total reaches its total
at that maintenance (or at its first reading) plus the plan's interval on the meter.

Who keeps the rows:
- `work_order_close` (a maintenance recorded as done) and `meter_reading_record` refresh the
  rows of their items;
- `plan_create` and `plan_update` refresh the rows of their plan;
- posting a receipt takes its new items in once it commits (`maintenance.guards`), and the due
  list takes in any item registered since the last row before it reads (`sync_new_items`);
- `manage.py maintenance_due_refresh` rebuilds every row (after a bulk load or a restore).
"""

import time
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from kythuat.holdings.models import Item, LedgerEntry

from ..models import MaintenancePlan, Meter, PlanDue, PlanDueMark, ServiceMeter, ServiceRecord

CHUNK = 5000
COLUMNS = ("item_id", "plan_id", "last_done_on", "base_date", "due_on", "due_total",
           "meter_total")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rows(where: str, params: list) -> Iterator[tuple]:
    """(item, plan, last done, base date, due date, due total, meter total) of the pairs that
    match `where` (on `i` the item and `p` the plan)."""
    from ..selectors import _as_date, _as_decimal, add_interval

    registered = (f"(SELECT MIN(le.effective_date) FROM {_table(LedgerEntry)} le "  # noqa: S608
                  f"WHERE le.item_id = i.id)")
    # Table names come from the models; every value is a placeholder.
    sql = f"""
        SELECT i.id, p.id, r.done_on, COALESCE(r.done_on, {registered}), p.interval_months,
               p.interval_days, p.interval_meter, m.total, COALESCE(sm.total, m.first_total)
        FROM {_table(MaintenancePlan)} p
        JOIN {_table(Item)} i ON i.type_id = p.type_id
        LEFT JOIN {_table(ServiceRecord)} r ON r.item_id = i.id AND r.kind_id = p.kind_id
        LEFT JOIN {_table(Meter)} m ON m.item_id = i.id AND m.kind_id = p.meter_kind_id
        LEFT JOIN {_table(ServiceMeter)} sm ON sm.record_id = r.id AND sm.meter_id = m.id
        WHERE {where}"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            for item_id, plan_id, done, base, months, days, interval, total, base_total in batch:
                base = _as_date(base)
                interval = _as_decimal(interval)
                total, base_total = _as_decimal(total), _as_decimal(base_total)
                due_on = add_interval(base, months, days) if base and (months or days) else None
                due_total = (base_total + interval if interval is not None
                             and base_total is not None else None)
                yield (item_id, plan_id, _as_date(done), base, due_on, due_total,
                       total if due_total is not None else None)


def _insert(rows: Iterable[tuple], *, ignore_conflicts: bool = False) -> int:
    columns = ", ".join(COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    verb = "INSERT"
    tail = ""
    if ignore_conflicts:
        if connection.vendor == "postgresql":
            tail = " ON CONFLICT DO NOTHING"
        else:
            verb = "INSERT OR IGNORE"
    sql = f"{verb} INTO {_table(PlanDue)} ({columns}) VALUES ({marks}){tail}"
    written, chunk = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                cursor.executemany(sql, chunk)
                written, chunk = written + len(chunk), []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def _changed() -> None:
    """The stored rows changed: counts kept under the old version are stale. The version is
    the time of the change in nanoseconds, so it never comes back after a rollback."""
    if not PlanDueMark.objects.update(version=time.time_ns()):
        PlanDueMark.objects.create(last_item_id=0, version=time.time_ns())


def version() -> int:
    return PlanDueMark.objects.order_by("pk").values_list("version", flat=True).first() or 0


def _ids(values: Iterable) -> list[int]:
    return sorted({getattr(value, "pk", value) for value in values})


@transaction.atomic
def due_refresh_items(items: Iterable) -> int:
    """Recomputes every plan's next due for these items (Item objects or ids)."""
    ids = _ids(items)
    written = 0
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        PlanDue.objects.filter(item_id__in=part).delete()
        marks = ", ".join(["%s"] * len(part))
        written += _insert(_rows(f"i.id IN ({marks})", part))
    _changed()
    return written


@transaction.atomic
def due_refresh_plan(plan: MaintenancePlan) -> int:
    """Recomputes the next due of one plan for every item of its type."""
    PlanDue.objects.filter(plan=plan).delete()
    written = _insert(_rows("p.id = %s", [plan.pk]))
    _changed()
    return written


@transaction.atomic
def due_refresh_all() -> int:
    """Rebuilds every row (a bulk load, a restore, or rows found missing)."""
    newest = _newest_item()
    PlanDue.objects.all().delete()
    written = _insert(_rows("i.id <= %s", [newest]))
    PlanDueMark.objects.all().delete()
    PlanDueMark.objects.create(last_item_id=newest, version=time.time_ns())
    return written


def _newest_item() -> int:
    return Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def sync_new_items() -> int:
    """Takes in the items registered after the mark (ids grow with each registration) and
    moves the mark to the newest item. Cheap when nothing is new: two index look-ups."""
    mark = PlanDueMark.objects.order_by("pk").first()
    last = mark.last_item_id if mark else 0
    newest = _newest_item()
    if newest <= last:
        return 0
    with transaction.atomic():
        written = _insert(_rows("i.id > %s AND i.id <= %s", [last, newest]),
                          ignore_conflicts=True)
        # A concurrent sync may have moved the mark further: never move it back.
        if mark is None:
            PlanDueMark.objects.create(last_item_id=newest, version=time.time_ns())
        else:
            PlanDueMark.objects.filter(pk=mark.pk, last_item_id__lt=newest).update(
                last_item_id=newest)
            if written:
                _changed()
    return written


def sync_movement_items(movement_id: int) -> int:
    """Takes in the items a posted document registered (run once it has committed)."""
    ids = list(LedgerEntry.objects.filter(movement_id=movement_id, item__isnull=False,
                                          quantity__gt=0).values_list("item_id", flat=True))
    planned = set(MaintenancePlan.objects.values_list("type_id", flat=True))
    ids = list(Item.objects.filter(pk__in=ids, type_id__in=planned).exclude(
        pk__in=PlanDue.objects.filter(item_id__in=ids).values("item_id")).values_list(
        "pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        marks = ", ".join(["%s"] * len(ids))
        written = _insert(_rows(f"i.id IN ({marks})", ids), ignore_conflicts=True)
        _changed()
        return written


def meter_total_changed(meter: Meter) -> None:
    """A reading changed the meter's total (or a first reading gave its base)."""
    due_refresh_items([meter.item_id])
