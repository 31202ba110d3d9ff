"""The indicators: every registered one with its value for a unit and a period, one indicator
with its breakdown and its value for each subordinate unit, and the records behind a value."""

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kythuat.core.inputs import beyond_the_database
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest

from .. import registry
from ..links import app_url, indicator_url, records_url
from ..periods import Period
from ..registry import Indicator, Kind
from .common import memoised, quantity, screen_context, shown

APP_TITLES = {  # the section of the indicator list each code prefix falls under
    "holdings": gettext_lazy("Holdings"), "storage": gettext_lazy("Facilities"),
    "maintenance": gettext_lazy("Maintenance and repair"), "vehicles": gettext_lazy("Vehicles"),
    "ammunition": gettext_lazy("Ammunition"), "stocktake": gettext_lazy("Stocktakes"),
    "entered": gettext_lazy("Entered by units"),
}


def _indicator(code: str) -> Indicator:
    try:
        return registry.get(code)
    except KeyError:
        raise Http404 from None


def _section(code: str) -> str:
    """The section an indicator is listed under: the title of its app, never the code."""
    prefix = code.split(".", 1)[0]
    if prefix in APP_TITLES:
        return str(APP_TITLES[prefix])
    try:
        return str(apps.get_app_config(prefix).verbose_name)
    except LookupError:
        return _("Other indicators")


@login_required
@memoised
def indicator_list(request: AuthedRequest) -> HttpResponse:
    context = screen_context(request, Period.year_to_date())
    unit, period = context["unit"], context["period"]
    sections: dict[str, list[dict[str, Any]]] = {}
    for indicator in registry.all_indicators():
        value = registry.compute(indicator.code, unit, period)
        sections.setdefault(_section(indicator.code), []).append({
            "indicator": indicator, "value": shown(value.total, indicator),
            "url": indicator_url(indicator.code, unit, period),
            "records_url": records_url(indicator.code, unit, period),
        })
    context["sections"] = sections
    return render(request, "indicators/indicator_list.html", context)


def _breakdowns(indicator: Indicator, value: registry.Value, unit, period: Period
                ) -> list[dict[str, Any]]:
    source = registry.get(indicator.denominator) if indicator.kind == Kind.RATIO else indicator  # type: ignore[arg-type]
    tables = []
    for dimension in source.dimensions:
        rows = [{"label": row.labels[0], "value": shown(row.value, indicator),
                 "numerator": quantity(row.numerator), "denominator": quantity(row.denominator),
                 "url": records_url(indicator.code, unit, period, {dimension.name: row.key[0]})}
                for row in value.by(dimension.name)]
        tables.append({"dimension": dimension, "rows": rows})
    return tables


@login_required
@memoised
def indicator_detail(request: AuthedRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    context = screen_context(request, Period.year_to_date())
    unit, period = context["unit"], context["period"]
    subordinates, total = registry.by_subordinates(code, unit, period)
    rows = [{"unit": row.unit, "is_self": row.is_self, "value": shown(row.value.total, indicator),
             "numerator": quantity(row.value.numerator),
             "denominator": quantity(row.value.denominator),
             "url": indicator_url(code, row.unit, period) if not row.is_self else None,
             "records_url": records_url(code, row.unit, period)}
            for row in subordinates]
    parts = [registry.get(part) for part in indicator.parts]
    context.update({
        "indicator": indicator,
        "value": total,
        "shown": shown(total.total, indicator),
        "numerator": quantity(total.numerator),
        "denominator": quantity(total.denominator),
        "parts": parts,
        "breakdowns": _breakdowns(indicator, total, unit, period),
        "rows": rows,
        "records_url": records_url(code, unit, period),
        "part_urls": [records_url(code, unit, period, part=part)
                      for part in ("numerator", "denominator")] if parts else [],
        "app_url": app_url(indicator, unit, period),
    })
    return render(request, "indicators/indicator_detail.html", context)


def _where(indicator: Indicator, params) -> dict[str, object]:
    """The breakdown row asked for (`by_grade=2`); keys are compared as the records hold them."""
    source = registry.get(indicator.denominator) if indicator.kind == Kind.RATIO else indicator  # type: ignore[arg-type]
    where: dict[str, object] = {}
    for dimension in source.dimensions:
        raw = params.get(f"by_{dimension.name}")
        if raw in (None, ""):
            continue
        if beyond_the_database(raw):  # no record holds it; SQLite would overflow comparing it
            raise ValueError(raw)
        where[dimension.name] = raw
    return where


def _amount(record: Any, indicator: Indicator) -> Any:
    return quantity(getattr(record, indicator.amount)) if indicator.amount else 1


@login_required
@memoised
def indicator_records(request: AuthedRequest) -> HttpResponse:
    """The records behind a value: they add up to the figure shown everywhere else."""
    indicator = _indicator(request.GET.get("code", ""))
    context = screen_context(request, Period.year_to_date())
    unit, period = context["unit"], context["period"]
    part = request.GET.get("part", "")
    part = part if part in ("numerator", "denominator") else ""
    counted = registry.get(indicator.numerator if part == "numerator" else indicator.denominator  # type: ignore[arg-type]
                           ) if indicator.kind == Kind.RATIO else indicator
    try:
        where = _where(indicator, request.GET)
        queryset = registry.records(indicator.code, unit, period, where=where, part=part)
        page = paginate(request, queryset.order_by(*([f"-{counted.date_field}"]
                                                      if counted.date_field else []), "-pk"))
    except (ValueError, TypeError, OverflowError, ValidationError):
        # a breakdown key the records cannot hold (`by_grade=abc`): said, not a 500 or a 404
        return HttpResponseBadRequest(_("The breakdown row asked for does not exist."))
    rows = []
    for record in page.object_list:
        target = getattr(record, counted.record_link) if counted.record_link else record
        rows.append({"record": record, "text": str(record),
                     "url": target.get_absolute_url() if hasattr(target, "get_absolute_url")
                     else "",
                     "date": getattr(record, counted.date_field) if counted.date_field else None,
                     "unit": getattr(record, "unit", None), "amount": _amount(record, counted)})
    total = registry.compute(counted.code, unit, period)
    if where:
        total_value = sum((row.value or 0 for row in total.rows
                           if all(str(row.key[total.dimensions.index(name)]) == str(key)
                                  for name, key in where.items())), Decimal(0))
    else:
        total_value = total.total
    context.update({
        "indicator": indicator, "counted": counted, "part": part, "where": where,
        "page": page, "rows": rows, "total": quantity(total_value),
        "indicator_url": indicator_url(indicator.code, unit, period),
        "app_url": app_url(counted, unit, period, where),
    })
    return render(request, "indicators/indicator_records.html", context)
