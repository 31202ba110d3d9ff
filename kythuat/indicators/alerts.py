"""Alerts for the dashboard's panel: things someone must act on in the user's subtree
(overdue maintenance, isolated or expiring lots, readings out of limits, expired licences …).

Each app registers its sources in its `indicators.py` module:

    @alert_source("lots_isolated")
    def lots_isolated(unit: Unit) -> list[Alert]:
        ...

A source returns the alerts for the unit's subtree (the caller has checked the unit is
visible to the user); an empty list when there is nothing to act on.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from kythuat.org.models import Unit

LEVELS = ("danger", "warning", "info")  # Bootstrap colours, most urgent first


@dataclass(frozen=True)
class Alert:
    source: str
    level: str  # one of LEVELS
    title: str | Promise  # "3 kho có số đo ngoài giới hạn"
    count: int
    url: str  # the list that shows the records behind the alert, filtered to the unit
    detail: str | Promise = ""


SOURCES: dict[str, Callable[[Unit], list[Alert]]] = {}


def alert_source(code: str):
    """Decorator: adds a function of (unit) → list[Alert] under `code`."""

    def wrap(function: Callable[[Unit], list[Alert]]) -> Callable[[Unit], list[Alert]]:
        if code in SOURCES:
            raise ValueError(f"Alert source {code} is registered twice.")
        SOURCES[code] = function
        return function

    return wrap


def collect(unit: Unit) -> list[Alert]:
    """Every source's alerts for the unit's subtree, most urgent first."""
    found = [alert for source in SOURCES.values() for alert in source(unit) if alert.count]
    return sorted(found, key=lambda alert: (LEVELS.index(alert.level), str(alert.title)))
