"""Shapes of the report API: `<Model>Out` for answers, `<Action>In` for inputs (no logic)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.directives.api.serializers import plain_choices
from kythuat.org.models import Unit

from ..models import Figure, Report, Review, Section
from ..services.figures import shown_value


class SectionOut(serializers.ModelSerializer):
    part = plain_choices(Section.Part.choices, read_only=True)
    part_label = serializers.CharField(source="get_part_display", read_only=True)

    class Meta:
        model = Section
        fields = ["id", "report", "part", "part_label", "text", "updated_at"]
        read_only_fields = fields


class FigureOut(serializers.ModelSerializer):
    source = plain_choices(Figure.Source.choices, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    token = serializers.CharField(read_only=True)
    current_value = serializers.SerializerMethodField(
        help_text="The frozen value once the report is issued, the live value before.")

    class Meta:
        model = Figure
        fields = ["id", "report", "token", "label", "source", "indicator_code", "unit",
                  "unit_name", "period_start", "period_end", "current_value", "value",
                  "numerator", "denominator", "unit_of_measure", "record_count",
                  "fingerprint", "computed_at", "frozen", "target"]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=24, decimal_places=4,
                                                  allow_null=True))
    def get_current_value(self, figure: Figure):
        # Four places, as the stored value: the same text on SQLite and PostgreSQL.
        value = shown_value(figure)
        return None if value is None else str(Decimal(value).quantize(Decimal("0.0001")))


class ReportOut(serializers.ModelSerializer):
    status = plain_choices(Report.Status.choices, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    number_symbol = serializers.CharField(source="number.symbol", read_only=True,
                                          default=None)
    is_central = serializers.BooleanField(read_only=True)
    sections = SectionOut(many=True, read_only=True)

    class Meta:
        model = Report
        fields = ["id", "review", "unit", "unit_name", "is_central", "title", "issuer",
                  "place", "status", "number_symbol", "issued_on", "issued_at",
                  "missing_note", "sections"]
        read_only_fields = fields


class ReportCreateIn(api.InSerializer):
    review = api.VisibleRelatedField(queryset=Review.objects.all())
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())


class SectionIn(api.InSerializer):
    text = api.CharField(allow_blank=True, max_length=50000)


class FigureIn(api.InSerializer):
    report = api.VisibleRelatedField(queryset=Report.objects.all())
    indicator_code = api.CharField(max_length=100)
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    period_start = api.DateField(required=False, allow_null=True)
    period_end = api.DateField(required=False, allow_null=True)
    label = api.CharField(required=False, allow_blank=True, max_length=300)


class ReportIssueIn(api.InSerializer):
    date = api.DateField(required=False, allow_null=True)


class DifferenceOut(serializers.Serializer):
    figure = serializers.IntegerField(source="figure.pk")
    label = serializers.CharField(source="figure.label")
    frozen = serializers.CharField(source="frozen_text")
    today = serializers.CharField(source="today_text")
    value_changed = serializers.BooleanField()
    records_changed = serializers.BooleanField()
    records_url = serializers.CharField(source="url")
    records_written_after_issue = serializers.SerializerMethodField()

    def get_records_written_after_issue(self, difference) -> int:
        return sum(group.count for group in difference.changes)
