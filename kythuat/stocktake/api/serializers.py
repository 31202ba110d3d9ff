from rest_framework import serializers

from kythuat.core.api import InSerializer

from ..models import CommitteeMember, CountLine, CountSheet, Stocktake


class MemberOut(serializers.ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["id", "name", "position", "role"]
        read_only_fields = fields


class StocktakeOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    members = MemberOut(many=True, read_only=True)
    line_count = serializers.IntegerField(read_only=True)
    counted_count = serializers.IntegerField(read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    # Plain strings: the choice sets are named in the API documentation of the fields.
    kind = serializers.CharField(read_only=True, help_text="periodic | ad_hoc")
    status = serializers.CharField(
        read_only=True, help_text="draft | counting | counted | approved | cancelled")

    class Meta:
        model = Stocktake
        fields = ["id", "unit", "unit_name", "kind", "as_of", "title", "decision_ref",
                  "is_blind", "status", "note", "conclusion", "members", "line_count",
                  "counted_count", "documents", "started_at", "counted_at", "approved_at"]
        read_only_fields = fields


class CountLineOut(serializers.ModelSerializer):
    type_symbol = serializers.CharField(source="type.symbol", read_only=True)
    lot_number = serializers.CharField(source="lot_label", read_only=True)
    booked = serializers.SerializerMethodField()
    grade = serializers.IntegerField(read_only=True)
    grade_found = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CountLine
        fields = ["id", "type", "type_symbol", "item", "serial", "lot", "lot_number", "grade",
                  "usage_group", "booked", "counted", "grade_found", "regraded",
                  "is_unexpected", "note"]
        read_only_fields = fields

    def get_booked(self, line: CountLine) -> str | None:
        """Empty on the sheets of a blind count."""
        return None if line.sheet.stocktake.is_blind else str(line.booked)


class CountSheetOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True,
                                          default="")
    lines = CountLineOut(many=True, read_only=True)

    class Meta:
        model = CountSheet
        fields = ["id", "stocktake", "number", "unit", "unit_name", "facility",
                  "facility_name", "lines"]
        read_only_fields = fields


class LineCountIn(InSerializer):
    id = serializers.IntegerField()
    counted = serializers.DecimalField(max_digits=18, decimal_places=3, allow_null=True,
                                       min_value=0)
    grade_found = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                           max_value=5)
    regraded = serializers.DecimalField(max_digits=18, decimal_places=3, required=False,
                                        allow_null=True, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class SheetCountIn(InSerializer):
    lines = LineCountIn(many=True)
