"""Maintenance resources: `<Model>Out` for answers, `<Action>In` for input."""

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core import api
from kythuat.holdings.models import Item, Lot
from kythuat.org.models import Unit
from kythuat.people.models import Person
from kythuat.storage.models import Facility

from ..models import (
    CalendarEntry,
    Frequency,
    MaintenanceKind,
    MaintenancePlan,
    Meter,
    MeterKind,
    MeterReading,
    RepairLevel,
    WorkOrder,
    WorkOrderLine,
    WorkOrderPart,
)

GRADE = {"min_value": 1, "max_value": 5}


class WorkFacilityField(api.VisibleRelatedField):
    """A facility of the caller's subtree or of a unit above the caller (a higher workshop)."""

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return Facility.objects.none()
        user = request.user
        if user.is_superuser:
            return Facility.objects.all()
        above = user.unit.ancestors() if user.unit_id else Unit.objects.none()
        return Facility.objects.filter(Q(pk__in=Facility.objects.visible_to(user).values("pk"))
                                       | Q(owner_unit__in=above))


# Reference data


class MaintenanceKindOut(serializers.ModelSerializer):
    class Meta:
        model = MaintenanceKind
        fields = ["id", "code", "name", "order", "covers", "is_active"]
        read_only_fields = fields


class RepairLevelOut(serializers.ModelSerializer):
    class Meta:
        model = RepairLevel
        fields = ["id", "code", "name", "order", "allowed_facility_kinds", "allowed_unit_kinds",
                  "is_active"]
        read_only_fields = fields


class MeterKindOut(serializers.ModelSerializer):
    class Meta:
        model = MeterKind
        fields = ["id", "code", "name", "uom", "max_per_day", "max_value"]
        read_only_fields = fields


# Plans and calendar


class PlanOut(serializers.ModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = MaintenancePlan
        fields = ["id", "type", "type_name", "kind", "kind_name", "interval_months",
                  "interval_days", "meter_kind", "interval_meter", "is_active", "note"]
        read_only_fields = fields


class PlanIn(api.InSerializer):
    type = api.VisibleRelatedField(queryset=EquipmentType.objects.all())
    kind = api.VisibleRelatedField(MaintenanceKind.objects.all(), shared=True)
    interval_months = api.IntegerField(required=False, allow_null=True, min_value=1,
                                       max_value=240)
    interval_days = api.IntegerField(required=False, allow_null=True, min_value=1,
                                     max_value=3650)
    meter_kind = api.VisibleRelatedField(MeterKind.objects.all(), shared=True, required=False,
                                         allow_null=True)
    interval_meter = serializers.DecimalField(max_digits=14, decimal_places=1, required=False,
                                              allow_null=True)
    is_active = serializers.BooleanField(required=False, default=True)
    note = api.CharField(required=False, allow_blank=True, max_length=300, default="")


class CalendarEntryOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = CalendarEntry
        fields = ["id", "unit", "unit_name", "name", "frequency", "weekday", "day_of_month",
                  "start_time", "end_time", "content", "applies_below", "valid_from",
                  "valid_to"]
        read_only_fields = fields


class CalendarEntryIn(api.InSerializer):
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    name = api.CharField(max_length=150)
    frequency = api.ChoiceField(choices=Frequency.choices)
    weekday = api.IntegerField(required=False, allow_null=True, min_value=0, max_value=6)
    day_of_month = api.IntegerField(required=False, allow_null=True, min_value=1, max_value=31)
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    content = api.CharField(required=False, allow_blank=True, default="")
    applies_below = serializers.BooleanField(required=False, default=True)
    valid_from = api.DateField()
    valid_to = api.DateField(required=False, allow_null=True)


# Meters


class MeterOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    uom = serializers.CharField(source="kind.uom", read_only=True)
    serial = serializers.CharField(source="item.serial", read_only=True)

    class Meta:
        model = Meter
        fields = ["id", "item", "serial", "kind", "kind_name", "uom", "value", "total",
                  "first_total", "read_on"]
        read_only_fields = fields


class MeterReadingOut(serializers.ModelSerializer):
    item = serializers.IntegerField(source="meter.item_id", read_only=True)
    kind = serializers.IntegerField(source="meter.kind_id", read_only=True)

    class Meta:
        model = MeterReading
        fields = ["id", "meter", "item", "kind", "read_on", "value", "total", "is_replacement",
                  "note"]
        read_only_fields = fields


class MeterReadingIn(api.InSerializer):
    item = api.VisibleRelatedField(queryset=Item.objects.all())
    kind = api.VisibleRelatedField(MeterKind.objects.all(), shared=True)
    read_on = api.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=1)
    is_replacement = serializers.BooleanField(required=False, default=False)
    note = api.CharField(required=False, allow_blank=True, max_length=300, default="")


# Work orders


class WorkOrderLineOut(serializers.ModelSerializer):
    serial = serializers.CharField(source="item.serial", read_only=True, allow_null=True)
    grade_change_number = serializers.CharField(source="grade_change.number", read_only=True,
                                                allow_null=True)
    grade_before = serializers.IntegerField(read_only=True, **GRADE)
    grade_after = serializers.IntegerField(read_only=True, allow_null=True, **GRADE)

    class Meta:
        model = WorkOrderLine
        fields = ["id", "type", "item", "serial", "lot", "facility", "usage_group", "quantity",
                  "grade_before", "grade_after", "grade_change", "grade_change_number"]
        read_only_fields = fields


class WorkOrderPartOut(serializers.ModelSerializer):
    grade = serializers.IntegerField(read_only=True, **GRADE)

    class Meta:
        model = WorkOrderPart
        fields = ["id", "type", "lot", "quantity", "grade", "usage_group"]
        read_only_fields = fields


class WorkOrderOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    lines = WorkOrderLineOut(many=True, read_only=True)
    parts = WorkOrderPartOut(many=True, read_only=True)

    class Meta:
        model = WorkOrder
        fields = ["id", "number", "unit", "unit_name", "facility", "facility_name", "category",
                  "maintenance_kind", "repair_level", "status", "opened_on", "closed_on",
                  "description", "labour_hours", "cost", "result", "parts_facility",
                  "consumption", "lines", "parts", "technicians"]
        read_only_fields = fields


class StaffingWarningOut(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)


class WorkOrderDetailOut(WorkOrderOut):
    """One work order, with the warnings of its technicians against the repair level's rule
    (a warning, not a refusal)."""

    warnings = serializers.SerializerMethodField()

    class Meta(WorkOrderOut.Meta):
        fields = [*WorkOrderOut.Meta.fields, "warnings"]
        read_only_fields = fields

    @extend_schema_field(StaffingWarningOut(many=True))
    def get_warnings(self, order: WorkOrder) -> list[dict]:
        from ..services import technician_warnings

        return [{"code": w.code, "message": w.message} for w in technician_warnings(order)]


class WorkOrderTechniciansIn(api.InSerializer):
    technicians = serializers.ListField(child=api.VisibleRelatedField(Person.objects.all()),
                                        max_length=30)


class WorkLineIn(api.InSerializer):
    type = api.VisibleRelatedField(queryset=EquipmentType.objects.all())
    item = api.VisibleRelatedField(queryset=Item.objects.all(), required=False, allow_null=True)
    lot = api.VisibleRelatedField(queryset=Lot.objects.all(), required=False, allow_null=True)
    quantity = api.QuantityField(required=False, default=1)
    grade = api.IntegerField(required=False, allow_null=True, **GRADE)
    usage_group = api.VisibleRelatedField(UsageGroup.objects.all(), shared=True, required=False,
                                          allow_null=True)
    facility = api.VisibleRelatedField(queryset=Facility.objects.all(), required=False,
                                       allow_null=True)


class WorkOrderOpenIn(api.InSerializer):
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    facility = WorkFacilityField(queryset=Facility.objects.all())
    category = api.ChoiceField(choices=WorkOrder.Category.choices)
    maintenance_kind = api.VisibleRelatedField(MaintenanceKind.objects.all(), shared=True,
                                               required=False, allow_null=True)
    repair_level = api.VisibleRelatedField(RepairLevel.objects.all(), shared=True, required=False,
                                           allow_null=True)
    opened_on = api.DateField()
    description = api.CharField(required=False, allow_blank=True, default="")
    lines = WorkLineIn(many=True)


class PartIn(api.InSerializer):
    type = api.VisibleRelatedField(queryset=EquipmentType.objects.all())
    lot = api.VisibleRelatedField(queryset=Lot.objects.all(), required=False, allow_null=True)
    quantity = api.QuantityField()
    grade = api.IntegerField(**GRADE)
    usage_group = api.VisibleRelatedField(UsageGroup.objects.all(), shared=True)


class GradeIn(api.InSerializer):
    line = api.IntegerField()
    grade_after = api.IntegerField(**GRADE)


class WorkOrderCloseIn(api.InSerializer):
    closed_on = api.DateField()
    labour_hours = serializers.DecimalField(max_digits=9, decimal_places=1, required=False,
                                            default=0)
    cost = serializers.DecimalField(max_digits=16, decimal_places=0, required=False, default=0)
    result = api.CharField(required=False, allow_blank=True, default="")
    grades = GradeIn(many=True, required=False, default=list)
    parts = PartIn(many=True, required=False, default=list)
    parts_facility = api.VisibleRelatedField(queryset=Facility.objects.all(), required=False,
                                             allow_null=True)

    def service_kwargs(self) -> dict[str, Any]:
        from ..services import PartSpec

        data = dict(self.validated_data)
        data["grades"] = {g["line"]: g["grade_after"] for g in data.pop("grades")}
        data["parts"] = [PartSpec(**part) for part in data.pop("parts")]
        return data


# Due list


class DueIn(api.InSerializer):
    unit = api.IntegerField(required=False, help_text="A unit of your subtree (default: yours).")
    state = api.ChoiceField(choices=["due", "overdue", "soon", "upcoming"], required=False,
                            default="due")
    kind = api.VisibleRelatedField(MaintenanceKind.objects.all(), shared=True, required=False)
    type = api.VisibleRelatedField(queryset=EquipmentType.objects.all(), required=False)
    q = api.CharField(required=False, allow_blank=True, default="")


class DueOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    serial = serializers.CharField()
    status = serializers.CharField()
    grade = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField()
    type = serializers.IntegerField(source="type_id")
    type_name = serializers.CharField()
    plan = serializers.IntegerField(source="plan_id")
    kind_name = serializers.CharField()
    last_done_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    meter_used = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    interval_meter = serializers.DecimalField(max_digits=14, decimal_places=1, allow_null=True)
    meter_uom = serializers.CharField(allow_null=True)
    is_due = serializers.BooleanField()
    is_overdue = serializers.BooleanField()
