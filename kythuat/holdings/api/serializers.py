"""Items, lots and documents: `<Model>Out` for answers, `<Action>In` for input.

Grades are plain integers 1–5 everywhere and quantities are decimal strings ("12.500").
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core import api
from kythuat.org.models import Unit
from kythuat.storage.models import Facility

from ..choices import MovementKind, ReceiptSource
from ..models import Item, LedgerEntry, Lot, Movement, MovementLine

GRADE = {"min_value": 1, "max_value": 5}


def _quantity() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)


def _grade(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(read_only=True, **GRADE, **kwargs)


class ItemOut(serializers.ModelSerializer):
    type_symbol = serializers.CharField(source="type.symbol", read_only=True)
    type_name = serializers.CharField(source="type.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True, allow_null=True)
    usage_group_name = serializers.CharField(source="usage_group.name", read_only=True)
    grade = _grade()

    class Meta:
        model = Item
        fields = [
            "id",
            "type",
            "type_symbol",
            "type_name",
            "serial",
            "manufactured_year",
            "origin",
            "unit",
            "unit_name",
            "facility",
            "facility_name",
            "grade",
            "usage_group",
            "usage_group_name",
            "placement",
            "is_complete",
            "missing_parts",
            "status",
            "note",
        ]
        read_only_fields = fields


class LotOut(serializers.ModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)

    class Meta:
        model = Lot
        fields = [
            "id",
            "type",
            "type_name",
            "lot_number",
            "manufacturer",
            "manufactured_year",
            "expiry_date",
            "status",
        ]
        read_only_fields = fields


class LedgerEntryOut(serializers.ModelSerializer):
    movement_number = serializers.CharField(source="movement.number", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    usage_group_name = serializers.CharField(source="usage_group.name", read_only=True)
    grade = _grade()
    quantity = _quantity()

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "effective_date",
            "movement",
            "movement_number",
            "kind",
            "direction",
            "unit",
            "unit_name",
            "facility",
            "type",
            "lot",
            "item",
            "grade",
            "usage_group",
            "usage_group_name",
            "quantity",
        ]
        read_only_fields = fields


class ItemStateOut(serializers.Serializer):
    """Where an item was at the end of a day; `held` is false before it entered the books."""

    day = serializers.DateField(read_only=True)
    held = serializers.BooleanField(read_only=True)
    unit_name = serializers.CharField(read_only=True)
    grade = _grade(allow_null=True)
    usage_group = serializers.CharField(read_only=True)
    movement_number = serializers.CharField(read_only=True)


class AsOfIn(api.InSerializer):
    as_of = api.DateField(required=False, help_text=_("The day (YYYY-MM-DD); today if omitted."))


class MovementLineOut(serializers.ModelSerializer):
    type_symbol = serializers.CharField(source="type.symbol", read_only=True)
    type_name = serializers.CharField(source="type.name", read_only=True)
    uom = serializers.CharField(source="type.uom", read_only=True)
    serial = serializers.SerializerMethodField()
    lot_number = serializers.SerializerMethodField()
    usage_group_name = serializers.CharField(source="usage_group.name", read_only=True)
    grade = _grade()
    grade_to = _grade(allow_null=True)
    quantity = _quantity()

    class Meta:
        model = MovementLine
        fields = [
            "id",
            "type",
            "type_symbol",
            "type_name",
            "uom",
            "item",
            "serial",
            "lot",
            "lot_number",
            "lot_expiry",
            "quantity",
            "grade",
            "grade_to",
            "usage_group",
            "usage_group_name",
            "usage_group_to",
            "manufactured_year",
            "note",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_serial(self, line: MovementLine) -> str:
        return line.item.serial if line.item_id else line.serial

    @extend_schema_field(OpenApiTypes.STR)
    def get_lot_number(self, line: MovementLine) -> str:
        return line.lot.lot_number if line.lot_id else line.lot_number


class MovementOut(serializers.ModelSerializer):
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True, allow_null=True)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True, allow_null=True)
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True
    )
    posted_by = serializers.CharField(source="posted_by.username", read_only=True, allow_null=True)
    returned_by = serializers.CharField(
        source="returned_by.username", read_only=True, allow_null=True
    )
    reversed_by = serializers.SerializerMethodField()
    is_reversed = serializers.SerializerMethodField()
    lines = MovementLineOut(many=True, read_only=True)

    class Meta:
        model = Movement
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "effective_date",
            "from_unit",
            "from_unit_name",
            "to_unit",
            "to_unit_name",
            "from_facility",
            "to_facility",
            "source",
            "reason",
            "decision_ref",
            "note",
            "created_by",
            "posted_by",
            "posted_at",
            "reverses",
            "reversed_by",
            "is_reversed",
            "returned_comment",
            "returned_by",
            "returned_at",
            "created_at",
            "updated_at",
            "lines",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_reversed_by(self, movement: Movement) -> int | None:
        try:
            return movement.reversal.pk
        except Movement.DoesNotExist:
            return None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_reversed(self, movement: Movement) -> bool:
        return self.get_reversed_by(movement) is not None


class MovementLineIn(api.InSerializer):
    """A line: an item (serial types), a lot and quantity, or a quantity of a bulk type.

    A receipt registers new serial items (`serial`) and new lots (`lot_number`).
    """

    type = api.VisibleRelatedField(
        EquipmentType.objects.all(),
        required=False,
        help_text=_("Taken from the item or lot when omitted."),
    )
    item = api.VisibleRelatedField(
        Item.objects.all(), required=False, allow_null=True, default=None
    )
    lot = api.VisibleRelatedField(Lot.objects.all(), required=False, allow_null=True, default=None)
    quantity = api.QuantityField(
        required=False, help_text=_("1 when omitted for a serial-tracked type.")
    )
    grade = api.IntegerField(required=False, allow_null=True, default=None,
                             help_text=_("Required unless the line names an item (which "
                                         "brings its own)."), **GRADE)
    grade_to = api.IntegerField(required=False, allow_null=True, default=None, **GRADE)
    usage_group = api.VisibleRelatedField(
        UsageGroup.objects.all(), shared=True, required=False, allow_null=True, default=None,
        help_text=_("Required unless the line names an item (which brings its own)."),
    )
    usage_group_to = api.VisibleRelatedField(
        UsageGroup.objects.all(), shared=True, required=False, allow_null=True, default=None
    )
    serial = api.CharField(max_length=60, required=False, allow_blank=True, default="")
    manufactured_year = api.IntegerField(
        required=False, allow_null=True, default=None, min_value=1900, max_value=2100
    )
    lot_number = api.CharField(max_length=60, required=False, allow_blank=True, default="")
    lot_expiry = api.DateField(required=False, allow_null=True, default=None)
    note = api.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("type") is None:
            source = attrs["item"] or attrs["lot"]
            if source is None:
                raise serializers.ValidationError({"type": api.REQUIRED["required"]})
            attrs["type"] = source.type
        if attrs.get("quantity") is None:
            if not attrs["type"].is_serial:
                raise serializers.ValidationError({"quantity": api.REQUIRED["required"]})
            attrs["quantity"] = Decimal(1)
        return attrs


class MovementIn(api.InSerializer):
    """A draft document: header fields and its lines. PUT replaces the whole draft."""

    kind = api.ChoiceField(MovementKind.choices)
    effective_date = api.DateField()
    from_unit = api.VisibleRelatedField(
        Unit.objects.all(), required=False, allow_null=True, default=None
    )
    to_unit = api.VisibleRelatedField(
        Unit.objects.all(), required=False, allow_null=True, default=None
    )
    from_facility = api.VisibleRelatedField(
        Facility.objects.all(), required=False, allow_null=True, default=None
    )
    to_facility = api.VisibleRelatedField(
        Facility.objects.all(), required=False, allow_null=True, default=None
    )
    source = api.ChoiceField(ReceiptSource.choices, required=False, allow_blank=True, default="")
    reason = api.CharField(max_length=500, required=False, allow_blank=True, default="")
    decision_ref = api.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = api.CharField(required=False, allow_blank=True, default="")
    lines = MovementLineIn(many=True, error_messages=api.LIST_ERRORS)


class MovementReverseIn(api.InSerializer):
    effective_date = api.DateField(
        required=False, allow_null=True, default=None, help_text=_("Today if omitted.")
    )
    reason = api.CharField(max_length=500, required=False, allow_blank=True, default="",
                           help_text=_("Required: why the document is reversed."))


class MovementReturnIn(api.InSerializer):
    comment = api.CharField(max_length=2000, allow_blank=True,
                            help_text=_("What the clerk must correct before posting."))
