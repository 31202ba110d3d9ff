"""What every indicator screen shares: the unit and the period asked for, the pickers, and the
way a value is shown (a number without trailing zeros, "—" when there is nothing to measure)."""

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from kythuat.core.types import AuthedRequest
from kythuat.org.models import Unit, User
from kythuat.org.selectors import unit_from_request

from .. import registry
from ..links import period_query
from ..periods import Period, View, period_from_params, view_from_params

PICKER_LEVELS = 2  # the unit picker lists the user's unit and two levels below it
PICKER_LIMIT = 300
NBSP = "\u00a0"
FIRST_PICKER_YEAR = 2007  # Nghị quyết 382 (29/11/2007): the reviews look back to it


def quantity(value: Any) -> Any:
    """A Decimal without its trailing zeros: 12.000 → 12, 2.500 → 2.5."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


def shown(value: Any, indicator: "registry.Indicator") -> Any:
    """A figure as a screen shows it: a ratio keeps its decimals (67,0 % beside 67,7 %), a
    count or a sum loses its trailing zeros."""
    return value if indicator.kind == registry.Kind.RATIO else quantity(value)


def picker(user: User, unit: Unit) -> list[Unit]:
    """Units offered by the picker: the user's unit and the levels below it, indented."""
    base_depth = user.unit.depth if user.unit_id else 0
    units = list(Unit.objects.visible_to(user).active()
                 .filter(depth__lte=base_depth + PICKER_LEVELS)[:PICKER_LIMIT])
    if unit not in units:
        units.append(unit)
    for option in units:
        option.picker_label = NBSP * 3 * max(option.depth - base_depth, 0) + option.name
    return units


def request_period(request: AuthedRequest, default: Period | None = None) -> Period:
    """The period of the request; a malformed one is said in Vietnamese and the default used."""
    try:
        return period_from_params(request.GET, default)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return default or Period.year_to_date()


def screen_context(request: AuthedRequest, default: Period | None = None) -> dict[str, Any]:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    period = request_period(request, default)
    today = timezone.localdate()
    view = view_from_params(request.GET)
    registry.use_view(view)  # every figure of the request is seen this way (reorg switch)
    return {
        "view": view,
        "views": list(View),
        "unit": unit,
        "units": picker(request.user, unit),
        "ancestors": unit.ancestors(include_self=False).visible_to(request.user),
        "period": period,
        "period_params": period.as_params(),
        "period_query": period_query(period),  # with the view: links stay in the view chosen
        "years": list(range(today.year, FIRST_PICKER_YEAR - 1, -1)),
        "chosen_year": request.GET.get("year", ""),
        "chosen_quarter": request.GET.get("quarter", ""),
        "today": today,
        "is_past": period.end < today,
    }


def memoised(view: Callable[..., Any]) -> Callable[..., Any]:
    """Within one request a value asked twice is computed once (registry.memo)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with registry.memo():
            return view(*args, **kwargs)

    return wrapper
