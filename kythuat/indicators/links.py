"""Addresses of the indicator screens, for any page or document that shows a figure."""

from collections.abc import Mapping
from urllib.parse import urlencode

from django.urls import reverse

from kythuat.org.models import Unit

from .periods import Period


def records_url(code: str, unit: Unit, period: Period, where: Mapping[str, object] | None = None,
                *, part: str = "") -> str:
    """The page listing the records behind a value (or behind one row of its breakdown)."""
    params: dict[str, object] = {"code": code, "unit": unit.pk, **period.as_params()}
    params.update({f"by_{name}": key for name, key in (where or {}).items() if key is not None})
    if part:
        params["part"] = part
    return f"{reverse('dashboard:indicator-records')}?{urlencode(params)}"


def indicator_url(code: str, unit: Unit, period: Period) -> str:
    """The page of one indicator: its definition, value, breakdown and subordinates."""
    params = {"unit": unit.pk, **period.as_params()}
    return f"{reverse('dashboard:indicator-detail', args=[code])}?{urlencode(params)}"
