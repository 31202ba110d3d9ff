"""Reads of the maintenance app, scoped by the unit the caller obtained through
kythuat.org.selectors (which answers 404 outside the user's subtree).

The due list is one SQL statement over items × plans of their type, joined to the last service
of the plan's kind and to the plan's meter; no per-item Python. Months are added by the
database (SQLite's date modifiers, PostgreSQL's intervals), so the list can be filtered,
counted and sorted by due date in SQL.
"""

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kythuat.catalog.models import EquipmentType
from kythuat.core.text import fold
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item, LedgerEntry
from kythuat.org.models import Unit

from .models import (
    CalendarEntry,
    MaintenanceKind,
    MaintenancePlan,
    Meter,
    MeterKind,
    ServiceMeter,
    ServiceRecord,
    WorkOrder,
    WorkOrderLine,
)

SOON_DAYS = 30


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


# Makes a page query compute each row's base date once: without it the planner copies the
# expression (and its ledger subquery) into both the filter and the sort key. A count reads it
# once and is planned better without the fence.
_FENCE = {True: "OFFSET 0", False: "LIMIT -1 OFFSET 0"}


def _date_param() -> str:
    return "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"(julianday({later}) - julianday({earlier}))"


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

    Each plan's interval becomes a cutoff date computed once in Python (a CTE of plan → cutoff),
    so the database compares dates instead of adding months to every row.
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
        self._plans = {pk: (months, days) for pk, months, days in plans.values_list(
            "pk", "interval_months", "interval_days")}
        where, params = [], []
        # The subtree as a range of paths, as org.querysets.subtree_filter reads it.
        where.append("u.path >= %s AND u.path < %s")
        params += [unit.path, f"{unit.path[:-1]}/"]
        where.append(f"i.status IN ({', '.join(['%s'] * len(HELD_STATUSES))})")
        params += [str(status) for status in HELD_STATUSES]
        if item_id:
            where.append("i.id = %s")
            params.append(item_id)
        if text := fold(q):
            where.append("i.search_text LIKE %s")
            params.append(f"%{text}%")
        self._where_sql, self._where_params = " AND ".join(where), params
        self._count: int | None = None

    def _cutoffs(self) -> tuple[str, list]:
        """WITH pc(plan_id, due, overdue, soon): the latest base date that is due today, overdue
        today, due by the end of the soon window (NULL for a plan by meter only)."""
        rows, params = [], []
        date = _date_param()
        for pk, (months, days) in sorted(self._plans.items()):
            timed = bool(months or days)
            rows.append(f"(%s, {date}, {date}, {date})")
            params.append(pk)
            for day in (self.today, self.today - dt.timedelta(days=1), self.soon):
                params.append(latest_base(day, months, days) if timed else None)
        return f"WITH pc(plan_id, due, overdue, soon) AS (VALUES {', '.join(rows)})", params

    def _inner(self, fence: str = "") -> str:
        # Table names come from the models and every value is a placeholder, so no input
        # reaches the SQL text.
        registered = (f"(SELECT MIN(le.effective_date) FROM {_table(LedgerEntry)} le "  # noqa: S608
                      f"WHERE le.item_id = i.id)")
        return f"""
            SELECT i.id AS item_id, i.serial, i.status, i.grade, i.unit_id, u.name AS unit_name,
                   t.id AS type_id, t.name AS type_name, t.symbol, p.id AS plan_id,
                   k.name AS kind_name, p.interval_months, p.interval_days, p.interval_meter,
                   mk.uom AS meter_uom, r.done_on AS last_done_on,
                   COALESCE(r.done_on, {registered}) AS base_date,
                   m.total - COALESCE(sm.total, m.first_total) AS meter_used,
                   pc.due AS due_cutoff, pc.overdue AS overdue_cutoff, pc.soon AS soon_cutoff
            FROM pc
            JOIN {_table(MaintenancePlan)} p ON p.id = pc.plan_id
            JOIN {_table(Item)} i ON i.type_id = p.type_id
            JOIN {_table(Unit)} u ON u.id = i.unit_id
            JOIN {_table(EquipmentType)} t ON t.id = i.type_id
            JOIN {_table(MaintenanceKind)} k ON k.id = p.kind_id
            LEFT JOIN {_table(MeterKind)} mk ON mk.id = p.meter_kind_id
            LEFT JOIN {_table(ServiceRecord)} r ON r.item_id = i.id AND r.kind_id = p.kind_id
            LEFT JOIN {_table(Meter)} m ON m.item_id = i.id AND m.kind_id = p.meter_kind_id
            LEFT JOIN {_table(ServiceMeter)} sm ON sm.record_id = r.id AND sm.meter_id = m.id
            WHERE {self._where_sql} {fence}"""  # noqa: S608

    def _state(self) -> str:
        meter_due = "(d.meter_used IS NOT NULL AND d.meter_used >= d.interval_meter)"
        if self.state == DueState.ANY:
            return "1 = 1"
        if self.state == DueState.OVERDUE:
            return ("(d.base_date <= d.overdue_cutoff OR (d.meter_used IS NOT NULL "
                    "AND d.meter_used > d.interval_meter))")
        if self.state == DueState.SOON:
            return (f"(d.base_date > d.due_cutoff AND d.base_date <= d.soon_cutoff "
                    f"AND NOT {meter_due})")
        if self.state == DueState.UPCOMING:
            return f"(d.base_date <= d.soon_cutoff OR {meter_due})"
        return f"(d.base_date <= d.due_cutoff OR {meter_due})"

    def _query(self, select: str, tail: str = "", *, fence: bool = False) -> tuple[str, list]:
        with_sql, with_params = self._cutoffs()
        inner = self._inner(_FENCE[connection.vendor == "postgresql"] if fence else "")
        sql = (f"{with_sql} SELECT {select} FROM ({inner}) d "  # noqa: S608
               f"WHERE {self._state()} {tail}")
        return sql, [*with_params, *self._where_params]

    def count(self) -> int:
        if self._count is None:
            if not self._plans:
                self._count = 0
                return 0
            sql, params = self._query("COUNT(*)")
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _order(self) -> str:
        # Most days past the date first; due by meter only counts as due today.
        late = _days_between("d.due_cutoff", "d.base_date")
        return (f"ORDER BY CASE WHEN d.due_cutoff IS NULL OR d.base_date > d.due_cutoff "
                f"THEN 0 ELSE {late} END DESC, d.item_id, d.plan_id")

    def _rows(self, limit: int | None = None, offset: int = 0) -> Iterator[DueRow]:
        if not self._plans:
            return
        tail = self._order() + (" LIMIT %s OFFSET %s" if limit is not None else "")
        columns = ("item_id, serial, status, grade, unit_id, unit_name, type_id, type_name, "
                   "symbol, plan_id, kind_name, last_done_on, base_date, interval_months, "
                   "interval_days, meter_uom, interval_meter, meter_used")
        sql, params = self._query(columns, tail, fence=True)
        params += [limit, offset] if limit is not None else []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(self.CHUNK):
                for row in batch:
                    base = _as_date(row[12])
                    timed = bool(row[13] or row[14])
                    yield DueRow(
                        item_id=row[0], serial=row[1], status=row[2], grade=row[3],
                        unit_id=row[4], unit_name=row[5], type_id=row[6], type_name=row[7],
                        symbol=row[8], plan_id=row[9], kind_name=row[10],
                        last_done_on=_as_date(row[11]), base_date=base,
                        due_on=add_interval(base, row[13], row[14]) if base and timed else None,
                        meter_uom=row[15], interval_meter=_as_decimal(row[16]),
                        meter_used=_as_decimal(row[17]), today=self.today)

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
