"""Reads of the maintenance app, scoped by the unit the caller obtained through
kythuat.org.selectors (which answers 404 outside the user's subtree).

The due list reads the stored next due of each (item, plan) (`PlanDue`, kept by the services
that change it: see services/due.py), so it is counted and paged with stored dates and meter
totals, by an index on the due date.
"""

import calendar
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kythuat.catalog.models import EquipmentType
from kythuat.core.text import fold
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item
from kythuat.holdings.selectors.items import books_version
from kythuat.org.models import Unit

from .models import (
    CalendarEntry,
    MaintenanceKind,
    MaintenancePlan,
    Meter,
    MeterKind,
    PlanDue,
    WorkOrder,
    WorkOrderLine,
)

SOON_DAYS = 30
COUNT_SECONDS = 3600


class DueState:
    DUE = "due"  # due today or overdue
    OVERDUE = "overdue"
    SOON = "soon"  # not yet due, due within SOON_DAYS days
    UPCOMING = "upcoming"  # due, overdue or due within SOON_DAYS days
    ANY = "any"  # every (item, plan), due or not (an item's page)


@dataclass(frozen=True)
class DueRow:
    item_id: int
    serial: str
    status: str
    grade: int
    unit_id: int
    unit_name: str
    type_id: int
    type_name: str
    symbol: str
    plan_id: int
    kind_name: str
    last_done_on: dt.date | None
    base_date: dt.date | None
    due_on: dt.date | None
    meter_uom: str | None
    interval_meter: Decimal | None
    meter_used: Decimal | None
    today: dt.date

    @property
    def due_by_meter(self) -> bool:
        return self.meter_used is not None and self.interval_meter is not None and (
            self.meter_used >= self.interval_meter)

    @property
    def due_by_date(self) -> bool:
        return self.due_on is not None and self.due_on <= self.today

    @property
    def is_due(self) -> bool:
        return self.due_by_date or self.due_by_meter

    @property
    def is_overdue(self) -> bool:
        return (self.due_on is not None and self.due_on < self.today) or (
            self.due_by_meter and self.meter_used > self.interval_meter)

    @property
    def days_late(self) -> int | None:
        return (self.today - self.due_on).days if self.due_by_date else None

    @property
    def meter_left(self) -> Decimal | None:
        if self.meter_used is None or self.interval_meter is None:
            return None
        return self.interval_meter - self.meter_used

    @property
    def never_done(self) -> bool:
        return self.last_done_on is None


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def add_interval(day: dt.date, months: int | None, days: int | None) -> dt.date:
    """`day` + months (clamped to the month's last day, as PostgreSQL does) + days."""
    months, days = months or 0, days or 0
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last)) + dt.timedelta(days=days)


def latest_base(today: dt.date, months: int | None, days: int | None) -> dt.date:
    """The last date from which the interval has run out by `today`: a maintenance done (or an
    item registered) on or before it is due. `add_interval` never decreases, so this is exact
    at month ends too."""
    base = add_interval(today - dt.timedelta(days=days or 0), -(months or 0), 0)
    while add_interval(base + dt.timedelta(days=1), months, days) <= today:
        base += dt.timedelta(days=1)
    while add_interval(base, months, days) > today:
        base -= dt.timedelta(days=1)
    return base


def _date_param() -> str:
    return "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class DueList:
    """The (item, plan) pairs of a unit subtree in a due state, sorted most urgent first.

    Lazy like a queryset: `count()`, slicing (one LIMIT/OFFSET query) and iteration (streamed
    in chunks), so Django's Paginator and the xlsx export use it directly.

    It reads the stored next due of each pair (`PlanDue`, kept by the services that change it,
    see `services.due`), so counting the due pairs of the whole army compares two stored
    columns per row instead of finding the last maintenance and the registration of every
    item.
    """

    CHUNK = 2000

    def __init__(self, unit: Unit, today: dt.date, *, state: str = DueState.DUE,
                 type_id: int | None = None, kind_id: int | None = None,
                 branch_id: int | None = None, q: str = "", item_id: int | None = None,
                 soon_days: int = SOON_DAYS) -> None:
        self.unit, self.today, self.state = unit, today, state
        self.soon = today + dt.timedelta(days=soon_days)
        plans = MaintenancePlan.objects.filter(is_active=True)
        if type_id:
            plans = plans.filter(type_id=type_id)
        if kind_id:
            plans = plans.filter(kind_id=kind_id)
        if branch_id:
            plans = plans.filter(type__branch_id=branch_id)
        self._plans = sorted(plans.values_list("pk", flat=True))
        where, params = [f"d.plan_id IN ({', '.join(['%s'] * len(self._plans))})"], [*self._plans]
        # The whole army needs no subtree filter (nor the units for a count).
        self._whole = unit.parent_id is None and item_id is None
        if not self._whole:
            # The subtree as a range of paths, as org.querysets.subtree_filter reads it.
            where.append("u.path >= %s AND u.path < %s")
            params += [unit.path, f"{unit.path[:-1]}/"]
        where.append(f"i.status IN ({', '.join(['%s'] * len(HELD_STATUSES))})")
        params += [str(status) for status in HELD_STATUSES]
        if item_id:
            where.append("d.item_id = %s")
            params.append(item_id)
        if text := fold(q):
            where.append("i.search_text LIKE %s")
            params.append(f"%{text}%")
        self._where_sql, self._where_params = " AND ".join(where), params
        self._split: tuple[int, int] | None = None
        self._item_id = item_id
        self._synced = False

    def _sync(self) -> None:
        if not self._synced:
            from .services.due import sync_new_items

            sync_new_items()
            self._synced = True

    def _parts(self) -> tuple[tuple[str, list], tuple[str, list] | None]:
        """The state as two disjoint conditions: due by date (listed by due date, the
        longest overdue first) and due by meter only (listed after them, by item)."""
        by_meter = "(d.meter_total IS NOT NULL AND d.due_total IS NOT NULL AND {})"
        meter_due, meter_over = (by_meter.format("d.meter_total >= d.due_total"),
                                 by_meter.format("d.meter_total > d.due_total"))
        day = _date_param()
        today, soon = self.today, self.soon
        if self.state == DueState.ANY:
            return ("d.due_on IS NOT NULL", []), ("d.due_on IS NULL", [])
        if self.state == DueState.OVERDUE:
            return ((f"d.due_on < {day}", [today]),
                    (f"(d.due_on IS NULL OR d.due_on >= {day}) AND {meter_over}", [today]))
        if self.state == DueState.SOON:
            return (f"d.due_on > {day} AND d.due_on <= {day} AND NOT {meter_due}",
                    [today, soon]), None
        last = soon if self.state == DueState.UPCOMING else today
        return ((f"d.due_on <= {day}", [last]),
                (f"(d.due_on IS NULL OR d.due_on > {day}) AND {meter_due}", [last]))

    def _from(self, *, rows: bool, walk: bool = False) -> str:
        # Table names come from the models and every value is a placeholder, so no input
        # reaches the SQL text. SQLite takes the left table of a CROSS JOIN as the outer loop.
        join = "CROSS JOIN" if walk else "JOIN"
        joins = [f"{_table(PlanDue)} d", f"{join} {_table(Item)} i ON i.id = d.item_id"]
        if rows or not self._whole:
            joins.append(f"JOIN {_table(Unit)} u ON u.id = i.unit_id")
        if rows:
            joins += [f"JOIN {_table(EquipmentType)} t ON t.id = i.type_id",
                      f"JOIN {_table(MaintenancePlan)} p ON p.id = d.plan_id",
                      f"JOIN {_table(MaintenanceKind)} k ON k.id = p.kind_id",
                      f"LEFT JOIN {_table(MeterKind)} mk ON mk.id = p.meter_kind_id"]
        return " ".join(joins)

    def _counts(self) -> tuple[int, int]:
        """(due by date, due by meter only), in one pass."""
        if self._split is None:
            if not self._plans:
                self._split = (0, 0)
                return self._split
            self._sync()
            key = self._count_key()
            if key is not None and (kept := cache.get(key)) is not None:
                self._split = kept
                return kept
            (dated, dated_params), rest = self._parts()
            rest_sql, rest_params = rest or ("1 = 0", [])
            sql = (f"SELECT SUM(CASE WHEN {dated} THEN 1 ELSE 0 END), COUNT(*) "  # noqa: S608
                   f"FROM {self._from(rows=False)} WHERE {self._where_sql} "
                   f"AND (({dated}) OR ({rest_sql}))")
            with connection.cursor() as cursor:
                cursor.execute(sql, [*dated_params, *self._where_params, *dated_params,
                                     *rest_params])
                by_date, total = cursor.fetchone()
            self._split = (int(by_date or 0), int(total or 0) - int(by_date or 0))
            if key is not None:
                cache.set(key, self._split, COUNT_SECONDS)
        return self._split

    def _count_key(self) -> str | None:
        """The counts stay right until the day changes, the books change (a new ledger entry:
        an item received, moved, written off) or the stored rows change (their version), so
        they are kept under all three: a page of the whole army does not count its million
        pairs again."""
        if self._item_id is not None:
            return None
        from .services.due import version

        words = (self.unit.pk, self.state, self.today, self.soon, self._where_sql,
                 tuple(self._where_params), books_version(), version())
        return "maintenance:due-count:" + hashlib.sha1(  # noqa: S324 (a cache key)
            repr(words).encode()).hexdigest()

    def count(self) -> int:
        return sum(self._counts())

    def __len__(self) -> int:
        return self.count()

    COLUMNS = ("d.item_id, i.serial, i.status, i.grade, i.unit_id, u.name, t.id, t.name, "
               "t.symbol, d.plan_id, k.name, d.last_done_on, d.base_date, d.due_on, mk.uom, "
               "p.interval_meter, d.meter_total - d.due_total + p.interval_meter")

    def _walk_by_date(self, found: int, reach: int) -> bool:
        """Whether SQLite should read a page by walking the due-date index, keeping the pairs
        of the subtree, rather than reading every due pair of the subtree and sorting them
        (its own choice whatever the subtree's size: 2.4 s for a military region at army
        scale, against 5 ms for the walk). The walk reads about reach × pairs / found rows;
        the other plan at least `found`: walk when that is no more (the largest pair id
        bounds the number of pairs, read off the primary key at no cost)."""
        if connection.vendor != "sqlite" or self._item_id is not None:
            return False
        if self._whole:
            return True
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {_table(PlanDue)}")  # noqa: S608
            (pairs,) = cursor.fetchone()
        return reach * (pairs or 0) <= found * found

    def _part(self, condition: tuple[str, list], order: str, limit: int | None,
              offset: int, walk: bool = False) -> Iterator[DueRow]:
        sql = (f"SELECT {self.COLUMNS} FROM {self._from(rows=True, walk=walk)} "  # noqa: S608
               f"WHERE {self._where_sql} AND {condition[0]} ORDER BY {order}")
        params = [*self._where_params, *condition[1]]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(self.CHUNK):
                for row in batch:
                    yield DueRow(
                        item_id=row[0], serial=row[1], status=row[2], grade=row[3],
                        unit_id=row[4], unit_name=row[5], type_id=row[6], type_name=row[7],
                        symbol=row[8], plan_id=row[9], kind_name=row[10],
                        last_done_on=_as_date(row[11]), base_date=_as_date(row[12]),
                        due_on=_as_date(row[13]), meter_uom=row[14],
                        interval_meter=_as_decimal(row[15]), meter_used=_as_decimal(row[16]),
                        today=self.today)

    def _rows(self, limit: int | None = None, offset: int = 0) -> Iterator[DueRow]:
        """Rows [offset, offset + limit): those due by date first, by due date (an index
        range, so a page of the whole army reads 50 rows, not every due pair), then those due
        by meter only."""
        if not self._plans:
            return
        self._sync()
        dated, rest = self._parts()
        if limit is None:
            yield from self._part(dated, "d.due_on, d.item_id, d.plan_id", None, 0)
            if rest is not None:
                yield from self._part(rest, "d.item_id, d.plan_id", None, 0)
            return
        by_date, _by_meter = self._counts()
        if offset < by_date:
            take = min(limit, by_date - offset)
            walk = self._walk_by_date(by_date, offset + take)
            yield from self._part(dated, "d.due_on, d.item_id, d.plan_id", take, offset, walk)
            limit, offset = limit - take, 0
        else:
            offset -= by_date
        if limit > 0 and rest is not None:
            yield from self._part(rest, "d.item_id, d.plan_id", limit, offset)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start = key.start or 0
            stop = key.stop if key.stop is not None else self.count()
            return list(self._rows(limit=max(stop - start, 0), offset=start))
        rows = list(self._rows(limit=1, offset=key))
        if not rows:
            raise IndexError(key)
        return rows[0]

    def __iter__(self) -> Iterator[DueRow]:
        return self._rows()


def due_list(unit: Unit, today: dt.date, **filters: Any) -> DueList:
    """What is due (or overdue, or soon due) for maintenance in the unit's subtree on `today`:
    by time from the last maintenance of the plan's kind (or from the item's registration when
    it was never maintained), by meter from the meter's total then, whichever comes first."""
    return DueList(unit, today, **filters)


def item_schedule(item: Item, today: dt.date) -> list[DueRow]:
    """Every plan of the item's type with its next due date and meter figures."""
    return list(DueList(item.unit, today, state=DueState.ANY, item_id=item.pk))


def interval_text(plan: MaintenancePlan) -> str:
    parts = []
    if plan.interval_months:
        parts.append(ngettext("%(n)s month", "%(n)s months", plan.interval_months)
                     % {"n": plan.interval_months})
    if plan.interval_days:
        parts.append(ngettext("%(n)s day", "%(n)s days", plan.interval_days)
                     % {"n": plan.interval_days})
    text = " ".join(parts)
    if plan.interval_meter and plan.meter_kind_id:
        value = plan.interval_meter
        value = int(value) if value == value.to_integral_value() else value.normalize()
        meter = f"{value:,} {plan.meter_kind.uom}".replace(",", ".")
        text = _("%(time)s or %(meter)s, whichever first") % {"time": text, "meter": meter} \
            if text else meter
    return text


# Calendar, work orders, meters ---------------------------------------------------------------


def calendar_entries(unit: Unit) -> QuerySet[CalendarEntry]:
    """The unit's own calendar and the entries of the units above it that apply below."""
    ancestors = unit.ancestors(include_self=False)
    return (CalendarEntry.objects.filter(Q(unit=unit) | Q(unit__in=ancestors, applies_below=True))
            .select_related("unit").order_by("unit__path", "frequency", "name"))


def calendar_next(unit: Unit, start: dt.date, count: int = 5) -> list[tuple[CalendarEntry, list]]:
    return [(entry, entry.next_dates(start, count)) for entry in calendar_entries(unit)]


def item_panel(*, user, item: Item, today: dt.date) -> dict:
    """What the item's page shows of maintenance: meters, work orders, next due."""
    meters = list(Meter.objects.filter(item=item).select_related("kind"))
    lines = list(WorkOrderLine.objects.filter(item=item, work_order__in=WorkOrder.objects
                                              .visible_to(user))
                 .select_related("work_order", "work_order__maintenance_kind",
                                 "work_order__repair_level", "work_order__facility",
                                 "grade_change")
                 .order_by("-work_order__opened_on", "-id")[:20])
    return {"meters": meters, "work_order_lines": lines,
            "schedule": item_schedule(item, today)}
