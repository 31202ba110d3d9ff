from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.org.models import Unit

from ..models import (
    FIRST_YEAR,
    LAST_YEAR,
    ConditionReading,
    Facility,
    FacilityKind,
    FacilityStandard,
    FundingSource,
    Inspection,
    Investment,
)

MEASURE = {"max_digits": 6, "decimal_places": 1, "coerce_to_string": False}


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    """An input choice field described as a string listing its values: "status" and "kind"
    name other choice sets in other apps, and an enum used by several components of the
    schema would need a name in the project's settings."""

    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


class FacilityOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    standard_name = serializers.CharField(source="standard.name", read_only=True,
                                          allow_null=True)
    limits = serializers.SerializerMethodField()
    status = plain_choices(Facility.Status.choices, read_only=True)

    class Meta:
        model = Facility
        fields = [
            "id", "code", "name", "kind", "kind_name", "owner_unit", "owner_unit_name",
            "location", "status", "capacity", "capacity_uom", "standard", "standard_name",
            "safety_radius_m", "has_fire_equipment", "fire_equipment",
            "has_lightning_protection", "lightning_protection", "logs_conditions",
            "min_temperature", "max_temperature", "max_humidity", "limits",
        ]
        read_only_fields = fields

    def get_limits(self, facility: Facility) -> dict[str, float | None]:
        """The limits in force: the facility's own, or its kind's default."""
        low, high, wet = facility.limits()
        return {"min_temperature": None if low is None else float(low),
                "max_temperature": None if high is None else float(high),
                "max_humidity": None if wet is None else float(wet)}


class FacilityIn(api.InSerializer):
    """A facility; in a PATCH every field is optional and the owner unit cannot change."""

    owner_unit = api.VisibleRelatedField(Unit.objects.all())
    kind = api.VisibleRelatedField(FacilityKind.objects.all(), shared=True)
    code = api.CharField(max_length=50)
    name = api.CharField(max_length=200)
    location = api.CharField(max_length=300, required=False, allow_blank=True)
    status = plain_choices(Facility.Status.choices, required=False)
    capacity = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                        allow_null=True, min_value=0)
    capacity_uom = api.CharField(max_length=30, required=False, allow_blank=True)
    standard = api.VisibleRelatedField(FacilityStandard.objects.all(), shared=True, required=False,
                                       allow_null=True)
    safety_radius_m = api.IntegerField(min_value=0, required=False, allow_null=True)
    has_fire_equipment = serializers.BooleanField(required=False)
    fire_equipment = api.CharField(max_length=400, required=False, allow_blank=True)
    has_lightning_protection = serializers.BooleanField(required=False)
    lightning_protection = api.CharField(max_length=400, required=False, allow_blank=True)
    logs_conditions = serializers.BooleanField(required=False)
    min_temperature = serializers.DecimalField(**MEASURE, required=False, allow_null=True)
    max_temperature = serializers.DecimalField(**MEASURE, required=False, allow_null=True)
    max_humidity = serializers.DecimalField(**MEASURE, required=False, allow_null=True)


class FacilityStandardOut(serializers.ModelSerializer):
    class Meta:
        model = FacilityStandard
        fields = ["id", "code", "name", "description", "order"]
        read_only_fields = fields


class FundingSourceOut(serializers.ModelSerializer):
    class Meta:
        model = FundingSource
        fields = ["id", "code", "name", "order"]
        read_only_fields = fields


class InvestmentOut(serializers.ModelSerializer):
    facility_code = serializers.CharField(source="facility.code", read_only=True)
    funding_source_name = serializers.CharField(source="funding_source.name", read_only=True)
    kind = plain_choices(Investment.Kind.choices, read_only=True)

    class Meta:
        model = Investment
        fields = ["id", "facility", "facility_code", "year", "kind", "description", "cost_vnd",
                  "funding_source", "funding_source_name", "decision_ref", "note"]
        read_only_fields = fields


class InvestmentIn(api.InSerializer):
    """One construction or investment record; the cost is an integer amount of dong."""

    facility = api.VisibleRelatedField(Facility.objects.all())
    year = api.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = plain_choices(Investment.Kind.choices, required=False)
    description = api.CharField(max_length=400)
    # No min_value here: the service refuses a negative cost with its own message.
    cost_vnd = api.IntegerField()
    funding_source = api.VisibleRelatedField(FundingSource.objects.all(), shared=True)
    decision_ref = api.CharField(max_length=200, required=False, allow_blank=True)
    note = api.CharField(max_length=400, required=False, allow_blank=True)


class SummaryIn(api.InSerializer):
    unit = api.IntegerField(required=False, help_text=_(
        "Id of the unit whose subtree is summed; the caller's unit if omitted."))
    year_from = api.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    year_to = api.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)


class SourceRowOut(serializers.Serializer):
    funding_source = serializers.IntegerField(source="source.pk")
    funding_source_name = serializers.CharField(source="source.name")
    by_year = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    records = serializers.IntegerField()


class KindRowOut(serializers.Serializer):
    name = serializers.CharField()
    facilities_built = serializers.IntegerField()
    facilities_invested = serializers.IntegerField()
    total = serializers.IntegerField()


class SummaryOut(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    total = serializers.IntegerField()
    records = serializers.IntegerField()
    facilities_built = serializers.IntegerField()
    facilities_invested = serializers.IntegerField()
    by_year = serializers.DictField(child=serializers.IntegerField())
    rows = SourceRowOut(many=True)
    kinds = KindRowOut(many=True)


class InspectionOut(serializers.ModelSerializer):
    facility_code = serializers.CharField(source="facility.code", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "facility", "facility_code", "inspected_on", "inspector", "findings",
                  "fix_deadline", "is_open", "is_overdue", "closed_on", "closed_by",
                  "closing_note"]
        read_only_fields = fields

    def get_is_overdue(self, inspection: Inspection) -> bool:
        return inspection.is_overdue()


class InspectionIn(api.InSerializer):
    facility = api.VisibleRelatedField(Facility.objects.all())
    inspected_on = api.DateField()
    inspector = api.CharField(max_length=200)
    findings = api.CharField(required=False, allow_blank=True)
    fix_deadline = api.DateField(required=False, allow_null=True)


class InspectionCloseIn(api.InSerializer):
    closed_on = api.DateField()
    note = api.CharField(max_length=400, required=False, allow_blank=True)


class ReadingOut(serializers.ModelSerializer):
    facility_code = serializers.CharField(source="facility.code", read_only=True)
    needs_acknowledgement = serializers.BooleanField(read_only=True)

    class Meta:
        model = ConditionReading
        fields = ["id", "facility", "facility_code", "taken_at", "temperature", "humidity",
                  "note", "recorded_by", "min_temperature", "max_temperature", "max_humidity",
                  "is_out_of_limits", "needs_acknowledgement", "acknowledged_at",
                  "acknowledged_by", "acknowledgement_note"]
        read_only_fields = fields


class ReadingIn(api.InSerializer):
    """A reading; the service refuses impossible values with its own messages."""

    facility = api.VisibleRelatedField(Facility.objects.all())
    taken_at = serializers.DateTimeField()
    temperature = serializers.DecimalField(**MEASURE, required=False, allow_null=True)
    humidity = serializers.DecimalField(**MEASURE, required=False, allow_null=True)
    note = api.CharField(max_length=400, required=False, allow_blank=True)


class AcknowledgeIn(api.InSerializer):
    note = api.CharField(max_length=400, required=False, allow_blank=True)
