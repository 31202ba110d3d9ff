"""One registry of named measures over (unit subtree, period). Dashboards, targets, campaign
scores and reports read the same indicators, so no figure is computed twice."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from kythuat.org.models import Unit


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    definition: str | Promise
    measure: str | Promise  # what the number counts: "items", "%", "VND"
    compute: Callable[[Unit, Period], Any]


REGISTRY: dict[str, Indicator] = {}


def register(code: str, *, name, definition, measure=""):
    """Decorator: adds a function of (unit, period) to the registry under `code`."""

    def wrap(function: Callable[[Unit, Period], Any]) -> Callable[[Unit, Period], Any]:
        if code in REGISTRY:
            raise ValueError(f"Indicator {code} is registered twice.")
        REGISTRY[code] = Indicator(code=code, name=name, definition=definition,
                                   measure=measure, compute=function)
        return function

    return wrap


def compute(code: str, unit: Unit, period: Period) -> Any:
    """The value of an indicator for a unit subtree; the caller checks the unit is visible."""
    return REGISTRY[code].compute(unit, period)
