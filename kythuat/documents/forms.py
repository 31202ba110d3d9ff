"""Forms of the documents screens; who may write is checked by documents.services."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kythuat.core.forms import DATE_WIDGET
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .models import DocumentType, FormatProfile, Issuer

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET,
                           input_formats=DATE_FORMATS, **kwargs)


def _unit_field(user: User, field: forms.ModelChoiceField) -> None:
    field.queryset = Unit.objects.visible_to(user).select_related("kind")
    field.label_from_instance = indented_label


class ProfileForm(forms.ModelForm):
    class Meta:
        model = FormatProfile
        fields = [f.name for f in FormatProfile._meta.get_fields()
                  if getattr(f, "editable", False) and f.concrete and not f.primary_key
                  and f.name not in ("code", "created_at", "updated_at")]


class DocumentTypeForm(forms.ModelForm):
    class Meta:
        model = DocumentType
        fields = ["code", "name", "applies_to", "order", "is_active"]


class IssuerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Name or abbreviation")}))
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))
    profile = forms.ChoiceField(label=_("Format"), required=False)
    current = forms.BooleanField(label=_("Current names only"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(user, self.fields["unit"])
        self.fields["profile"].choices = [("", _("Any format")), *(
            (p.code, p.name) for p in FormatProfile.objects.all())]


class IssuerForm(forms.ModelForm):
    valid_from = _date_field(capfirst(_("valid from")))
    valid_to = _date_field(capfirst(_("valid to")), required=False)
    term_start = _date_field(capfirst(_("committee term start")), required=False,
                             help_text=_("Party committees: numbering restarts each term."))
    term_end = _date_field(capfirst(_("committee term end")), required=False)

    class Meta:
        model = Issuer
        fields = ["unit", "profile", "name", "abbreviation", "parent_name", "place",
                  "valid_from", "valid_to", "term_start", "term_end"]

    def __init__(self, *args, user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            _unit_field(user, self.fields["unit"])
        else:
            del self.fields["unit"]  # an issuer belongs to its unit for good

    def _post_clean(self):
        """The service validates (with Vietnamese messages); skip the model's own checks."""


class RenameForm(forms.Form):
    name = forms.CharField(label=capfirst(_("new name")), max_length=200)
    abbreviation = forms.CharField(label=capfirst(_("abbreviation")), max_length=30)
    parent_name = forms.CharField(label=capfirst(_("superior body in the header")), max_length=200,
                                  required=False)
    place = forms.CharField(label=capfirst(_("place name in the date line")), max_length=100)
    valid_from = _date_field(capfirst(_("new name used from")))


class IssueNumberForm(forms.Form):
    issuer = forms.ModelChoiceField(label=capfirst(_("issuer")), queryset=Issuer.objects.none())
    document_type = forms.ModelChoiceField(label=capfirst(_("document type")),
                                           queryset=DocumentType.objects.filter(is_active=True))
    date = _date_field(capfirst(_("date of the document")))
    subject = forms.CharField(label=capfirst(_("subject")), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Issuer.objects.visible_to(user).filter(
            valid_to__isnull=True).select_related("unit")
        self.fields["date"].initial = timezone.localdate()


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Number or subject")}))
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))
    issuer = forms.ModelChoiceField(label=capfirst(_("issuer")), required=False,
                                    queryset=Issuer.objects.none(), empty_label=_("All"))
    document_type = forms.ModelChoiceField(label=capfirst(_("document type")), required=False,
                                           queryset=DocumentType.objects.all(),
                                           empty_label=_("All document types"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    date_from = _date_field(_("From"), required=False)
    date_to = _date_field(_("To"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(user, self.fields["unit"])
        self.fields["issuer"].queryset = Issuer.objects.visible_to(user)


PREFIXES = [("auto", _("(as usual for the issuer)")), ("", _("(signing in own name)")),
            ("TM.", "TM. / T/M"), ("KT.", "KT. / K/T"), ("TL.", "TL. / T/L"), ("Q.", "Q."),
            ("TUQ.", "TUQ.")]


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"),
                                  queryset=Unit.objects.none())
    start = _date_field(_("Period from"))
    end = _date_field(_("Period to"))
    issuer = forms.ModelChoiceField(
        label=capfirst(_("issuer")), required=False, queryset=Issuer.objects.none(),
        empty_label=_("The issuer of the unit valid on the date"))
    date = _date_field(capfirst(_("date of the document")))
    issue_number = forms.BooleanField(
        label=_("Take a number from the register"), required=False,
        help_text=_("Otherwise the number is left blank to be written by hand."))
    subject = forms.CharField(label=capfirst(_("subject")), required=False, max_length=300,
                              help_text=_("Empty: “Technical work results from … to …”."))
    situation = forms.CharField(label=_("I. Situation"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("II. Results (text before the tables)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    shortcomings = forms.CharField(label=_("III. Shortcomings and causes"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    direction = forms.CharField(label=_("IV. Direction and tasks"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(label=_("V. Recommendations"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    sign_prefix = forms.ChoiceField(label=_("Signing authority"), choices=PREFIXES,
                                    required=False, initial="auto")
    sign_office = forms.CharField(
        label=_("On behalf of"), required=False, max_length=100,
        help_text=_("Empty: as usual for the issuer (Bộ Tư lệnh of a military region, Bộ Chỉ "
                    "huy of a province, Đảng uỷ of a Party committee)."))
    sign_title = forms.CharField(
        label=_("Title of the signer"), required=False, max_length=100,
        help_text=_("Empty: as usual for the issuer (Tư lệnh, Chỉ huy trưởng, Bí thư …)."))
    sign_name = forms.CharField(label=_("Rank and name of the signer"), required=False,
                                max_length=100)
    recipients = forms.CharField(label=_("Recipients (one a line)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    # Names this filling of the form: submitting it again (a double click, a retry after an
    # abandoned download) takes no second number.
    request_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", required=False,
                                   widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4().hex)
        _unit_field(user, self.fields["unit"])
        self.fields["issuer"].queryset = Issuer.objects.visible_to(user).select_related(
            "profile")
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["start"].initial = dt.date(today.year, 1, 1)
        self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return data
