"""Forms of the commendation screens: shapes and formats only; who may act and the rules (the
form's level, recipients inside the subtree, the period) are checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.documents.models import Issuer
from kythuat.holdings.forms import date_field
from kythuat.indicators import registry
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.reviews.models import Review

from .models import CommendationForm, CommendationProposal, ProposalRecipient, RecipientKind
from .services import RecipientSpec

EXTRA_ROWS = 4  # empty recipient rows offered under the filled ones


def indicator_choices() -> list[tuple[str, str]]:
    return sorted(((i.code, f"{i.name} ({i.code})") for i in registry.all_indicators()
                   if not i.entered), key=lambda choice: choice[1])


def active_forms():
    return CommendationForm.objects.filter(is_active=True).order_by("order", "name")


class RecipientRowForm(forms.Form):
    """One recipient: a unit (collective), or a person with their unit (individual)."""

    kind = forms.ChoiceField(label=_("Recipient"), choices=RecipientKind.choices,
                             widget=forms.Select(attrs={"style": "min-width: 8.5rem"}))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    full_name = forms.CharField(label=_("Full name (or the body inside the unit)"),
                                max_length=100, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=40, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    achievement = forms.CharField(label=_("Achievement"), max_length=500, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).select_related("kind")
        self.fields["unit"].label_from_instance = indented_label
        from kythuat.people.forms import person_picker

        self.fields["person"] = person_picker(user)

    def clean(self):
        from kythuat.people.forms import fill_from_person

        cleaned = fill_from_person(super().clean(), name="full_name")
        person = cleaned.get("person")
        if person is not None:
            cleaned["kind"] = RecipientKind.INDIVIDUAL
            cleaned["unit"] = cleaned.get("unit") or person.unit
        return cleaned

    def spec(self) -> RecipientSpec | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("unit"):
            return None
        return RecipientSpec(unit=data["unit"], kind=data["kind"],
                             full_name=data.get("full_name", ""), rank=data.get("rank", ""),
                             position=data.get("position", ""),
                             achievement=data.get("achievement", ""),
                             person=data.get("person"))


class BaseRecipientFormSet(forms.BaseFormSet):
    def specs(self) -> list[RecipientSpec]:
        return [spec for form in self.forms if (spec := form.spec()) is not None]


RecipientFormSet = forms.formset_factory(RecipientRowForm, formset=BaseRecipientFormSet,
                                         extra=EXTRA_ROWS, max_num=200)


def recipient_formset(data=None, *, user: User, initial=None) -> BaseRecipientFormSet:
    return RecipientFormSet(data, initial=initial, prefix="r", form_kwargs={"user": user})


def recipient_initial(recipients) -> list[dict]:
    return [{"kind": r.kind, "unit": r.unit_id, "full_name": r.full_name, "rank": r.rank,
             "position": r.position, "achievement": r.achievement} for r in recipients]


class ProposalForm(forms.Form):
    proposer = forms.ModelChoiceField(label=_("Proposing unit"), queryset=Unit.objects.none())
    awarding_unit = forms.ModelChoiceField(label=_("Awarding unit asked"),
                                           queryset=Unit.objects.none(),
                                           help_text=_("A unit above the proposing unit."))
    form = forms.ModelChoiceField(label=_("Form of commendation"), queryset=active_forms())
    title = forms.CharField(label=_("Subject"), max_length=300)
    summary = forms.CharField(label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 5}))
    period_start = date_field(_("Achievements from"), required=True)
    period_end = date_field(_("Achievements to"), required=True)
    indicator_codes = forms.MultipleChoiceField(
        label=_("Supporting indicators"), choices=indicator_choices, required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Shown beside the proposal, computed from the records for the period."))
    review = forms.ModelChoiceField(label=_("Review"), queryset=Review.objects.none(),
                                    required=False)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = Unit.objects.visible_to(user).select_related("kind")
        self.fields["proposer"].label_from_instance = indented_label
        self.fields["awarding_unit"].queryset = (Unit.objects.visible_down_and_up(user)
                                                 .select_related("kind"))
        self.fields["awarding_unit"].label_from_instance = indented_label
        self.fields["review"].queryset = Review.objects.visible_to(user).order_by(
            "-period_end")

    @staticmethod
    def initial_of(proposal: CommendationProposal) -> dict:
        return {"proposer": proposal.proposer_id, "awarding_unit": proposal.awarding_unit_id,
                "form": proposal.form_id, "title": proposal.title, "summary": proposal.summary,
                "period_start": proposal.period_start, "period_end": proposal.period_end,
                "indicator_codes": proposal.indicator_codes, "review": proposal.review_id,
                "source": proposal.source}


class DecideForm(forms.Form):
    """The awarding unit's answer: a decision for the recipients ticked, or a refusal."""

    AWARD, REFUSE = "award", "refuse"
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (AWARD, _("Award the recipients ticked (a draft decision is made)")),
        (REFUSE, _("Refuse the proposal"))], initial=AWARD)
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients awarded"), queryset=ProposalRecipient.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False)
    issuer = forms.ModelChoiceField(label=_("Issuer"), queryset=Issuer.objects.none(),
                                    required=False)
    decided_on = date_field(_("Date of the decision"))
    reason = forms.CharField(label=_("Reason for refusal"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, proposal: CommendationProposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        recipients = proposal.recipients.select_related("unit")
        self.fields["recipients"].queryset = recipients
        self.fields["recipients"].initial = [r.pk for r in recipients]
        self.fields["issuer"].queryset = Issuer.objects.filter(unit=proposal.awarding_unit)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == self.AWARD:
            if not cleaned.get("issuer"):
                self.add_error("issuer", _("Choose the issuer of the decision."))
            if not cleaned.get("decided_on"):
                self.add_error("decided_on", _("Enter the date of the decision."))
        return cleaned


class DecisionForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Issuer"), queryset=Issuer.objects.none(),
                                    help_text=_("The awarding unit's name as an issuer of "
                                                "documents."))
    form = forms.ModelChoiceField(label=_("Form of commendation"), queryset=active_forms())
    decided_on = date_field(_("Date of the decision"), required=True)
    title = forms.CharField(label=_("Subject"), max_length=300, required=False,
                            help_text=_("Empty: “On awarding …” with the form's name."))
    basis = forms.CharField(label=_("Grounds (căn cứ)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    signer_prefix = forms.CharField(label=_("Signing authority"), max_length=10,
                                    required=False, help_text=_("TM., KT. … or empty."))
    signer_title = forms.CharField(label=_("Signer's title"), max_length=150, required=False)
    signer_name = forms.CharField(label=_("Signer"), max_length=150, required=False)
    review = forms.ModelChoiceField(label=_("Review where it is handed out"),
                                    queryset=Review.objects.none(), required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Issuer.objects.visible_to(user).select_related("unit")
        self.fields["review"].queryset = Review.objects.visible_to(user).order_by(
            "-period_end")


class IssueForm(forms.Form):
    symbol = forms.CharField(
        label=_("Number already taken in the register"), max_length=60, required=False,
        help_text=_("Only for a number taken by hand, e.g. 12/QĐ-BCH; empty: the next number "
                    "of the register is taken."))
