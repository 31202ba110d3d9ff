"""The dashboard: a unit's headline figures for a period, every one from the indicator registry
and every one opening the records behind it."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.types import AuthedRequest
from kythuat.holdings.selectors import movement_list
from kythuat.org.selectors import unit_from_request

from .. import alerts, registry
from ..links import indicator_url, opening_url, records_url
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
           colours: list[str] | None = None, horizontal: bool = False,
           label: str | None = None, percent: bool = False) -> str:
    """A Chart.js config of one dataset as JSON; `links` (one per bar) are followed on click."""
    dataset: dict[str, Any] = {"label": label or _("Quantity"), "data": _numbers(values),
                               "links": links}
    if colours:
        dataset["backgroundColor"] = colours
    return _config(kind, labels, [dataset], horizontal=horizontal, percent=percent,
                   legend=kind == "doughnut")


def _numbers(values: list[Any]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _config(kind: str, labels: list[str], datasets: list[dict[str, Any]], *,
            horizontal: bool = False, percent: bool = False, stacked: bool = False,
            legend: bool = True, limits: list[dict[str, Any]] | None = None) -> str:
    """Chart.js config as JSON. static/js/app.js writes the numbers the Vietnamese way, labels
    every bar and every point with its value, and draws the `limits` as dashed lines."""
    options: dict[str, Any] = {"plugins": {"legend": {"display": legend,
                                                      "position": "bottom"}},
                               "responsive": True,
                               # room for the value written at the end of each bar
                               "layout": {"padding": {"left": 0 if horizontal else 16,
                                                      "right": 48 if horizontal else 24,
                                                      "top": 0 if horizontal else 18}}}
    if kind in ("bar", "line"):
        value_scale: dict[str, Any] = {"beginAtZero": True, "stacked": stacked,
                                       "grace": "8%"}
        if percent:  # a share never passes 100 %
            value_scale = {"beginAtZero": True, "stacked": stacked, "max": 100}
        options["scales"] = {"x": {"stacked": stacked}, "y": {"stacked": stacked}}
        options["scales"]["x" if horizontal else "y"].update(value_scale)
        if horizontal:
            options["indexAxis"] = "y"
    if stacked:  # the values of a stack are read in the tooltip; the total is the bar's end
        for dataset in datasets:
            dataset["noLabels"] = True
    config: dict[str, Any] = {"type": kind, "data": {"labels": labels, "datasets": datasets},
                              "options": options, "percent": percent}
    if limits:
        config["limits"] = limits
    return json.dumps(config)


YEARS = 5  # the charts over the years show this year and the four before it


def _years(period: Period) -> list[Period]:
    """This year to date (or the period's year) and the years before it."""
    last = period.end.year
    today = timezone.localdate()
    return [Period.year_to_date() if year == today.year else Period.year(year)
            for year in range(last - YEARS + 1, last + 1) if year <= today.year]


def readiness_over_years(unit, period: Period) -> str:
    """Technical coefficient and SSCĐ readiness at the end of each year."""
    years = _years(period)
    datasets = []
    for code in ("holdings.technical_coefficient", "holdings.combat_readiness"):
        values = [registry.compute(code, unit, year, breakdown=False).total for year in years]
        datasets.append({"label": str(registry.get(code).name), "data": _numbers(values),
                         "links": [indicator_url(code, unit, year) for year in years],
                         "tension": 0.2, "fill": False})
    return _config("line", [str(year.end.year) for year in years], datasets, percent=True)


def readiness_by_subordinate(unit, period: Period) -> tuple[str, int]:
    """Technical coefficient and SSCĐ readiness of each direct subordinate (with its subtree),
    and how many rows the chart has (its height follows)."""
    labels: list[str] = []
    datasets = []
    for code in ("holdings.technical_coefficient", "holdings.combat_readiness"):
        rows, _total = registry.by_subordinates(code, unit, period, breakdown=False)
        rows = [row for row in rows if row.value.total is not None]
        if not labels:
            labels = [_("%(unit)s (own)") % {"unit": row.unit.name} if row.is_self
                      else row.unit.name for row in rows]
        datasets.append({"label": str(registry.get(code).name),
                         "data": _numbers([row.value.total for row in rows]),
                         "links": [indicator_url(code, row.unit, period) for row in rows]})
    return _config("bar", labels, datasets, horizontal=True, percent=True), len(labels)


def investment_by_source(unit, period: Period) -> str | None:
    """Money invested in facilities each year, stacked by funding source, in millions of VND."""
    years = _years(period)
    values = [registry.compute("storage.investment", unit, year) for year in years]
    sources: dict[Any, str] = {}
    for value in values:
        for row in value.by("funding_source"):
            if row.value:
                sources.setdefault(row.key[0], row.labels[0])
    if not sources:
        return None
    million = Decimal(1_000_000)
    datasets = []
    for key, name in sources.items():
        by_key = [{row.key[0]: row.value for row in value.by("funding_source")} for value in values]
        datasets.append({
            "label": name,
            "data": _numbers([(row.get(key) or 0) / million for row in by_key]),
            "links": [records_url("storage.investment", unit, year, {"funding_source": key})
                      for year in years]})
    return _config("bar", [str(year.end.year) for year in years], datasets, stacked=True)


def accidents_over_years(unit, period: Period) -> str:
    """Traffic accidents, deaths and injuries, year on year."""
    years = _years(period)
    datasets = []
    for code in ("vehicles.accidents", "vehicles.deaths", "vehicles.injuries"):
        indicator = registry.get(code)
        datasets.append({
            "label": str(indicator.name),
            "data": _numbers([registry.compute(code, unit, year, breakdown=False).total
                              for year in years]),
            "links": [opening_url(indicator, unit, year) for year in years]})
    return _config("bar", [str(year.end.year) for year in years], datasets)


def ammunition_expiry(unit, period: Period) -> str | None:
    """Ammunition lots on hand by the year they expire: past years first (red), then this year
    (amber) and the years to come (green)."""
    code = "ammunition.lots_on_hand"
    rows = [row for row in registry.compute(code, unit, period).by("expiry_year") if row.value]
    if not rows:
        return None
    this_year = period.end.year
    colours = ["#c0271f" if (row.key[0] or 0) < this_year else
               "#f08c3c" if row.key[0] == this_year else "#1f7a37" for row in rows]
    return _chart("bar", [str(row.key[0]) for row in rows], [row.value for row in rows],
                  [records_url(code, unit, period, {"expiry_year": row.key[0]}) for row in rows],
                  colours=colours, label=str(registry.get(code).unit))


READINGS_SHOWN = 12  # facilities in the conditions chart, those out of limits first


def _short(name: str, length: int = 24) -> str:
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


def facility_conditions(user, unit, period: Period) -> tuple[str, str] | None:
    """The latest temperature and humidity reading of the subtree's facilities up to the end of
    the period, each beside its limits (readings are measurements, not figures to add up, so
    they are shown as recorded)."""
    from kythuat.storage.selectors import reading_list

    since = period.end - dt.timedelta(days=90)
    readings = reading_list(user=user, filters={
        "unit": str(unit.pk), "date_from": since.strftime("%d/%m/%Y"),
        "date_to": period.end.strftime("%d/%m/%Y")}).order_by("facility_id", "-taken_at")
    latest: dict[int, Any] = {}
    for reading in readings.iterator():
        latest.setdefault(reading.facility_id, reading)
    if not latest:
        return None
    shown = sorted(latest.values(), key=lambda r: (not r.is_out_of_limits, r.facility.name))
    shown = shown[:READINGS_SHOWN]
    labels = [_short(r.facility.name) for r in shown]
    list_url = reverse("storage:reading-list")
    links = [f"{list_url}?{urlencode({'facility': r.facility_id})}" for r in shown]

    def limit(label: str, values: list[Any]) -> dict[str, Any]:
        return {"type": "line", "label": label, "data": _numbers(values), "links": links,
                "showLine": False, "pointStyle": "line", "pointRadius": 14,
                "pointBorderWidth": 3, "borderColor": "#c0271f", "backgroundColor": "#c0271f",
                "noLabels": True}

    temperature = _config("bar", labels, [
        {"label": _("Temperature (°C)"), "data": _numbers([r.temperature for r in shown]),
         "links": links, "backgroundColor": ["#c0271f" if r.is_out_of_limits else "#5b7fa6"
                                             for r in shown]},
        limit(_("Highest allowed"), [r.max_temperature for r in shown]),
        limit(_("Lowest allowed"), [r.min_temperature for r in shown]),
    ])
    humidity = _config("bar", labels, [
        {"label": _("Humidity (%)"), "data": _numbers([r.humidity for r in shown]),
         "links": links, "backgroundColor": ["#c0271f" if r.is_out_of_limits else "#4f8f8a"
                                             for r in shown]},
        limit(_("Highest allowed"), [r.max_humidity for r in shown]),
    ])
    return temperature, humidity


def breakdown(code: str, unit, period: Period, dimension: str) -> list[dict[str, Any]]:
    """One dimension of a value, each row opening the list it came from: the app's screen
    (the item list today, the balances as at a past date), else (or seen as the organisation
    is) the records page."""
    indicator = registry.get(code)
    value = registry.compute(code, unit, period)

    return [{"key": row.key[0], "label": row.labels[0], "value": quantity(row.value),
             "url": opening_url(indicator, unit, period, {dimension: row.key[0]})}
            for row in value.by(dimension)]


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
        "branch_height": max(len(branches) * 30 + 40, 160),
        "grade_help": on_hand.definition,
        "movements": movement_list(user=request.user, filters={
            "unit": str(unit.pk), **movements_params})[:10],
        "movements_url": f"{reverse('holdings:movement-list')}?{urlencode(movements_params)}",
    })
    return render(request, "indicators/home.html", context)


@login_required
@memoised
def charts(request: AuthedRequest) -> HttpResponse:
    """The dashboard's charts over the years and by subordinate, loaded after the page."""
    context = screen_context(request, Period.year_to_date())
    unit, period = context["unit"], context["period"]
    subordinate_chart, subordinate_rows = readiness_by_subordinate(unit, period)
    context.update({
        "subordinate_chart": subordinate_chart,
        "subordinate_height": max(subordinate_rows * 44 + 60, 160),
        "readiness_years_chart": readiness_over_years(unit, period),
        "investment_chart": investment_by_source(unit, period),
        "accidents_chart": accidents_over_years(unit, period),
        "expiry_chart": ammunition_expiry(unit, period),
        "conditions": facility_conditions(request.user, unit, period),
    })
    return render(request, "indicators/_dashboard_charts.html", context)


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
