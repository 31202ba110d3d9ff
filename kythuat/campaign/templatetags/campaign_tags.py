from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def points(value):
    """Points and figures without trailing zeros, in the page's number format; "—" for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return value


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def field(form, prefix, pk):
    """The bound field `<prefix>_<pk>` of a form built per criterion (None when absent)."""
    name = f"{prefix}_{pk}"
    return form[name] if name in form.fields else None
