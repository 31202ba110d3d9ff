"""Filter bars that stay cheap at army scale.

Django renders every `<option>` of a select through a template (about 20 µs each): the unit,
type and facility filters of a military region hold hundreds to thousands of options, which
cost more than the page's queries. `QuickSelect` renders the same HTML in Python, and
`near_units` keeps the unit filter to the user's unit and two levels below it (plus the chosen
unit): any visible unit is still accepted, e.g. from a link on the dashboard.
"""

import html

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

UNIT_OPTION_LEVELS = 2


class QuickSelect(forms.Select):
    """A single select whose options are rendered in Python, with the same markup."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = "" if value is None else str(value)
        # One f-string per option (format_html costs ~15 µs an option: hundreds per page).
        options = "".join(
            f'<option value="{_escape(key)}"{" selected" if key == chosen else ""}>'
            f"{_escape(label)}</option>"
            for key, label in (
                ("" if key is None else str(getattr(key, "value", key)), label)
                for key, label in self.choices
            )
        )
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308 (escaped)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose inputs are rendered in Python, with the same markup: a filter bar's
    `{% for option in field %}{{ option.tag }}` renders each through two templates. (Django's
    name, so that `field.widget_type`, which templates test, stays "checkboxselectmultiple".)"""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
        return mark_safe(  # noqa: S308 (escaped)
            f'<input type="{widget["type"]}" name="{_escape(widget["name"])}"{value}'
            f"{flatatt(widget['attrs'])}>"
        )


def _escape(value) -> str:
    """What format_html does to a value: text escaped, safe text (`__html__`) kept."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def quick_filters(form: forms.Form, user) -> forms.Form:
    """A list screen's filter bar: near units only, every select rendered in Python."""
    near_units(form, user)
    return quicken(form)


def quicken(form: forms.Form, names: tuple[str, ...] | None = None) -> forms.Form:
    """Every single select of the form (or those named) becomes a QuickSelect with the options
    it had (read once, here)."""
    for name, field in form.fields.items():
        widget = field.widget
        if names is not None and name not in names:
            continue
        if type(widget) is not forms.Select:
            continue
        field.widget = QuickSelect(attrs=widget.attrs, choices=list(widget.choices))
    return form


def near_units(form: forms.Form, user, name: str = "unit") -> None:
    """The unit filter offers the user's unit and two levels below it, plus the chosen one."""
    field = form.fields.get(name)
    if field is None or not hasattr(field, "queryset") or user is None or user.unit_id is None:
        return
    chosen = form.data.get(name) if form.is_bound else None
    try:
        chosen = int(chosen or 0)
    except (TypeError, ValueError):
        chosen = 0
    field.queryset = field.queryset.filter(
        Q(depth__lte=user.unit.depth + UNIT_OPTION_LEVELS) | Q(pk=chosen))
