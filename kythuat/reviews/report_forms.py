"""Forms of the report screens: shape and formats only; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.forms import DATE_WIDGET
from kythuat.documents.models import Issuer
from kythuat.indicators import registry
from kythuat.org.models import Unit

from .models import Report, Review


def indicator_choices() -> list[tuple[str, str]]:
    return sorted(((i.code, f"{i.name} ({i.unit})") for i in registry.all_indicators()),
                  key=lambda choice: choice[1])


class ReportCreateForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"),
                                  help_text=_("The reviewing unit (central report) or a unit "
                                              "named in the plan."))

    def __init__(self, *args, review: Review, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [review.unit_id, *review.plan_entries.values_list("unit_id", flat=True)]
        self.fields["unit"].queryset = (Unit.objects.visible_to(user).filter(pk__in=ids)
                                        .exclude(review_reports__review=review))


class ReportEditForm(forms.ModelForm):
    table_indicators = forms.MultipleChoiceField(
        label=_("Indicators of the table by subordinate unit"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("None chosen: the default list (technical coefficient, holdings on hand "
                    "…)."))

    class Meta:
        model = Report
        fields = ["title", "issuer", "place", "signer_prefix", "signer_office", "signer_title",
                  "signer_name", "recipients", "table_indicators"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4}),
                   "title": forms.TextInput()}
        help_texts = {"recipients": _("One recipient per line; “Lưu: VT” is added.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table_indicators"].choices = indicator_choices()
        self.fields["issuer"].queryset = Issuer.objects.filter(
            unit=self.instance.unit).select_related("profile")
        self.fields["issuer"].required = False


class SectionForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Paste the tokens of the figures ({{F12}}) where the "
                                       "numbers go; they are written out from the records."))


class FigureForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("Indicator"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period to"), required=False, widget=DATE_WIDGET)
    label = forms.CharField(label=_("Label"), max_length=300, required=False)

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices()
        self.fields["unit"].queryset = Unit.objects.within(report.unit).order_by("path")
        self.fields["unit"].initial = report.unit_id
        self.fields["period_start"].initial = report.review.period_start
        self.fields["period_end"].initial = report.review.period_end
        self.fields["period_start"].help_text = _("Empty: the period of the review.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts; choose an end "
                                           "date on or after the start date."))
        return cleaned


class IssueForm(forms.Form):
    date = forms.DateField(label=_("Date of the report"), widget=DATE_WIDGET)

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        review = report.review
        self.fields["date"].initial = min(review.conference_date or timezone.localdate(),
                                          timezone.localdate())
