"""{% movement_print_kinds movement as prints %}: which paper forms a document prints as."""

from django import template
from django.utils.text import capfirst

from .. import movement_prints

register = template.Library()


@register.simple_tag
def movement_print_kinds(movement) -> dict:
    kind = movement_prints.slip_kind(movement)
    label = capfirst(str(movement_prints.SLIP_TITLES[kind])) if kind else ""
    return {"slip": kind, "slip_label": label,
            "handover": movement_prints.has_handover(movement)}
