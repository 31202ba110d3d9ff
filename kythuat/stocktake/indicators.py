"""Stocktake indicators and the dashboard's alerts about open stocktakes."""

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import CountLine, Stocktake


def _list_url(unit: Unit, **params) -> str:
    return f"{reverse('stocktake:stocktake-list')}?{urlencode({'unit': unit.pk, **params})}"


@register("stocktakes_approved", name=_("Stocktakes approved"),
          definition=_("Stocktakes of units of the subtree, as at a date in the period, whose "
                       "results were approved."),
          measure=_("stocktakes"))
def stocktakes_approved(unit: Unit, period: Period) -> int:
    return Stocktake.objects.filter(unit__in=subtree_ids(unit), status="approved",
                                    as_of__range=(period.start, period.end)).count()


@register("stocktake_shortage_lines", name=_("Stocktake lines short of the books"),
          definition=_("Lines of approved stocktakes of the subtree, as at a date in the "
                       "period, where less was counted than the books held."),
          measure=_("lines"))
def stocktake_shortage_lines(unit: Unit, period: Period) -> int:
    lines = CountLine.objects.filter(
        sheet__stocktake__unit__in=subtree_ids(unit), sheet__stocktake__status="approved",
        sheet__stocktake__as_of__range=(period.start, period.end))
    return lines.filter(counted__lt=F("booked")).count()


@alert_source("stocktakes_open")
def open_alerts(unit: Unit) -> list[Alert]:
    open_ones = Stocktake.objects.filter(unit__in=subtree_ids(unit),
                                         status__in=("counting", "counted"))
    count = open_ones.count()
    if not count:
        return []
    lines = CountLine.objects.filter(sheet__stocktake__in=open_ones)
    left = lines.filter(counted__isnull=True).count()
    return [Alert(source="stocktakes_open", level="warning", count=count,
                  title=ngettext("%(count)s stocktake open: postings in its units wait",
                                 "%(count)s stocktakes open: postings in their units wait",
                                 count) % {"count": count},
                  url=_list_url(unit),
                  detail=ngettext("%(count)s line still to count",
                                  "%(count)s lines still to count", left) % {"count": left})]


