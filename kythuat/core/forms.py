"""Form helpers shared by every app's screens."""

import datetime as dt

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: under the field it names when the form
    has that field, at the top otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def filters_in_words(form: forms.Form, *, exclude: tuple[str, ...] = ()) -> str:
    """The filters a form applied, as "Label: value; …" for the header of an export."""
    if not form.is_valid():
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if name in exclude:
            continue
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
            continue
        field = form.fields[name]
        if isinstance(value, (list, tuple)):
            labels = dict(getattr(field, "choices", []))
            shown = ", ".join(str(labels.get(v, v)) for v in value)
        elif hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField):
            shown = str(dict(field.choices).get(value, value))
        elif isinstance(value, dt.date):
            shown = value.strftime("%d/%m/%Y")
        elif isinstance(value, bool):
            shown = str(_("yes") if value else _("no"))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)
