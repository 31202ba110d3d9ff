"""Entered indicators in the registry: each active EnteredIndicator row is an indicator
"entered.<code>" whose records are the confirmed figures of the subtree.

A flow adds the figures whose period lies inside the asked period. A stock takes, for each unit,
its latest confirmed figure whose period ends on or before the asked period's end, and adds those
up the tree."""

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import EnteredIndicator, EnteredValue
from .periods import Period
from .registry import PROVIDERS, Direction, Indicator, Kind

PREFIX = "entered."


def _records(indicator_id: int, kind: str):
    def records(unit: Unit, period: Period) -> QuerySet:
        confirmed = EnteredValue.objects.filter(indicator_id=indicator_id,
                                                status=EnteredValue.Status.CONFIRMED)
        if kind == EnteredIndicator.Kind.FLOW:
            found = confirmed.filter(unit__in=subtree_ids(unit), period_start__gte=period.start,
                                     period_end__lte=period.end)
        else:
            latest = (confirmed.filter(unit=OuterRef("unit"), period_end__lte=period.end)
                      .order_by("-period_end", "-pk").values("pk")[:1])
            found = confirmed.filter(unit__in=subtree_ids(unit), period_end__lte=period.end,
                                     pk=Subquery(latest))
        return found.select_related("unit", "indicator")

    return records


def _link(indicator_id: int, kind: str):
    def link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
        dates = period.as_params()
        if kind == EnteredIndicator.Kind.STOCK:  # the latest figure may be of an earlier period
            dates.pop("from")
        params = {"indicator": indicator_id, "unit": unit.pk, "status": "confirmed", **dates}
        return f"{reverse('dashboard:entered-list')}?{urlencode(params)}"

    return link


def as_indicator(row: EnteredIndicator) -> Indicator:
    return Indicator(
        code=row.registry_code, name=row.name, definition=row.definition,
        unit=row.unit_of_measure, unit_code=row.unit_of_measure,
        kind=Kind.FLOW if row.kind == EnteredIndicator.Kind.FLOW else Kind.STOCK,
        direction=Direction(row.direction), records=_records(row.pk, row.kind), amount="value",
        date_field="period_end", link=_link(row.pk, row.kind), entered=True)


def entered_indicators() -> Iterable[Indicator]:
    return [as_indicator(row) for row in EnteredIndicator.objects.filter(is_active=True)]


PROVIDERS.append(entered_indicators)
