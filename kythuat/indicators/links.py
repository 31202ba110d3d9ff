"""Addresses of the indicator screens, for any page or document that shows a figure.

A link keeps the view of the request it is built in (`registry.use_view`): a page seen "as the
organisation is" links to records, subordinates and other indicators seen the same way, so the
user stays in the view they chose. "As it was" is the default and adds nothing to a link."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from kythuat.org.models import Unit

from .periods import Period, View
from .registry import Indicator, current_view


def view_params(view: View | None = None) -> dict[str, str]:
    """The `view` parameter of a link: none as it was (the default), `view=as_is` as it is."""
    view = view or current_view()
    return {} if view == View.AS_WAS else {"view": view.value}


def period_query(period: Period, view: View | None = None) -> str:
    """The period and the view as a query string (without "?"), for links written in templates."""
    return urlencode({**period.as_params(), **view_params(view)})


def records_url(code: str, unit: Unit, period: Period, where: Mapping[str, object] | None = None,
                *, part: str = "", view: View | None = None) -> str:
    """The page listing the records behind a value (or behind one row of its breakdown)."""
    params: dict[str, object] = {"code": code, "unit": unit.pk, **period.as_params()}
    params.update({f"by_{name}": key for name, key in (where or {}).items() if key is not None})
    if part:
        params["part"] = part
    params.update(view_params(view))
    return f"{reverse('dashboard:indicator-records')}?{urlencode(params)}"


def indicator_url(code: str, unit: Unit, period: Period, *, view: View | None = None) -> str:
    """The page of one indicator: its definition, value, breakdown and subordinates."""
    params = {"unit": unit.pk, **period.as_params(), **view_params(view)}
    return f"{reverse('dashboard:indicator-detail', args=[code])}?{urlencode(params)}"


def app_url(indicator: Indicator, unit: Unit, period: Period,
            where: Mapping[str, Any] | None = None) -> str:
    """The app's own list screen behind a value, or "" when there is none. The app screens
    list a unit's subtree as the organisation was; seen as it is, there is none (the records
    page lists the successor's records with its predecessors')."""
    if indicator.link is None or current_view() != View.AS_WAS:
        return ""
    return indicator.link(unit, period, dict(where or {}))


def opening_url(indicator: Indicator, unit: Unit, period: Period,
                where: Mapping[str, Any] | None = None) -> str:
    """Where a figure opens: the app's list screen when it has one, else the records page."""
    return app_url(indicator, unit, period, where) or records_url(indicator.code, unit, period,
                                                                  where)
