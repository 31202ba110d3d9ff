"""The dashboard: a unit's headline figures for a period, every one from the indicator registry
and every one opening the records behind it."""

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kythuat.core.types import AuthedRequest
from kythuat.holdings.selectors import movement_list
from kythuat.org.selectors import unit_from_request

from .. import alerts, registry
from ..links import indicator_url, records_url
from ..periods import Period
from .common import memoised, quantity, screen_context, shown

GRADE_COLOURS = ["#1f7a37", "#9ccc65", "#f5c518", "#f08c3c", "#c0271f"]  # as .grade-N badges
KPIS = ("holdings.on_hand", "holdings.technical_coefficient", "holdings.combat_readiness",
        "holdings.documents_posted")


def kpi(code: str, unit, period: Period) -> dict[str, Any]:
    indicator = registry.get(code)
    value = registry.compute(code, unit, period)
    return {
        "code": code,
        "name": indicator.name,
        "definition": indicator.definition,
        "measure": indicator.unit,
        "is_percent": indicator.unit_code == "percent",
        "value": value.total,
        "shown": shown(value.total, indicator),
        "url": indicator_url(code, unit, period),
        "records_url": records_url(code, unit, period),
    }


def _chart(kind: str, labels: list[str], values: list[Any], links: list[str], *,
           colours: list[str] | None = None, horizontal: bool = False) -> str:
    """A Chart.js config as JSON; `links` (one per bar) are followed on click."""
    dataset: dict[str, Any] = {"label": _("Quantity"), "data": [float(v or 0) for v in values],
                               "links": links}
    if colours:
        dataset["backgroundColor"] = colours
    options: dict[str, Any] = {"plugins": {"legend": {"display": kind == "doughnut"}},
                               "responsive": True}
    if kind == "bar":
        options["scales"] = {"x": {"beginAtZero": True}, "y": {"beginAtZero": True}}
        if horizontal:
            options["indexAxis"] = "y"
    return json.dumps(
        {"type": kind, "data": {"labels": labels, "datasets": [dataset]}, "options": options})


def breakdown(code: str, unit, period: Period, dimension: str) -> list[dict[str, Any]]:
    """One dimension of a value, each row opening the list it came from: the app's screen
    (the item list today, the balances as at a past date), else the records page."""
    indicator = registry.get(code)
    value = registry.compute(code, unit, period)

    def link(key: object) -> str:
        if indicator.link is not None:
            return indicator.link(unit, period, {dimension: key})
        return records_url(code, unit, period, {dimension: key})

    return [{"key": row.key[0], "label": row.labels[0], "value": quantity(row.value),
             "url": link(row.key[0])} for row in value.by(dimension)]


@login_required
@memoised
def home(request: AuthedRequest) -> HttpResponse:
    context = screen_context(request, Period.year_to_date())
    unit, period = context["unit"], context["period"]
    grades = breakdown("holdings.on_hand", unit, period, "grade")
    branches = breakdown("holdings.on_hand", unit, period, "branch")
    on_hand = registry.get("holdings.on_hand")
    movements_params = {"unit": unit.pk, "date_from": period.start.strftime("%d/%m/%Y"),
                        "date_to": period.end.strftime("%d/%m/%Y")}
    context.update({
        "kpis": [kpi(code, unit, period) for code in KPIS],
        "grades": grades,
        "branches": branches,
        "grade_chart": _chart("bar", [row["label"] for row in grades],
                              [row["value"] for row in grades], [row["url"] for row in grades],
                              colours=GRADE_COLOURS),
        "branch_chart": _chart("bar", [row["label"] for row in branches],
                               [row["value"] for row in branches],
                               [row["url"] for row in branches], horizontal=True),
        "grade_help": on_hand.definition,
        "movements": movement_list(user=request.user, filters={
            "unit": str(unit.pk), **movements_params})[:10],
        "movements_url": f"{reverse('holdings:movement-list')}?{urlencode(movements_params)}",
    })
    return render(request, "indicators/home.html", context)


@login_required
@memoised
def unit_summary(request: AuthedRequest) -> HttpResponse:
    """Holdings of a unit subtree by grade today, for the unit page (loaded with htmx)."""
    unit = unit_from_request(request.user, request.GET.get("unit"))
    period = Period.year_to_date()
    coefficient = registry.compute("holdings.technical_coefficient", unit, period)
    context = {
        "unit": unit,
        "grades": breakdown("holdings.on_hand", unit, period, "grade"),
        "total": quantity(coefficient.denominator),
        "coefficient": coefficient.total,
        "coefficient_help": registry.get("holdings.technical_coefficient").definition,
        "grade_help": registry.get("holdings.on_hand").definition,
        "total_url": records_url("holdings.on_hand", unit, period),
        "coefficient_url": indicator_url("holdings.technical_coefficient", unit, period),
    }
    return render(request, "indicators/_unit_summary.html", context)


@login_required
def alert_panel(request: AuthedRequest) -> HttpResponse:
    """The dashboard's alerts for a unit subtree, loaded after the page: at the top of the
    army every source counts over a million items, and the page should not wait for it."""
    unit = unit_from_request(request.user, request.GET.get("unit"))
    return render(request, "indicators/_alerts.html", {"unit": unit,
                                                       "alerts": alerts.collect(unit)})
