"""Forms of the Campaign 50 screens: shapes and formats only; who may act and the rules
(ranges, evidence, reasons) are checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User

from .models import Criterion, Phase, Score


class PointsField(forms.CharField):
    """Points typed as "7,5" or "7.5"; the service checks the range and says how to fix it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, max_length=20, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "form-control form-control-sm",
                                  "size": "5", "autocomplete": "off"})


class SheetOpenForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.all())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active()
        self.fields["unit"].label_from_instance = indented_label


def _text(label, rows: int = 2) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(
        attrs={"rows": rows, "class": "form-control form-control-sm"}))


class AssessForm(forms.Form):
    """One score, one explanation, one reference and one file per criterion of the sheet."""

    def __init__(self, *args, scores: list[Score], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scores = scores
        for score in scores:
            pk = score.criterion_id
            self.fields[f"score_{pk}"] = PointsField(label=_("Self score"), initial=_plain(
                score.self_score))
            self.fields[f"note_{pk}"] = _text(_("Explanation"))
            self.fields[f"note_{pk}"].initial = score.self_note
            self.fields[f"ref_{pk}"] = forms.CharField(
                label=_("Reference to the records"), required=False, max_length=500,
                initial=score.evidence_ref,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
            if score.criterion.rule == Criterion.Rule.SELF:
                self.fields[f"file_{pk}"] = forms.FileField(label=_("Evidence file"),
                                                            required=False)

    def entries(self) -> dict[int, dict]:
        data = self.cleaned_data
        found = {}
        for score in self.scores:
            pk = score.criterion_id
            found[pk] = {"self_score": data.get(f"score_{pk}"),
                         "self_note": data.get(f"note_{pk}", ""),
                         "evidence_ref": data.get(f"ref_{pk}", ""),
                         "evidence_file": data.get(f"file_{pk}")}
        return found


class ReviewForm(forms.Form):
    """The higher level's score and reason per criterion."""

    def __init__(self, *args, scores: list[Score], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scores = scores
        for score in scores:
            pk = score.criterion_id
            # Starts from the unit's own score: the officer changes what he disagrees with.
            start = score.review_score if score.review_score is not None else score.self_score
            self.fields[f"score_{pk}"] = PointsField(label=_("Score of the higher level"),
                                                     initial=_plain(start))
            self.fields[f"reason_{pk}"] = _text(_("Reason"), rows=1)
            self.fields[f"reason_{pk}"].initial = score.review_reason

    def entries(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {score.criterion_id: {"review_score": data.get(f"score_{score.criterion_id}"),
                                     "review_reason": data.get(f"reason_{score.criterion_id}")}
                for score in self.scores}


def _plain(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")
