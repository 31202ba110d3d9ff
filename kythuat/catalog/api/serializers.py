from rest_framework import serializers

from ..models import Branch, EquipmentType, GradeDefinition, UsageGroup


class BranchOut(serializers.ModelSerializer):
    class Meta:
        model = Branch
        fields = ["id", "code", "name", "order"]
        read_only_fields = fields


class EquipmentTypeOut(serializers.ModelSerializer):
    branch_name = serializers.CharField(source="branch.name", read_only=True)

    class Meta:
        model = EquipmentType
        fields = [
            "id",
            "symbol",
            "name",
            "branch",
            "branch_name",
            "uom",
            "origin",
            "tracking",
            "owner_unit",
            "is_active",
        ]
        read_only_fields = fields


class UsageGroupOut(serializers.ModelSerializer):
    class Meta:
        model = UsageGroup
        fields = ["id", "code", "name", "order", "is_combat_ready", "valid_from", "valid_to"]
        read_only_fields = fields


class GradeOut(serializers.ModelSerializer):
    # A plain number: grades 1–5 appear in many resources, all as integers.
    level = serializers.IntegerField(read_only=True, min_value=1, max_value=5)

    class Meta:
        model = GradeDefinition
        fields = [
            "id",
            "level",
            "name",
            "description",
            "is_serviceable",
            "valid_from",
            "valid_to",
            "source",
        ]
        read_only_fields = fields
