"""Shapes of the training API: `…Out` for reads, `…In` for the payloads of the services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.org.models import Unit
from kythuat.people.models import Person

from ..models import (
    Contest,
    ContestEntry,
    ContestEvent,
    ContestLevel,
    Course,
    PlanItem,
    Prize,
    Trainee,
    TrainingPlan,
)


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    """A choice field documented as a string with its values (no named enum in the schema,
    whose name would collide with the other apps' "kind" and "result")."""
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


RESULT = {"type": "string", "description": "excellent, good, pass, fail or empty."}
KIND = {"type": "string", "description": "contest or games."}


@extend_schema_field(RESULT)
class ResultOut(serializers.CharField):
    pass


@extend_schema_field(KIND)
class KindOut(serializers.CharField):
    pass


class ContestLevelOut(serializers.ModelSerializer):
    class Meta:
        model = ContestLevel
        fields = ["id", "code", "name", "order", "is_active"]
        read_only_fields = fields


class PrizeOut(serializers.ModelSerializer):
    class Meta:
        model = Prize
        fields = ["id", "code", "name", "order", "is_active"]
        read_only_fields = fields


class PlanItemOut(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = ["id", "subject", "audience", "planned_hours", "planned_trainees", "order"]
        read_only_fields = fields


class TrainingPlanOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    items = PlanItemOut(many=True, read_only=True)

    class Meta:
        model = TrainingPlan
        fields = ["id", "unit", "unit_name", "year", "title", "approved_on", "note", "items"]
        read_only_fields = fields


class TrainingPlanIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    year = api.IntegerField(min_value=1990, max_value=2100)
    title = api.CharField(max_length=300, required=False, default="")
    approved_on = api.DateField(required=False, allow_null=True, default=None)
    note = api.CharField(required=False, default="", allow_blank=True)


class PlanItemIn(api.InSerializer):
    subject = api.CharField(max_length=300)
    audience = api.CharField(max_length=200, required=False, default="", allow_blank=True)
    planned_hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    planned_trainees = api.IntegerField(min_value=0, required=False, default=0)


class TraineeOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    result = ResultOut(read_only=True)

    class Meta:
        model = Trainee
        fields = ["id", "person", "person_name", "hours", "result", "note"]
        read_only_fields = fields


class CourseOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    trainees = TraineeOut(many=True, read_only=True)

    class Meta:
        model = Course
        fields = ["id", "unit", "unit_name", "plan_item", "subject", "place", "starts_on",
                  "ends_on", "hours", "note", "trainees"]
        read_only_fields = fields


class CourseIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    subject = api.CharField(max_length=300)
    plan_item = api.VisibleRelatedField(PlanItem.objects.all(), required=False,
                                        allow_null=True, default=None)
    place = api.CharField(max_length=200, required=False, default="", allow_blank=True)
    starts_on = api.DateField()
    ends_on = api.DateField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    note = api.CharField(required=False, default="", allow_blank=True)


class TraineeIn(api.InSerializer):
    person = api.VisibleRelatedField(Person.objects.all())
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    result = plain_choices(Trainee.Result.choices, required=False, default="",
                           allow_blank=True)
    note = api.CharField(max_length=300, required=False, default="", allow_blank=True)


class ContestEventOut(serializers.ModelSerializer):
    class Meta:
        model = ContestEvent
        fields = ["id", "name", "order"]
        read_only_fields = fields


class ContestEntryOut(serializers.ModelSerializer):
    participant = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    prize_name = serializers.CharField(source="prize.name", read_only=True, default=None)

    class Meta:
        model = ContestEntry
        fields = ["id", "event", "person", "participant", "unit", "unit_name", "score",
                  "placing", "prize", "prize_name", "note"]
        read_only_fields = fields

    def get_participant(self, entry: ContestEntry) -> str:
        return str(entry)


class ContestOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    level_name = serializers.CharField(source="level.name", read_only=True)
    kind = KindOut(read_only=True)
    events = ContestEventOut(many=True, read_only=True)
    entries = ContestEntryOut(many=True, read_only=True)

    class Meta:
        model = Contest
        fields = ["id", "unit", "unit_name", "level", "level_name", "kind", "name", "held_on",
                  "ends_on", "place", "note", "events", "entries"]
        read_only_fields = fields


class ContestIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    level = api.VisibleRelatedField(ContestLevel.objects.all(), shared=True)
    kind = plain_choices(Contest.Kind.choices, required=False, default=Contest.Kind.CONTEST)
    name = api.CharField(max_length=300)
    held_on = api.DateField()
    ends_on = api.DateField(required=False, allow_null=True, default=None)
    place = api.CharField(max_length=200, required=False, default="", allow_blank=True)
    note = api.CharField(required=False, default="", allow_blank=True)
    events = serializers.ListField(child=api.CharField(max_length=200), required=False,
                                   default=list)


class ContestEventIn(api.InSerializer):
    name = api.CharField(max_length=200)


class ContestEntryIn(api.InSerializer):
    event = api.VisibleRelatedField(ContestEvent.objects.all(), required=False, allow_null=True,
                                    default=None)
    person = api.VisibleRelatedField(Person.objects.all(), required=False, allow_null=True,
                                     default=None)
    team = api.VisibleRelatedField(Unit.objects.all(), required=False, allow_null=True,
                                   default=None)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False,
                                     allow_null=True, default=None)
    placing = api.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    prize = api.VisibleRelatedField(Prize.objects.all(), shared=True, required=False,
                                    allow_null=True, default=None)
    note = api.CharField(max_length=300, required=False, default="", allow_blank=True)
