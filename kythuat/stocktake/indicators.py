"""Stocktake indicators (stocktakes approved, lines short of the books) and the dashboard's
alerts about open stocktakes.

Both indicators are flows dated by the stocktake's own date (`as_of`, the day the books were
counted as at), so a stocktake approved late still counts in the period it counted.
"""

from collections.abc import Mapping
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Direction, Kind, Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import CountLine, Stocktake


def _list_url(unit: Unit, **params) -> str:
    return f"{reverse('stocktake:stocktake-list')}?{urlencode({'unit': unit.pk, **params})}"


def _approved_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    """The stocktake list filters by one year: the period's, when it lies in one year."""
    params: dict = {"status": Stocktake.Status.APPROVED}
    if period.start.year == period.end.year:
        params["year"] = period.start.year
    return _list_url(unit, **params)


@register("stocktake.approved", name=_("Stocktakes approved"),
          definition=_("Stocktakes of units of the subtree counted as at a date in the period "
                       "whose results were approved (one record, one stocktake)."),
          kind=Kind.FLOW, unit=_("stocktakes"), unit_code="stocktake",
          direction=Direction.HIGHER, date_field="as_of", link=_approved_link)
def approved(unit: Unit, period: Period) -> QuerySet:
    return (Stocktake.objects.filter(unit__in=subtree_ids(unit), status=Stocktake.Status.APPROVED,
                                     as_of__range=(period.start, period.end))
            .select_related("unit"))


@register("stocktake.shortage_lines", name=_("Stocktake lines short of the books"),
          definition=_("Lines of the approved stocktakes of the subtree counted as at a date in "
                       "the period where less was counted than the books held."),
          kind=Kind.FLOW, unit=_("lines"), unit_code="line", direction=Direction.LOWER,
          path_field="sheet__stocktake__unit__path", date_field="stocktake_as_of",
          record_link="sheet", link=_approved_link)
def shortage_lines(unit: Unit, period: Period) -> QuerySet:
    return (CountLine.objects.filter(
        sheet__stocktake__unit__in=subtree_ids(unit),
        sheet__stocktake__status=Stocktake.Status.APPROVED,
        sheet__stocktake__as_of__range=(period.start, period.end), counted__lt=F("booked"))
        .annotate(stocktake_as_of=F("sheet__stocktake__as_of"))
        .select_related("sheet", "type"))


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
