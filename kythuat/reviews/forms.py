"""Forms of the review screens: shapes and formats only; the rules (who may write, directives
the user can see, units below the reviewing unit, deadlines within the review) are checked by
reviews.services.reviews."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.directives.models import Directive
from kythuat.org.forms import indented_label
from kythuat.org.models import Role, Unit, User

from .models import CommitteeMember, Review, ReviewKind
from .selectors import plannable_units
from .services.reviews import status_choices_for

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Enter the date as dd/mm/yyyy, for example 29/11/2007.")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUTS, help_text=help_text,
        error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}))


def _directive_label(directive: Directive) -> str:
    return f"{directive.number_symbol} ({directive.issued_on:%d/%m/%Y}) – {directive.title[:90]}"


class ReviewForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Reviewing unit"), queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Choose your unit or a unit below it.")})
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=ReviewKind.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("Choose a kind from the list.")})
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={
        "placeholder": _("e.g. Tổng kết 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW")}))
    directives = forms.ModelMultipleChoiceField(
        label=_("Directives reviewed"), queryset=Directive.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Choose directives from the list.")})
    period_start = date_field(_("Period from"))
    period_end = date_field(_("Period to"))
    conference_date = date_field(_("Conference date"), required=False)
    conference_place = forms.CharField(label=_("Conference place"), max_length=200,
                                       required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if review is not None:
            del self.fields["unit"]  # a review stays with its unit
            self.fields["kind"].queryset = (ReviewKind.objects.filter(is_active=True)
                                            | ReviewKind.objects.filter(pk=review.kind_id))
        else:
            self.fields["unit"].queryset = Unit.objects.visible_to(user).active()
            self.fields["unit"].label_from_instance = indented_label
            if user.unit_id:
                self.fields["unit"].initial = user.unit_id
        self.fields["directives"].queryset = (Directive.objects.visible_to(user)
                                              .select_related("kind"))
        self.fields["directives"].label_from_instance = _directive_label

    @classmethod
    def initial_of(cls, review: Review) -> dict:
        return {"kind": review.kind_id, "title": review.title,
                "directives": list(review.directives.values_list("pk", flat=True)),
                "period_start": review.period_start, "period_end": review.period_end,
                "conference_date": review.conference_date,
                "conference_place": review.conference_place, "note": review.note}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[], error_messages={
        "invalid_choice": _("Choose one of the statuses offered.")})
    note = forms.CharField(label=_("Reason"), max_length=500, required=False,
                           help_text=_("Needed when the review goes back to an earlier status."))

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices_for(review)


class MemberForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=CommitteeMember.Body.choices,
                             initial=CommitteeMember.Body.COMMITTEE)
    role = forms.CharField(label=_("Role"), max_length=80, widget=forms.TextInput(attrs={
        "placeholder": _("Trưởng ban, Phó Trưởng ban, Thành viên …")}),
        error_messages={"required": _("Enter the member's role, e.g. Trưởng ban.")})
    rank = forms.CharField(label=_("Rank"), max_length=40, required=False)
    name = forms.CharField(label=_("Full name"), max_length=100, required=False,
                           error_messages={"required": _("Enter the member's full name.")})
    position = forms.CharField(label=_("Position"), max_length=150, required=False,
                               widget=forms.TextInput(attrs={
                                   "placeholder": _("e.g. Chỉ huy trưởng Bộ CHQS tỉnh")}))
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=32000,
                               help_text=_("Members are listed by this order; left empty, the "
                                           "member goes last."))

    def __init__(self, *args, user=None, **kwargs):
        from kythuat.people.forms import person_picker

        super().__init__(*args, **kwargs)
        self.fields["person"] = person_picker(user)

    def clean(self):
        from kythuat.people.forms import fill_from_person

        cleaned = fill_from_person(super().clean())
        if not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", _("Enter the member's full name."))
        return cleaned

    @classmethod
    def initial_of(cls, member: CommitteeMember) -> dict:
        return {name: getattr(member, name) for name in
                ("body", "role", "rank", "name", "position", "order", "person")}


class PlanEntryForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Reporting unit"), queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Choose a unit below the reviewing unit that is "
                                            "not in the plan yet.")})
    deadline = date_field(_("Report due by"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, review: Review, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entry is not None:
            del self.fields["unit"]  # an entry stays with its unit
        else:
            self.fields["unit"].queryset = plannable_units(review=review)
            self.fields["unit"].label_from_instance = indented_label


class PlanAllForm(forms.Form):
    deadline = date_field(_("Report due by"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def can_create(user: User) -> bool:
    """Whether to offer the "new review" button (the service decides per unit)."""
    return user.has_role(Role.CLERK)
