from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def quantity(value: Decimal | None, blank: str = "") -> str:
    """12, 1.234, 21,5 (the locale's grouping), without the trailing zeros of stored places."""
    if value is None or value == "":
        return blank
    value = Decimal(value)
    value = value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True, force_grouping=True)


STATUS_CLASS = {"draft": "secondary", "counting": "warning", "counted": "info",
                "approved": "success", "cancelled": "dark"}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "secondary")
