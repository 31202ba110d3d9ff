from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value):
    """A Decimal without trailing zeros (120.5000 → 120,5; 35.0000 → 35); None stays None."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


@register.filter
def css_number(value) -> str:
    """A number for a style attribute: a dot, whatever the language of the page."""
    return format(Decimal(value or 0), "f")
