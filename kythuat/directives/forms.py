"""Forms of the directive screens: shapes and formats only; the rules (issuer valid on the date,
numbering series, cycles, who may write) are checked by directives.services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kythuat.documents.models import Issuer
from kythuat.org.models import Role, User

from .models import Clause, Directive, DirectiveKind
from .services import MAX_NUMBER

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 29/11/2007.")


def _issuer_label(issuer: Issuer) -> str:
    end = issuer.valid_to.strftime("%d/%m/%Y") if issuer.valid_to else "…"
    return f"{issuer.name} ({issuer.abbreviation}, {issuer.valid_from:%d/%m/%Y}–{end})"


def _directive_label(directive: Directive) -> str:
    return f"{directive.number_symbol} ({directive.issued_on:%d/%m/%Y}) – {directive.title[:90]}"


class DirectiveForm(forms.Form):
    issuer = forms.ModelChoiceField(
        label=_("Issuer"), queryset=Issuer.objects.none(),
        help_text=_("The issuer's name on the date of the directive."),
        error_messages={"invalid_choice": _("Choose an issuer from the list.")})
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=DirectiveKind.objects.filter(
        is_active=True), error_messages={"invalid_choice": _("Choose a kind from the list.")})
    number = forms.IntegerField(
        label=pgettext_lazy("directive", "Number"), min_value=1, max_value=MAX_NUMBER,
        error_messages={"invalid": _("Enter the number as a whole number, e.g. 382."),
                        "min_value": _("Enter the number as a whole number, e.g. 382."),
                        "max_value": _("Enter the number as a whole number, e.g. 382.")})
    symbol = forms.CharField(
        label=_("Symbol"), max_length=60, required=False,
        help_text=_("The part after the number, e.g. NQ/ĐUQSTW; left empty, it is made from "
                    "the kind and the issuer's abbreviation."))
    issued_on = forms.DateField(
        label=_("Date issued"), input_formats=DATE_INPUTS, error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}))
    term_label = forms.CharField(
        label=_("Party term"), max_length=60, required=False,
        help_text=_("Left empty, it is the committee term recorded on a Party issuer."))
    title = forms.CharField(label=_("Subject"), max_length=500, widget=forms.TextInput(
        attrs={"placeholder": _("e.g. on leading technical work in the new situation")}))
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Attached file"), required=False,
                                 help_text=_("Scan (PDF, image) or Word file, up to 20 MB."))
    implements = forms.ModelMultipleChoiceField(
        label=_("Implements"), queryset=Directive.objects.none(), required=False,
        help_text=_("The earlier directives this one carries out."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Choose directives from the list.")})

    def __init__(self, *args, user: User, directive: Directive | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        issuers = Issuer.objects.visible_to(user).select_related("unit", "profile")
        if directive is not None:
            issuers = issuers.filter(unit=directive.unit)
            self.fields["kind"].queryset = DirectiveKind.objects.filter(
                is_active=True) | DirectiveKind.objects.filter(pk=directive.kind_id)
        self.fields["issuer"].queryset = issuers
        self.fields["issuer"].label_from_instance = _issuer_label
        earlier = Directive.objects.visible_to(user).select_related("kind")
        if directive is not None:
            earlier = earlier.exclude(pk=directive.pk)
        self.fields["implements"].queryset = earlier
        self.fields["implements"].label_from_instance = _directive_label

    @classmethod
    def initial_of(cls, directive: Directive) -> dict:
        return {"issuer": directive.issuer_id, "kind": directive.kind_id,
                "number": directive.number, "symbol": directive.symbol,
                "issued_on": directive.issued_on, "term_label": directive.term_label,
                "title": directive.title, "summary": directive.summary,
                "implements": list(directive.implements.values_list("pk", flat=True))}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Directive.Status.choices,
                               error_messages={"invalid_choice": _(
                                   "Choose the status among: in force, replaced, expired.")})
    note = forms.CharField(label=_("Reason"), max_length=500, required=False,
                           widget=forms.TextInput(attrs={
                               "placeholder": _("e.g. replaced by Resolution 1658")}))


class ClauseForm(forms.Form):
    # The number is checked against the directive's other clauses by the service, with a
    # message that says how to fix it.
    number = forms.CharField(
        label=pgettext_lazy("directive", "Number"), max_length=20,
        help_text=_("As written in the directive: 1, 2.3, II.1 …"),
        error_messages={"required": _(
            "Enter the clause's number as written in the directive, e.g. 2 or 2.3.")})
    kind = forms.ChoiceField(label=_("Kind"), choices=Clause.Kind.choices,
                             initial=Clause.Kind.TASK)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _(
                               "Enter the text of the task or solution.")})
    order = forms.IntegerField(
        label=_("Order"), required=False, min_value=0, max_value=32000,
        help_text=_("Clauses are listed by this order; left empty, the clause goes last."))

    @classmethod
    def initial_of(cls, clause: Clause) -> dict:
        return {"number": clause.number, "kind": clause.kind, "text": clause.text,
                "order": clause.order}


def can_write(user: User) -> bool:
    """Whether to offer the "new directive" button (the service decides per issuer)."""
    return user.has_role(Role.OFFICER)
