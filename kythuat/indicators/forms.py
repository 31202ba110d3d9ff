"""Forms of the entered figures' screens; who may enter and the period rules are checked by
indicators.services."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import ROLE_RANK, Unit, User
from kythuat.storage.forms import NUMBER_WIDGET, NumberField, date_field

from .models import EnteredIndicator

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")


def check_evidence(upload: UploadedFile | None) -> UploadedFile | None:
    """Refuses an evidence file that is too large or of a kind nobody can open safely."""
    if not upload:
        return upload
    suffix = Path(upload.name or "").suffix.lower().lstrip(".")
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            _("The evidence file “%(name)s” is not a PDF, JPG, PNG, Word (.docx) or Excel (.xlsx) "
              "file; scan or save it in one of these formats."),
            code="evidence_type", params={"name": upload.name})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The evidence file is %(size)s; a file of at most %(limit)s is accepted. Scan it at "
              "a lower resolution or split it."),
            code="evidence_size", params={"size": filesizeformat(upload.size),
                                          "limit": filesizeformat(EVIDENCE_MAX_BYTES)})
    return upload


def enterable_indicators(user: User):
    """The indicators in use whose figures the user's role may enter."""
    indicators = EnteredIndicator.objects.filter(is_active=True)
    if user.is_superuser:
        return indicators
    allowed = [role for role, rank in ROLE_RANK.items() if rank <= ROLE_RANK[user.role]]
    return indicators.filter(entered_by__in=allowed)


class EnteredValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"),
                                       queryset=EnteredIndicator.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    period_start = date_field(_("Period start"))
    period_end = date_field(_("Period end"),
                            help_text=_("A figure is entered once its period is over."))
    value = NumberField(label=_("Figure"), min_value=0, max_digits=18, decimal_places=3,
                        widget=NUMBER_WIDGET,
                        error_messages={"min_value": _("A figure cannot be negative."),
                                        "invalid": _("Enter the figure as a number, for example "
                                                     "12 or 12,5.")})
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={
        "rows": 3, "placeholder": _("What the figure counts, for example the names and dates "
                                    "of the contests")}))
    evidence = forms.FileField(
        label=_("Evidence file"), required=False,
        help_text=_("Optional: the report, minutes or decision behind the figure (PDF, JPG, PNG, "
                    "Word or Excel, at most 10 MB)."),
        widget=forms.FileInput(attrs={"accept": ",".join(
            f".{suffix}" for suffix in EVIDENCE_TYPES)}))

    def __init__(self, *args, user: User, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["indicator"].queryset = enterable_indicators(user)
            units = self.fields["unit"]
            units.queryset = Unit.objects.visible_to(user).active().select_related("kind")
            units.label_from_instance = indented_label
        else:
            # The indicator and the unit of a figure do not change: a wrong one is returned.
            del self.fields["indicator"], self.fields["unit"]
            self.fields["evidence"].help_text = _(
                "Choose a file only to replace the current evidence (PDF, JPG, PNG, Word or "
                "Excel, at most 10 MB).")

    def clean_evidence(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("evidence")
        return check_evidence(upload) if isinstance(upload, UploadedFile) else None


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), max_length=300,
        error_messages={"required": _("Say why the figure is returned, so the unit can "
                                      "correct it.")},
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _(
            "For example: the figure counts the contests of 2024 too")}))
