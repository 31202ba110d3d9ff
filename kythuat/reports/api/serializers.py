"""The three statistical reports as JSON, shaped like their printed tables."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..selectors import GradeReport, IncreaseDecreaseReport


def _quantity(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True, **kwargs)


class ColumnOut(serializers.Serializer):
    key = serializers.CharField(help_text=_("Movement kind, or receipt:<source>."))
    label = serializers.CharField()


class FlowLineOut(serializers.Serializer):
    kind = serializers.CharField(help_text=_("branch, row, subtotal or total"))
    label = serializers.CharField()
    number = serializers.IntegerField()
    type = serializers.IntegerField(source="type_id", allow_null=True)
    uom = serializers.CharField()
    grade = serializers.IntegerField(allow_null=True)
    opening = _quantity()
    increases = serializers.DictField(child=serializers.DecimalField(18, 3))
    total_increase = _quantity()
    decreases = serializers.DictField(child=serializers.DecimalField(18, 3))
    total_decrease = _quantity()
    closing = _quantity()
    balances = serializers.BooleanField()


class IncreaseDecreaseOut(serializers.Serializer):
    """Opening + increases − decreases = closing, by branch and type, with subtotals."""

    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    start = serializers.DateField()
    end = serializers.DateField()
    by_grade = serializers.BooleanField()
    increase_columns = serializers.SerializerMethodField()
    decrease_columns = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    @extend_schema_field(ColumnOut(many=True))
    def get_increase_columns(self, report: IncreaseDecreaseReport) -> list[dict]:
        return [{"key": key, "label": label} for key, label in report.increase_columns]

    @extend_schema_field(ColumnOut(many=True))
    def get_decrease_columns(self, report: IncreaseDecreaseReport) -> list[dict]:
        return [{"key": key, "label": label} for key, label in report.decrease_columns]

    @extend_schema_field(FlowLineOut(many=True))
    def get_lines(self, report: IncreaseDecreaseReport) -> list[dict]:
        inc = [key for key, _label in report.increase_columns]
        dec = [key for key, _label in report.decrease_columns]
        lines = []
        for line in report.lines:
            lines.append(
                {
                    **{
                        name: getattr(line, name)
                        for name in (
                            "kind",
                            "label",
                            "number",
                            "type_id",
                            "uom",
                            "grade",
                            "opening",
                            "total_increase",
                            "total_decrease",
                            "closing",
                            "balances",
                        )
                    },
                    "increases": dict(zip(inc, line.increases, strict=False)),
                    "decreases": dict(zip(dec, line.decreases, strict=False)),
                }
            )
        return FlowLineOut(lines, many=True).data


class GradeRowOut(serializers.Serializer):
    kind = serializers.CharField(help_text=_("unit, usage, total or total_usage"))
    label = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    grades = serializers.SerializerMethodField()
    total = _quantity()
    technical_coefficient = serializers.DecimalField(
        5, 1, source="coefficient", allow_null=True, read_only=True
    )

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(18, 3)))
    def get_grades(self, row) -> dict[str, str]:
        return {str(grade): f"{quantity:.3f}" for grade, quantity in sorted(row.by_grade.items())}


class GradeSectionOut(serializers.Serializer):
    type = serializers.IntegerField(source="type.pk")
    type_name = serializers.CharField(source="type.name")
    uom = serializers.CharField(source="type.uom")
    rows = GradeRowOut(many=True)


class GradeReportOut(serializers.Serializer):
    """Per type: the unit's own holdings and each direct subordinate, by grade; totals."""

    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    as_of = serializers.DateField(source="day", allow_null=True)
    split_usage = serializers.BooleanField()
    sections = GradeSectionOut(many=True)

    def to_representation(self, report: GradeReport) -> dict:
        return super().to_representation(report)


class StrengthLineOut(serializers.Serializer):
    kind = serializers.CharField(help_text=_("row or total"))
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit")
    type = serializers.IntegerField(source="type_id")
    type_name = serializers.CharField()
    uom = serializers.CharField()
    authorized = _quantity(allow_null=True)
    on_hand = _quantity()
    difference = _quantity(allow_null=True)
    percent = serializers.DecimalField(9, 1, allow_null=True, read_only=True)


class StrengthReportOut(serializers.Serializer):
    """Authorised strength against holdings per subordinate unit and type; totals by type."""

    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    date = serializers.DateField(source="day")
    rows = StrengthLineOut(many=True)
    totals = StrengthLineOut(many=True)
