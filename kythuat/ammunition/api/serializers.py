from rest_framework import serializers

from kythuat.core import api
from kythuat.holdings.models import Lot
from kythuat.org.models import Unit
from kythuat.storage.models import Facility

from ..models import (
    DisposalBatch,
    DisposalLine,
    LotIsolation,
    LotTest,
    ShelfLifeExtension,
    TestConclusion,
    TestKind,
)
from ..selectors import lot_state


class AmmoLotOut(serializers.ModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)
    uom = serializers.CharField(source="type.uom", read_only=True)
    on_hand = serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)
    last_tested = serializers.DateField(read_only=True)
    retest_months = serializers.IntegerField(source="months", read_only=True, allow_null=True)
    status = serializers.CharField(
        read_only=True, help_text="normal, isolated, disposal_approved or disposed")
    days_left = serializers.SerializerMethodField()
    next_retest = serializers.SerializerMethodField()

    class Meta:
        model = Lot
        fields = ["id", "type", "type_name", "lot_number", "manufacturer", "manufactured_year",
                  "expiry_date", "days_left", "status", "last_tested", "retest_months",
                  "next_retest", "on_hand", "uom"]
        read_only_fields = fields

    def get_days_left(self, lot: Lot) -> int | None:
        return lot_state(lot).days_left

    def get_next_retest(self, lot: Lot) -> str | None:
        day = lot_state(lot).next_retest
        return day.isoformat() if day else None


class LotTestOut(serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.lot_number", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    conclusion_name = serializers.CharField(source="conclusion.name", read_only=True)
    outcome = serializers.CharField(source="conclusion.outcome", read_only=True)

    class Meta:
        model = LotTest
        fields = ["id", "lot", "lot_number", "unit", "unit_name", "tested_on", "kind",
                  "kind_name", "samples_taken", "samples_failed", "results", "conclusion",
                  "conclusion_name", "outcome", "performed_by", "facility", "note"]
        read_only_fields = fields


class LotTestIn(api.InSerializer):
    lot = api.VisibleRelatedField(Lot.objects.all())
    unit = api.VisibleRelatedField(Unit.objects.all())
    tested_on = api.DateField()
    kind = api.VisibleRelatedField(TestKind.objects.all(), shared=True)
    conclusion = api.VisibleRelatedField(TestConclusion.objects.all(), shared=True)
    # No minimum here: the service answers a negative count with its own message.
    samples_taken = api.IntegerField(required=False, default=0)
    samples_failed = api.IntegerField(required=False, default=0)
    results = serializers.CharField(required=False, allow_blank=True, default="")
    performed_by = serializers.CharField(required=False, allow_blank=True, default="",
                                         max_length=200)
    facility = api.VisibleRelatedField(Facility.objects.all(), required=False,
                                       allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LotIsolationOut(serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.lot_number", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = LotIsolation
        fields = ["id", "lot", "lot_number", "unit", "unit_name", "decision_ref", "reason",
                  "isolated_on", "released_on", "release_ref", "release_note"]
        read_only_fields = fields


class LotIsolateIn(api.InSerializer):
    lot = api.VisibleRelatedField(Lot.objects.all())
    unit = api.VisibleRelatedField(Unit.objects.all())
    decision_ref = api.CharField(max_length=200)
    reason = api.CharField(max_length=500)
    isolated_on = api.DateField()


class LotReleaseIn(api.InSerializer):
    release_ref = api.CharField(max_length=200)
    released_on = api.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ShelfLifeExtensionOut(serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.lot_number", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ShelfLifeExtension
        fields = ["id", "lot", "lot_number", "unit", "unit_name", "decision_ref", "decided_on",
                  "previous_expiry", "new_expiry", "note"]
        read_only_fields = fields


class ShelfLifeExtendIn(api.InSerializer):
    lot = api.VisibleRelatedField(Lot.objects.all())
    unit = api.VisibleRelatedField(Unit.objects.all())
    decision_ref = api.CharField(max_length=200)
    decided_on = api.DateField()
    new_expiry = api.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class DisposalLineOut(serializers.ModelSerializer):
    lot_number = serializers.CharField(source="lot.lot_number", read_only=True)
    type_name = serializers.CharField(source="lot.type.name", read_only=True)

    class Meta:
        model = DisposalLine
        fields = ["id", "lot", "lot_number", "type_name", "quantity"]
        read_only_fields = fields


class DisposalBatchOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, approved or done")
    lines = DisposalLineOut(many=True, read_only=True)
    write_offs = serializers.SerializerMethodField()

    class Meta:
        model = DisposalBatch
        fields = ["id", "unit", "unit_name", "title", "decision_ref", "decided_on", "status",
                  "note", "lines", "write_offs"]
        read_only_fields = fields

    def get_write_offs(self, batch: DisposalBatch) -> list[int]:
        return [link.movement_id for link in batch.write_offs.all()]


class DisposalLineIn(api.InSerializer):
    lot = api.VisibleRelatedField(Lot.objects.all())
    quantity = api.QuantityField()


class DisposalBatchIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    title = api.CharField(max_length=200)
    decision_ref = serializers.CharField(required=False, allow_blank=True, default="",
                                         max_length=200)
    decided_on = api.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lines = DisposalLineIn(many=True, required=False, default=list)


class DisposalWriteOffIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    effective_date = api.DateField(required=False, allow_null=True, default=None)
