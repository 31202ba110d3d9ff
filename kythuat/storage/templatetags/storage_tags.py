from decimal import Decimal

from django import template

from ..money import vnd_words as _vnd_words

register = template.Library()


@register.filter
def vnd_words(amount) -> str:
    """{{ total|vnd_words }} → "21,5 tỷ đồng"."""
    return _vnd_words(amount)


@register.filter
def num(value):
    """A Decimal without trailing zeros (120.50 → 120,5; 35.0 → 35); None stays None."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value
