"""The dashboard and the list of indicators. Every figure comes from the indicator registry;
this module only arranges the values and the links to the records behind them."""

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

from kythuat.catalog.models import UsageGroup
from kythuat.core.types import AuthedRequest
from kythuat.holdings.selectors import movement_list
from kythuat.org.models import Unit, User
from kythuat.org.selectors import unit_from_request

from . import alerts, registry
from .registry import Period

GRADE_COLOURS = ["#1f7a37", "#9ccc65", "#f5c518", "#f08c3c", "#c0271f"]  # as .grade-N badges
PICKER_LEVELS = 2  # the unit picker lists the user's unit and two levels below it
PICKER_LIMIT = 300
NBSP = "\u00a0"


def quantity(value: Any) -> Any:
    """A Decimal quantity without its trailing zeros: 12.000 → 12, 2.500 → 2.5."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


def _link(name: str, **params: Any) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def year_to_date() -> Period:
    today = timezone.localdate()
    return Period(dt.date(today.year, 1, 1), today)


def _picker(user: User, unit: Unit) -> list[Unit]:
    """Units offered by the picker: the user's unit and the levels below it, indented."""
    base_depth = user.unit.depth if user.unit_id else 0
    units = list(
        Unit.objects.visible_to(user)
        .active()
        .filter(depth__lte=base_depth + PICKER_LEVELS)[:PICKER_LIMIT]
    )
    if unit not in units:
        units.append(unit)
    for option in units:
        option.picker_label = NBSP * 3 * max(option.depth - base_depth, 0) + option.name
    return units


def _context(request: AuthedRequest) -> dict[str, Any]:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    return {
        "unit": unit,
        "units": _picker(request.user, unit),
        "ancestors": unit.ancestors(include_self=False).visible_to(request.user),
    }


def _kpi(code: str, value: Any, url: str, *, shown: Any = None) -> dict[str, Any]:
    indicator = registry.REGISTRY[code]
    return {
        "code": code,
        "name": indicator.name,
        "definition": indicator.definition,
        "measure": indicator.measure,
        "value": value,
        "shown": quantity(value) if shown is None else shown,
        "url": url,
    }


def _chart(
    kind: str,
    labels: list[str],
    values: list[Any],
    links: list[str],
    *,
    colours: list[str] | None = None,
    horizontal: bool = False,
) -> str:
    """A Chart.js config as JSON; `links` (one per bar) are followed on click."""
    dataset: dict[str, Any] = {
        "label": _("Quantity"),
        "data": [float(v) for v in values],
        "links": links,
    }
    if colours:
        dataset["backgroundColor"] = colours
    options: dict[str, Any] = {
        "plugins": {"legend": {"display": kind == "doughnut"}},
        "responsive": True,
    }
    if kind == "bar":
        options["scales"] = {"x": {"beginAtZero": True}, "y": {"beginAtZero": True}}
        if horizontal:
            options["indexAxis"] = "y"
    return json.dumps(
        {"type": kind, "data": {"labels": labels, "datasets": [dataset]}, "options": options}
    )


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    context = _context(request)
    unit, period = context["unit"], year_to_date()
    by_grade = registry.compute("holdings_by_grade", unit, period)
    by_branch = registry.compute("holdings_by_branch", unit, period)
    ready_group = UsageGroup.objects.filter(is_combat_ready=True).order_by("order").first()
    ready_filter = {"usage_group": ready_group.pk} if ready_group else {}
    grades = [
        {
            "grade": grade,
            "value": quantity(value),
            "url": _link("holdings:item-list", unit=unit.pk, grade=grade),
        }
        for grade, value in sorted(by_grade.items())
    ]
    branches = [
        {
            "name": row["type__branch__name"],
            "value": quantity(row["total"]),
            "url": _link("holdings:item-list", unit=unit.pk, branch=row["type__branch_id"]),
        }
        for row in by_branch
    ]
    kpis = [
        _kpi("holdings_total", registry.compute("holdings_total", unit, period),
             _link("holdings:balance-list", unit=unit.pk)),
        _kpi(
            "technical_coefficient",
            registry.compute("technical_coefficient", unit, period),
            _link("holdings:balance-list", unit=unit.pk),
        ),
        _kpi(
            "combat_readiness",
            registry.compute("combat_readiness", unit, period),
            _link("holdings:item-list", unit=unit.pk, **ready_filter),
        ),
        _kpi(
            "documents_posted",
            registry.compute("documents_posted", unit, period),
            _link(
                "holdings:movement-list",
                unit=unit.pk,
                status="posted",
                date_from=period.start.strftime("%d/%m/%Y"),
                date_to=period.end.strftime("%d/%m/%Y"),
            ),
        ),
    ]
    grade_labels = [_("Grade %(grade)s") % {"grade": row["grade"]} for row in grades]
    context.update(
        {
            "period": period,
            "kpis": kpis,
            "grades": grades,
            "branches": branches,
            "grade_chart": _chart(
                "bar",
                grade_labels,
                [row["value"] for row in grades],
                [row["url"] for row in grades],
                colours=GRADE_COLOURS,
            ),
            "branch_chart": _chart(
                "bar",
                [row["name"] for row in branches],
                [row["value"] for row in branches],
                [row["url"] for row in branches],
                horizontal=True,
            ),
            "grade_help": registry.REGISTRY["holdings_by_grade"].definition,
            "branch_help": registry.REGISTRY["holdings_by_branch"].definition,
            "movements": movement_list(user=request.user, filters={"unit": str(unit.pk)})[:10],
            "movements_url": _link("holdings:movement-list", unit=unit.pk),
        }
    )
    return render(request, "indicators/home.html", context)


def _display(value: Any) -> list[tuple[str, Any]] | Any:
    """A value of any indicator as text or as (label, number) pairs."""
    if isinstance(value, dict):
        return [(str(key), quantity(number)) for key, number in value.items()]
    if isinstance(value, list):
        pairs = []
        for row in value:
            label = next((v for k, v in row.items() if k.endswith("name")), "")
            pairs.append((str(label), quantity(row.get("total", ""))))
        return pairs
    return quantity(value)


@login_required
def indicator_list(request: AuthedRequest) -> HttpResponse:
    context = _context(request)
    period = year_to_date()
    rows = []
    for indicator in registry.REGISTRY.values():
        value = _display(registry.compute(indicator.code, context["unit"], period))
        rows.append({"indicator": indicator, "value": value, "is_list": isinstance(value, list)})
    context.update({"rows": rows, "period": period})
    return render(request, "indicators/indicator_list.html", context)


@login_required
def unit_summary(request: AuthedRequest) -> HttpResponse:
    """Holdings of a unit subtree by grade, for the unit page (loaded with htmx)."""
    unit = unit_from_request(request.user, request.GET.get("unit"))
    period = year_to_date()
    by_grade = registry.compute("holdings_by_grade", unit, period)
    context = {
        "unit": unit,
        "grades": [
            {
                "grade": grade,
                "value": quantity(value),
                "url": _link("holdings:item-list", unit=unit.pk, grade=grade),
            }
            for grade, value in sorted(by_grade.items())
        ],
        "total": quantity(registry.compute("holdings_total", unit, period)),
        "coefficient": quantity(registry.compute("technical_coefficient", unit, period)),
        "coefficient_help": registry.REGISTRY["technical_coefficient"].definition,
        "grade_help": registry.REGISTRY["holdings_by_grade"].definition,
        "balances_url": _link("holdings:balance-list", unit=unit.pk),
    }
    return render(request, "indicators/_unit_summary.html", context)


@login_required
def alert_panel(request: AuthedRequest) -> HttpResponse:
    """The dashboard's alerts for a unit subtree, loaded after the page: at the top of the
    army every source counts over a million items, and the page should not wait for it."""
    unit = unit_from_request(request.user, request.GET.get("unit"))
    return render(request, "indicators/_alerts.html", {"unit": unit,
                                                       "alerts": alerts.collect(unit)})
