"""Balances, the period report, period closings and authorised strength."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.catalog.models import Branch, EquipmentType
from kythuat.core import api
from kythuat.org.models import Unit

from ..choices import PeriodKind
from ..models import AuthorizedStrength, PeriodClose
from ..selectors.reports import PeriodReport

# group_by value → the key field of subtree_balances_as_of.
BALANCE_GROUPS = {
    "unit": "unit_id",
    "facility": "facility_id",
    "type": "type_id",
    "lot": "lot_id",
    "grade": "grade",
    "usage_group": "usage_group_id",
}


def _quantity(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True, **kwargs)


class BalanceQueryIn(api.InSerializer):
    unit = api.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The unit whose subtree is counted; the caller's unit if omitted."),
    )
    as_of = api.DateField(required=False, help_text=_("End of this day; now if omitted."))
    group_by = api.CharField(
        required=False,
        default="type,grade",
        help_text=_("Comma-separated, among unit, facility, type, lot, grade, usage_group."),
    )
    type = api.VisibleRelatedField(EquipmentType.objects.all(), required=False)
    branch = api.VisibleRelatedField(Branch.objects.all(), shared=True, required=False)

    def validate_group_by(self, value: str) -> list[str]:
        groups = [part.strip() for part in value.split(",") if part.strip()]
        if not groups or any(group not in BALANCE_GROUPS for group in groups):
            raise serializers.ValidationError(
                gettext("Group by one or more of: %(groups)s, separated by commas.")
                % {"groups": ", ".join(BALANCE_GROUPS)}
            )
        return list(dict.fromkeys(groups))


class BalanceRowOut(serializers.Serializer):
    """One balance; only the fields of the requested grouping are present."""

    unit = serializers.IntegerField(required=False)
    unit_name = serializers.CharField(required=False)
    facility = serializers.IntegerField(required=False, allow_null=True)
    facility_name = serializers.CharField(required=False, allow_null=True)
    type = serializers.IntegerField(required=False)
    type_symbol = serializers.CharField(required=False)
    type_name = serializers.CharField(required=False)
    uom = serializers.CharField(required=False)
    lot = serializers.IntegerField(required=False, allow_null=True)
    lot_number = serializers.CharField(required=False, allow_null=True)
    grade = serializers.IntegerField(required=False, min_value=1, max_value=5)
    usage_group = serializers.IntegerField(required=False)
    usage_group_name = serializers.CharField(required=False)
    quantity = _quantity()


class PeriodReportQueryIn(api.InSerializer):
    unit = api.IntegerField(
        required=False, min_value=1, help_text=_("The caller's unit if omitted.")
    )
    start = api.DateField()
    end = api.DateField()
    branch = api.VisibleRelatedField(Branch.objects.all(), shared=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError(
                {"end": gettext("The end date must not be before the start date.")}
            )
        return attrs


class KindOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()


class PeriodReportRowOut(serializers.Serializer):
    type = serializers.IntegerField(source="type.pk")
    type_symbol = serializers.CharField(source="type.symbol")
    type_name = serializers.CharField(source="type.name")
    uom = serializers.CharField(source="type.uom")
    branch_name = serializers.CharField(source="type.branch.name")
    grade = serializers.IntegerField(min_value=1, max_value=5)
    opening = _quantity()
    increases = serializers.DictField(
        child=serializers.DecimalField(18, 3), help_text=_("Increase by kind of document.")
    )
    decreases = serializers.DictField(
        child=serializers.DecimalField(18, 3), help_text=_("Decrease by kind of document.")
    )
    total_increase = _quantity()
    total_decrease = _quantity()
    closing = _quantity()


class PeriodTotalsOut(serializers.Serializer):
    """The totals of one unit of measure."""

    uom = serializers.CharField()
    opening = _quantity()
    increase = _quantity()
    decrease = _quantity()
    closing = _quantity()


class PeriodReportOut(serializers.Serializer):
    """Opening + increases − decreases = closing, per type and grade, for a unit subtree."""

    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    start = serializers.DateField()
    end = serializers.DateField()
    increase_kinds = serializers.SerializerMethodField()
    decrease_kinds = serializers.SerializerMethodField()
    rows = PeriodReportRowOut(many=True)
    totals = serializers.SerializerMethodField()

    @extend_schema_field(KindOut(many=True))
    def get_increase_kinds(self, report: PeriodReport) -> list[dict[str, str]]:
        return [{"kind": kind, "label": str(label)} for kind, label in report.increase_kinds]

    @extend_schema_field(KindOut(many=True))
    def get_decrease_kinds(self, report: PeriodReport) -> list[dict[str, str]]:
        return [{"kind": kind, "label": str(label)} for kind, label in report.decrease_kinds]

    @extend_schema_field(PeriodTotalsOut(many=True))
    def get_totals(self, report: PeriodReport) -> list[dict[str, Any]]:
        return PeriodTotalsOut(report.totals(), many=True).data


class PeriodCloseOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    # A plain string ("quarter" or "year"): `kind` is the document kind's enum elsewhere.
    kind = serializers.CharField(read_only=True, help_text=_("quarter or year"))
    closed_by = serializers.CharField(source="closed_by.username", read_only=True, allow_null=True)

    class Meta:
        model = PeriodClose
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "period_start",
            "period_end",
            "period_label",
            "closed_by",
            "closed_at",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "string", "description": "quarter or year"})
class PeriodKindField(api.ChoiceField):
    """`kind` names the document kind's enum in the schema; this one is documented as text."""


class PeriodCloseIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    kind = PeriodKindField(PeriodKind.choices)
    year = api.IntegerField(min_value=2000, max_value=2100)
    quarter = api.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=4,
        help_text=_("1 to 4; only for a quarter."),
    )


class AuthorizedStrengthOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    type_name = serializers.CharField(source="type.name", read_only=True)
    quantity = _quantity()

    class Meta:
        model = AuthorizedStrength
        fields = [
            "id",
            "unit",
            "unit_name",
            "type",
            "type_name",
            "quantity",
            "valid_from",
            "decision_ref",
        ]
        read_only_fields = fields


class AuthorizedStrengthIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    type = api.VisibleRelatedField(EquipmentType.objects.all())
    quantity = api.QuantityField()
    valid_from = api.DateField(
        required=False, default=timezone.localdate, help_text=_("Today if omitted.")
    )
    decision_ref = api.CharField(max_length=200, required=False, allow_blank=True, default="")
