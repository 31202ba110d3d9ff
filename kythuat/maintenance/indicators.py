"""Maintenance indicators (done versus planned, overdue work, repairs by level) and the
dashboard's alert source for overdue maintenance."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Period, register
from kythuat.org.models import Unit

from .models import RepairLevel, WorkOrder, WorkOrderLine
from .selectors import DueState, due_list


def _closed_in(unit: Unit, period: Period):
    return WorkOrder.objects.filter(unit__in=Unit.objects.within(unit).values("pk"),
                                    status=WorkOrder.Status.CLOSED,
                                    closed_on__range=(period.start, period.end))


@register("maintenance_done", name=gettext_lazy("Maintenance done"),
          definition=gettext_lazy("Items maintained in the period: lines of maintenance work "
                                  "orders of the subtree closed in the period."),
          measure=gettext_lazy("items"))
def maintenance_done(unit: Unit, period: Period) -> int:
    return WorkOrderLine.objects.filter(
        work_order__in=_closed_in(unit, period).filter(
            category=WorkOrder.Category.MAINTENANCE)).count()


@register("maintenance_overdue", name=gettext_lazy("Overdue maintenance"),
          definition=gettext_lazy("Maintenance of the items of the subtree past its due date or "
                                  "past its interval on the meter, at the end of the period "
                                  "(today for a period not yet over)."),
          measure=gettext_lazy("items × kinds"))
def maintenance_overdue(unit: Unit, period: Period) -> int:
    day = min(period.end, timezone.localdate())
    return due_list(unit, day, state=DueState.OVERDUE).count()


@register("maintenance_done_vs_planned", name=gettext_lazy("Maintenance done versus planned"),
          definition=gettext_lazy("Maintenance done in the period divided by the maintenance "
                                  "planned: what was done plus what is still due at the end of "
                                  "the period (by time or by meter), in per cent."),
          measure="%")
def maintenance_done_vs_planned(unit: Unit, period: Period) -> Decimal | None:
    done = maintenance_done(unit, period)
    day = min(period.end, timezone.localdate())
    planned = done + due_list(unit, day, state=DueState.DUE).count()
    if not planned:
        return None
    return (Decimal(100) * done / planned).quantize(Decimal("0.1"))


@register("repairs_by_level", name=gettext_lazy("Repairs by level"),
          definition=gettext_lazy("Repair work orders of the subtree closed in the period, by "
                                  "repair level (minor, medium, major)."),
          measure=gettext_lazy("work orders"))
def repairs_by_level(unit: Unit, period: Period) -> dict[str, int]:
    counts = dict(_closed_in(unit, period).filter(category=WorkOrder.Category.REPAIR)
                  .values_list("repair_level").annotate(n=Count("pk")).order_by())
    return {level.name: counts.get(level.pk, 0) for level in RepairLevel.objects.all()}


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
