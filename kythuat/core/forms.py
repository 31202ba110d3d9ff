"""Form helpers shared by every app's screens."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

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
