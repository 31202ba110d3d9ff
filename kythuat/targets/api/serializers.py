from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.directives.models import Clause
from kythuat.org.models import Unit

from .. import selectors
from ..forms import visible_clauses
from ..models import Target
from ..progress import Status

NUMBER = {"max_digits": 24, "decimal_places": 4}


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    """A choice described as a string listing its values (an enum shared by several
    components of the schema would need a name in the settings)."""
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


class NumberField(serializers.DecimalField):
    default_error_messages = {
        **api.REQUIRED,
        "invalid": _("Enter a number."),
        "max_digits": _("Enter a number with at most 20 digits before the decimal point."),
        "max_whole_digits": _("Enter a number with at most 20 digits before the decimal "
                                  "point."),
        "max_decimal_places": _("Enter a number with at most 4 decimal places."),
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**NUMBER, **kwargs)


class ClauseField(api.VisibleRelatedField):
    """A clause of a directive the caller sees (issued in the caller's subtree or above it)."""

    def get_queryset(self):
        request = self.context.get("request")
        return visible_clauses(request.user) if request is not None else Clause.objects.none()


class ProgressOut(serializers.Serializer):
    actual = serializers.DecimalField(**NUMBER, allow_null=True,
                                      help_text="Computed from the records, from the start to "
                                                "today (or the deadline once passed).")
    percent = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True,
                                       help_text="Way made from the baseline to the goal (a "
                                                 "ceiling: share of it used).")
    expected = serializers.DecimalField(**NUMBER, help_text="Value expected by today on the "
                                                            "straight line.")
    expected_percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    status = plain_choices(Status.choices)
    measured_to = serializers.DateField(source="day", allow_null=True)
    records_url = serializers.CharField(help_text="The page listing the records behind the "
                                                  "actual.")


class TargetOut(serializers.ModelSerializer):
    directive = serializers.IntegerField(source="clause.directive_id", read_only=True)
    directive_number = serializers.CharField(source="clause.directive.number_symbol",
                                             read_only=True)
    indicator_name = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    form = plain_choices(Target.Form.choices, read_only=True)
    baseline_source = plain_choices(Target.BaselineSource.choices, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "clause", "directive", "directive_number", "indicator_code",
                  "indicator_name", "unit", "unit_name", "parent", "start", "deadline",
                  "baseline", "baseline_start", "baseline_end", "baseline_source",
                  "baseline_reason", "form", "stated_value", "stated_unit", "goal", "note",
                  "assigned_by", "assigned_at", "progress"]
        read_only_fields = fields

    @extend_schema_field(ProgressOut)
    def get_progress(self, target: Target) -> dict:
        # A list measures its targets together (selectors.with_progress), not one by one.
        row = self.context.get("rows", {}).get(target.pk) or selectors.target_row(target)
        return ProgressOut({**row.progress.__dict__, "records_url": row.records_url}).data


class TargetValueIn(api.InSerializer):
    form = plain_choices(Target.Form.choices)
    stated_value = NumberField(help_text="The number as written: 25, 95, -5.")
    stated_unit = api.CharField(max_length=30, help_text="The unit of the value as written: "
                                "the indicator's unit code, or “percent”.")
    baseline_start = api.DateField(required=False, allow_null=True)
    baseline_end = api.DateField(required=False, allow_null=True)
    baseline = NumberField(required=False, allow_null=True,
                           help_text="Only for an entered indicator, with a reason.")
    baseline_reason = api.CharField(required=False, allow_blank=True)
    note = api.CharField(required=False, allow_blank=True)


class TargetAssignIn(TargetValueIn):
    clause = ClauseField(queryset=Clause.objects.all())
    indicator_code = api.CharField(max_length=100)
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    start = api.DateField()
    deadline = api.DateField()


class TargetUpdateIn(TargetValueIn):
    deadline = api.DateField()


class ShareIn(api.InSerializer):
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    value = NumberField()


class TargetAllocateIn(api.InSerializer):
    shares = ShareIn(many=True, allow_empty=False)
    note = api.CharField(required=False, allow_blank=True)


def share_pairs(shares: list[dict]) -> list[tuple[Unit, Decimal]]:
    return [(share["unit"], share["value"]) for share in shares]
