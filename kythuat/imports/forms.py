"""Forms of the import screens: the shape of the input; the services check the rest."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.forms import DATE_WIDGET
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .models import Import, ImportTemplate
from .specs import Template


class ImportFilterForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Template"),
        required=False,
        choices=[("", _("All templates")), *ImportTemplate.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Import.Status.choices]
    )


class UploadForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=ImportTemplate.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        help_text=_("Rows may name this unit and the units below it."),
    )
    effective_date = forms.DateField(
        label=_("Entry date"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("For rows that give no date; usually the opening date of the books."),
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        units.queryset = Unit.objects.visible_to(user).active().select_related("kind")
        units.label_from_instance = indented_label
        self.fields["effective_date"].initial = timezone.localdate()


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("Corrected file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class MappingForm(forms.Form):
    """One choice per template field: which of the file's columns holds it."""

    def __init__(self, *args, template: Template, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        from openpyxl.utils import get_column_letter

        choices = [("", _("(not in the file)"))] + [
            (str(index), f"{get_column_letter(index + 1)}: {header or '—'}")
            for index, header in enumerate(headers)
        ]
        for field in template.fields:
            self.fields[field.key] = forms.TypedChoiceField(
                label=field.header,
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                help_text=field.note,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[field.key].is_required_column = field.required


class ConfirmForm(forms.Form):
    drop_bad = forms.BooleanField(label=_("Leave out the rows with errors"), required=False)
