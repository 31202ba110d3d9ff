"""Forms of the ammunition screens; who may write is checked by ammunition.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch, EquipmentType
from kythuat.core.forms import DATE_WIDGET
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Lot
from kythuat.org.forms import indented_label
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from .models import DisposalBatch, TestConclusion, TestKind
from .selectors import ammunition_types, held_lots

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


def _units(user: User, lot: Lot | None = None):
    return Unit.objects.visible_to(user).active().select_related("kind")


class _UnitFieldMixin:
    def setup_unit(self, user: User) -> None:
        field = self.fields["unit"]
        field.queryset = _units(user)
        field.label_from_instance = indented_label


class LotFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Lot number, manufacturer or type")}))
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))
    branch = forms.ModelChoiceField(label=_("Branch"), required=False,
                                    queryset=Branch.objects.all(), empty_label=_("All"))
    type = forms.ModelChoiceField(label=_("Equipment type"), required=False,
                                  queryset=EquipmentType.objects.none(),
                                  empty_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *LotStatus.choices])

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)
        self.fields["unit"].label_from_instance = indented_label
        self.fields["type"].queryset = ammunition_types().filter(
            pk__in=EquipmentType.objects.visible_to(user).values("pk"))


class ExpiryFilterForm(LotFilterForm):
    window = forms.ChoiceField(label=_("Expiry"), required=False, initial="180", choices=[
        ("expired", _("already expired")), ("30", _("within 30 days")),
        ("90", _("within 90 days")), ("180", _("within 6 months")),
        ("365", _("within a year")), ("all", _("any date"))])
    field_order = ["q", "unit", "window", "branch", "type", "status"]


class RetestFilterForm(LotFilterForm):
    window = forms.ChoiceField(label=_("Re-test"), required=False, initial="overdue", choices=[
        ("overdue", _("overdue")), ("30", _("due within 30 days")),
        ("90", _("due within 90 days")), ("365", _("due within a year")),
        ("never", _("never tested")), ("all", _("all lots"))])
    field_order = ["q", "unit", "window", "branch", "type", "status"]


class BatchFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit (with subordinates)"), required=False,
                                  queryset=Unit.objects.none(), empty_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *DisposalBatch.Status.choices])

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)
        self.fields["unit"].label_from_instance = indented_label


class LotTestForm(_UnitFieldMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Recording unit"), queryset=Unit.objects.none())
    tested_on = forms.DateField(label=_("Test date"), widget=DATE_WIDGET, input_formats=DATE_INPUT)
    kind = forms.ModelChoiceField(label=_("Kind of test"), queryset=TestKind.objects.all())
    samples_taken = forms.IntegerField(label=_("Samples taken"), initial=0)
    samples_failed = forms.IntegerField(label=_("Samples failed"), initial=0)
    conclusion = forms.ModelChoiceField(label=_("Conclusion"),
                                        queryset=TestConclusion.objects.all())
    performed_by = forms.CharField(label=_("Performed by"), required=False, max_length=200)
    facility = forms.ModelChoiceField(label=_("Testing facility"), required=False,
                                      queryset=Facility.objects.none())
    results = forms.CharField(label=_("Results"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)
        self.fields["facility"].queryset = Facility.objects.visible_to(user).select_related(
            "owner_unit")


class IsolationForm(_UnitFieldMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Deciding unit"), queryset=Unit.objects.none())
    decision_ref = forms.CharField(label=_("Decision"), max_length=200,
                                   help_text=_("Number and date of the order or decision."))
    isolated_on = forms.DateField(label=_("Isolated on"), widget=DATE_WIDGET,
                                  input_formats=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)


class ReleaseForm(forms.Form):
    release_ref = forms.CharField(label=_("Release decision"), max_length=200,
                                  help_text=_("Number and date of the order or decision."))
    released_on = forms.DateField(label=_("Released on"), widget=DATE_WIDGET,
                                  input_formats=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ExtensionForm(_UnitFieldMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Deciding unit"), queryset=Unit.objects.none())
    decision_ref = forms.CharField(label=_("Decision"), max_length=200,
                                   help_text=_("Number and date of the order or decision."))
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET,
                                 input_formats=DATE_INPUT)
    new_expiry = forms.DateField(label=_("New expiry date"), widget=DATE_WIDGET,
                                 input_formats=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)


class BatchForm(_UnitFieldMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    decision_ref = forms.CharField(label=_("Decision"), max_length=200, required=False,
                                   help_text=_("Number and date of the order or decision."))
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET,
                                 input_formats=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)


class BatchLineForm(forms.Form):
    lot = forms.ModelChoiceField(label=_("Lot"), queryset=Lot.objects.none())
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=18, decimal_places=3)

    def __init__(self, *args, batch: DisposalBatch, **kwargs):
        super().__init__(*args, **kwargs)
        # Ammunition lots on hand in the batch's subtree (a few hundred at most).
        self.fields["lot"].queryset = held_lots(batch.unit).select_related("type").order_by(
            "type__name", "lot_number")


class WriteOffForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit that writes off"), queryset=Unit.objects.none())
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET,
                                     input_formats=DATE_INPUT)

    def __init__(self, *args, batch: DisposalBatch, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).within(batch.unit)
        self.fields["unit"].label_from_instance = indented_label


class LinkForm(forms.Form):
    number = forms.CharField(label=_("Write-off document number"), max_length=40)
