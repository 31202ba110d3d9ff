"""Maintenance indicators (maintenance done, on the books, done versus on the books, overdue,
repairs by level) and the dashboard's alert source for overdue maintenance.

Work orders carry their own dates (opened, closed), so "done" and "on the books" for a past
period do not change when later work is recorded. Overdue maintenance as at a day is rebuilt
from dated records (ledger, closed work orders, meter readings), not from the due list's
"last service" table, which holds only the latest maintenance.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from kythuat.holdings.models import Item, LedgerEntry
from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register, register_ratio
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import (
    MaintenanceKind,
    MaintenancePlan,
    Meter,
    MeterReading,
    RepairLevel,
    WorkOrder,
    WorkOrderLine,
)
from .selectors import DueState, due_list, latest_base


def _day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _named(model, keys: Collection) -> dict:
    return dict(model.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


def maintenance_kind_labels(keys: Collection) -> dict:
    return _named(MaintenanceKind, keys)


def repair_level_labels(keys: Collection) -> dict:
    """Every repair level in use, so a level without repairs shows as 0."""
    return dict(RepairLevel.objects.filter(Q(is_active=True) | Q(pk__in=[k for k in keys if k]))
                .order_by("order", "name").values_list("pk", "name"))


KIND = Dimension("maintenance_kind", gettext_lazy("Maintenance kind"),
                 "work_order__maintenance_kind_id", labels=maintenance_kind_labels)
LEVEL = Dimension("repair_level", gettext_lazy("Repair level"), "repair_level_id",
                  labels=repair_level_labels)


def _orders_link(category: str, *, closed: bool = False):
    """The work order list of the unit; it filters by the date a work order was opened, so it
    shows every work order opened by the end of the period."""

    def link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
        params: dict = {"unit": unit.pk, "category": category}
        if closed:
            params["status"] = WorkOrder.Status.CLOSED
        params["opened_to"] = _day_text(period.end)
        if where.get("repair_level"):
            params["repair_level"] = where["repair_level"]
        return f"{reverse('maintenance:work-order-list')}?{urlencode(params)}"

    return link


def _lines(unit: Unit) -> QuerySet:
    return (WorkOrderLine.objects.filter(work_order__unit__in=subtree_ids(unit),
                                         work_order__category=WorkOrder.Category.MAINTENANCE)
            .annotate(opened_on=F("work_order__opened_on"), closed_on=F("work_order__closed_on"))
            .select_related("work_order", "type", "item"))


LINES = {"unit": gettext_lazy("items"), "unit_code": "item", "direction": Direction.HIGHER,
         "dimensions": (KIND,), "path_field": "work_order__unit__path",
         "record_link": "work_order"}


@register("maintenance.done", name=gettext_lazy("Maintenance done"),
          definition=gettext_lazy(
              "Items (or quantities of a lot) maintained in the period: lines of the maintenance "
              "work orders of the subtree closed in the period, by maintenance kind."),
          kind=Kind.FLOW, date_field="closed_on",
          link=_orders_link(WorkOrder.Category.MAINTENANCE, closed=True), **LINES)
def done(unit: Unit, period: Period) -> QuerySet:
    return _lines(unit).filter(work_order__status=WorkOrder.Status.CLOSED,
                               work_order__closed_on__range=(period.start, period.end))


@register("maintenance.planned", name=gettext_lazy("Maintenance on the books"),
          definition=gettext_lazy(
              "Items (or quantities of a lot) the subtree had to maintain in the period: lines of "
              "its maintenance work orders opened by the end of the period and not closed before "
              "it began (carried over, opened in the period, done or still open), by "
              "maintenance kind. Maintenance due but with no work order opened is not counted "
              "here: see overdue maintenance."),
          kind=Kind.FLOW, date_field="opened_on",
          link=_orders_link(WorkOrder.Category.MAINTENANCE), **LINES)
def planned(unit: Unit, period: Period) -> QuerySet:
    return _lines(unit).filter(work_order__opened_on__lte=period.end).filter(
        Q(work_order__closed_on__isnull=True) | Q(work_order__closed_on__gte=period.start))


register_ratio("maintenance.done_vs_planned", numerator="maintenance.done",
               denominator="maintenance.planned",
               name=gettext_lazy("Maintenance done versus planned"),
               definition=gettext_lazy(
                   "Share of the maintenance on the books of the subtree in the period that was "
                   "done (its work order closed) in the period, in per cent: lines closed over "
                   "lines on the books, of all the units together."),
               unit="%", unit_code="percent", link=_orders_link(WorkOrder.Category.MAINTENANCE))


def _overdue_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    """The due list, which shows today's state."""
    params = {"unit": unit.pk, "state": DueState.OVERDUE}
    return f"{reverse('maintenance:due-list')}?{urlencode(params)}"


def _last_done(kinds: list[int], day: dt.date) -> Subquery:
    """The day the item's last maintenance of one of `kinds` was closed, by `day`."""
    return Subquery(WorkOrderLine.objects.filter(
        item=OuterRef("pk"), work_order__category=WorkOrder.Category.MAINTENANCE,
        work_order__status=WorkOrder.Status.CLOSED, work_order__closed_on__lte=day,
        work_order__maintenance_kind__in=kinds)
        .order_by("-work_order__closed_on").values("work_order__closed_on")[:1])


def _meter_total(meter_kind: int, day) -> Subquery:
    """The lifetime total of the item's meter at its last reading by `day` (a date or a
    reference to one)."""
    return Subquery(MeterReading.objects.filter(
        meter__item=OuterRef("pk"), meter__kind_id=meter_kind, read_on__lte=day)
        .order_by("-read_on", "-id").values("total")[:1])


def overdue_as_at(unit: Unit, day: dt.date) -> QuerySet:
    """Items held in the subtree at the end of `day` with a maintenance plan overdue that day,
    rebuilt from dated records the way the due list reads today's: the last maintenance of the
    plan's kind (or of a kind that includes it) is the last maintenance work order closed by
    that day, else the item's registration; the meter's use is its total at the last reading by
    that day less its total at that maintenance (or at its first reading)."""
    plans = list(MaintenancePlan.objects.filter(is_active=True).values(
        "type_id", "kind_id", "interval_months", "interval_days", "meter_kind_id",
        "interval_meter"))
    covering: dict[int, list[int]] = {plan["kind_id"]: [plan["kind_id"]] for plan in plans}
    for kind_id, covered_id in MaintenanceKind.covers.through.objects.filter(
            to_maintenancekind_id__in=covering).values_list("from_maintenancekind_id",
                                                             "to_maintenancekind_id"):
        covering[covered_id].append(kind_id)
    holder = (LedgerEntry.objects.filter(item=OuterRef("pk"), unit__in=subtree_ids(unit),
                                         effective_date__lte=day)
              .values("unit__path").annotate(held=Sum("quantity")).filter(held__gt=0)
              .order_by("unit__path").values("unit__path")[:1])
    registered = (LedgerEntry.objects.filter(item=OuterRef("pk")).values("item")
                  .annotate(first=Min("effective_date")).values("first"))
    items = (Item.objects.filter(type_id__in={plan["type_id"] for plan in plans})
             .annotate(holder_path=Subquery(holder)).filter(holder_path__isnull=False))
    if not plans:
        return items.none()
    annotations: dict = {}
    late = Q()
    for plan in plans:
        kind = plan["kind_id"]
        done = f"done_{kind}"
        annotations.setdefault(done, _last_done(covering[kind], day))
        annotations.setdefault(f"base_{kind}", Coalesce(F(done), Subquery(registered)))
        condition = Q()
        months, days = plan["interval_months"], plan["interval_days"]
        if months or days:
            cutoff = latest_base(day - dt.timedelta(days=1), months, days)
            condition |= Q(**{f"base_{kind}__lte": cutoff})
        if plan["meter_kind_id"] and plan["interval_meter"] is not None:
            meter = plan["meter_kind_id"]
            first = Meter.objects.filter(item=OuterRef("pk"), kind_id=meter).values(
                "first_total")[:1]
            annotations.setdefault(f"used_{kind}_{meter}", _meter_total(meter, day) - Coalesce(
                _meter_total(meter, OuterRef(done)), Subquery(first)))
            condition |= Q(**{f"used_{kind}_{meter}__gt": plan["interval_meter"]})
        if condition:
            late |= Q(type_id=plan["type_id"]) & condition
    return (items.annotate(**annotations).filter(late)
            .select_related("type").order_by("holder_path", "type__name", "serial"))


@register("maintenance.overdue", name=gettext_lazy("Items with overdue maintenance"),
          definition=gettext_lazy(
              "Items held by the subtree at the end of the period (today for a period not yet "
              "over) with at least one maintenance plan overdue that day: past its interval in "
              "time since the last maintenance of its kind closed by then (or since the item's "
              "registration), or past its interval on the meter as read by then. The plans are "
              "today's."),
          kind=Kind.STOCK, unit=gettext_lazy("items"), unit_code="item",
          direction=Direction.LOWER, path_field="holder_path", date_field=None,
          link=_overdue_link)
def overdue(unit: Unit, period: Period) -> QuerySet:
    return overdue_as_at(unit, min(period.end, timezone.localdate()))


@register("maintenance.repairs", name=gettext_lazy("Repairs done"),
          definition=gettext_lazy(
              "Repair work orders of the subtree closed in the period, by repair level (minor, "
              "medium, major)."),
          kind=Kind.FLOW, unit=gettext_lazy("work orders"), unit_code="work_order",
          direction=Direction.HIGHER, dimensions=(LEVEL,), date_field="closed_on",
          link=_orders_link(WorkOrder.Category.REPAIR, closed=True))
def repairs(unit: Unit, period: Period) -> QuerySet:
    return (WorkOrder.objects.filter(unit__in=subtree_ids(unit), status=WorkOrder.Status.CLOSED,
                                     category=WorkOrder.Category.REPAIR,
                                     closed_on__range=(period.start, period.end))
            .select_related("unit", "facility", "repair_level"))


@alert_source("maintenance_overdue")
def overdue_alert(unit: Unit) -> list[Alert]:
    count = due_list(unit, timezone.localdate(), state=DueState.OVERDUE).count()
    if not count:
        return []
    url = (f"{reverse('maintenance:due-list')}?"
           f"{urlencode({'unit': unit.pk, 'state': DueState.OVERDUE})}")
    return [Alert(source="maintenance_overdue", level="danger",
                  title=ngettext("%(count)s maintenance overdue",
                                 "%(count)s maintenances overdue", count) % {"count": count},
                  count=count, url=url,
                  detail=gettext_lazy("Items past their maintenance date or meter interval."))]
