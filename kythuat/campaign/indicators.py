"""Campaign 50 figures for dashboards, targets and reviews: the score sheets closed by the
higher level in a period (a flow, dated by the scoring date)."""

from collections.abc import Mapping
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.indicators.registry import Direction, Kind, Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Sheet


def _link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params: dict = {"unit": unit.pk, "status": Sheet.Status.SCORED}
    if period.start.year == period.end.year:
        params["year"] = period.start.year - 1  # a year is scored early in the next one
    return f"{reverse('campaign:sheet-list')}?{urlencode(params)}"


@register("campaign.sheets_scored", name=_("Campaign 50 sheets scored"),
          definition=_("Score sheets of the units of the subtree that the higher level scored "
                       "and closed in the period (dated by the scoring date)."),
          kind=Kind.FLOW, unit=_("sheets"), unit_code="sheet", direction=Direction.HIGHER,
          date_field="scored_on", link=_link)
def sheets_scored(unit: Unit, period: Period) -> QuerySet:
    return (Sheet.objects.filter(unit__in=subtree_ids(unit), status=Sheet.Status.SCORED,
                                 scored_on__range=(period.start, period.end))
            .select_related("unit", "phase"))
