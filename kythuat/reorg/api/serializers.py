from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.catalog.models import EquipmentType
from kythuat.core import api
from kythuat.org.models import Lineage, Unit, UnitKind, UnitName
from kythuat.storage.models import Facility

from ..models import Change, Reorganisation, Succession


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    """A choice field documented as a string listing its values (no shared enum component,
    whose name would collide with other apps' "kind" and "status")."""
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


def plain_out(choices) -> serializers.CharField:
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(serializers.CharField):
        pass

    return Field(read_only=True)


class SuccessionOut(serializers.ModelSerializer):
    records = plain_out(Succession.Records.choices)

    class Meta:
        model = Succession
        fields = ["id", "change", "records", "facility", "type", "items", "successor",
                  "successor_change"]
        read_only_fields = fields


class ChangeOut(serializers.ModelSerializer):
    kind = plain_out(Change.Kind.choices)
    successions = SuccessionOut(many=True, read_only=True)

    class Meta:
        model = Change
        fields = ["id", "reorganisation", "kind", "unit", "code", "name", "short_name",
                  "unit_kind", "parent", "successor", "successor_change", "position",
                  "successions"]
        read_only_fields = fields


class ReorganisationOut(serializers.ModelSerializer):
    status = plain_out(Reorganisation.Status.choices)
    users = plain_out(Reorganisation.Users.choices)
    changes = ChangeOut(many=True, read_only=True)

    class Meta:
        model = Reorganisation
        fields = ["id", "issuer", "number", "title", "signed_on", "effective_on", "status",
                  "users", "applied_at", "changes"]
        read_only_fields = fields


class ReorganisationIn(api.InSerializer):
    issuer = api.VisibleRelatedField(queryset=Unit.objects.all())
    number = api.CharField(max_length=60)
    title = api.CharField(max_length=300)
    signed_on = api.DateField()
    effective_on = api.DateField()
    users = plain_choices(Reorganisation.Users.choices, required=False,
                          default=Reorganisation.Users.MOVE)


class ChangeIn(api.InSerializer):
    kind = plain_choices(Change.Kind.choices)
    unit = api.VisibleRelatedField(queryset=Unit.objects.all(), required=False)
    code = api.CharField(max_length=50, required=False, default="")
    name = api.CharField(max_length=200, required=False, default="")
    short_name = api.CharField(max_length=60, required=False, default="")
    unit_kind = api.VisibleRelatedField(UnitKind.objects.all(), shared=True, required=False)
    parent = api.VisibleRelatedField(queryset=Unit.objects.all(), required=False)
    successor = api.VisibleRelatedField(queryset=Unit.objects.all(), required=False)
    successor_change = api.VisibleRelatedField(queryset=Change.objects.all(), required=False)


class SuccessionIn(api.InSerializer):
    change = api.VisibleRelatedField(queryset=Change.objects.all())
    records = plain_choices(Succession.Records.choices)
    facility = api.VisibleRelatedField(queryset=Facility.objects.all(), required=False)
    type = api.VisibleRelatedField(queryset=EquipmentType.objects.all(), required=False)
    items = serializers.ListField(child=api.IntegerField(min_value=1), required=False,
                                  default=list)
    successor = api.VisibleRelatedField(queryset=Unit.objects.all(), required=False)
    successor_change = api.VisibleRelatedField(queryset=Change.objects.all(), required=False)


class LineOut(serializers.Serializer):
    type = serializers.CharField()
    grade = serializers.IntegerField()
    usage_group = serializers.CharField()
    before = serializers.DecimalField(max_digits=18, decimal_places=3)
    after = serializers.DecimalField(max_digits=18, decimal_places=3)
    balances = serializers.BooleanField()


class MoveOut(serializers.Serializer):
    records = serializers.CharField()
    what = serializers.CharField()
    source = serializers.IntegerField(source="source.pk")
    target = serializers.CharField(source="target.name")
    count = serializers.IntegerField()


class PreviewOut(serializers.Serializer):
    moves = MoveOut(many=True, source="plan.moves")
    conservation = LineOut(many=True, source="lines")
    balances = serializers.BooleanField()


class LineageOut(serializers.ModelSerializer):
    kind = plain_out(Lineage.Kind.choices)

    class Meta:
        model = Lineage
        fields = ["id", "predecessor", "successor", "kind", "on", "is_heir", "decision",
                  "decision_id"]
        read_only_fields = fields


class FormerNameOut(serializers.ModelSerializer):
    class Meta:
        model = UnitName
        fields = ["name", "short_name", "valid_from", "valid_to", "decision"]
        read_only_fields = fields


class UnitHistoryOut(serializers.ModelSerializer):
    name_then = serializers.SerializerMethodField()
    predecessors = LineageOut(many=True, read_only=True, source="predecessor_links")
    successors = LineageOut(many=True, read_only=True, source="successor_links")
    former_names = FormerNameOut(many=True, read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "name_then", "short_name", "kind", "parent", "depth",
                  "valid_from", "valid_to", "predecessors", "successors", "former_names"]
        read_only_fields = fields

    def get_name_then(self, unit: Unit) -> str:
        day = self.context.get("on")
        return unit.name_on(day) if day else unit.name


class AsAtIn(api.InSerializer):
    on = api.DateField(required=False)
