from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.catalog.models import EquipmentType
from kythuat.core import api
from kythuat.org.models import Unit, User
from kythuat.org.querysets import users_visible_to

from ..models import (
    Adoption,
    Author,
    AwardClass,
    Council,
    CouncilMember,
    Dossier,
    Initiative,
    InitiativeField,
    RecognitionLevel,
    ScoringCriterion,
)


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


class InitiativeFieldOut(serializers.ModelSerializer):
    class Meta:
        model = InitiativeField
        fields = ["id", "code", "name", "order", "is_active"]
        read_only_fields = fields


class InitiativeLevelOut(serializers.ModelSerializer):
    class Meta:
        model = RecognitionLevel
        fields = ["id", "code", "name", "order", "unit_kinds", "is_active"]
        read_only_fields = fields


class InitiativeAwardClassOut(serializers.ModelSerializer):
    class Meta:
        model = AwardClass
        fields = ["id", "code", "name", "amount_vnd", "order", "is_active"]
        read_only_fields = fields


class InitiativeCriterionOut(serializers.ModelSerializer):
    class Meta:
        model = ScoringCriterion
        fields = ["id", "code", "name", "max_points", "order", "is_active"]
        read_only_fields = fields


class InitiativeAuthorOut(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["name", "rank", "position", "unit", "is_main"]
        read_only_fields = fields


class InitiativeDossierOut(serializers.ModelSerializer):
    """The result and `passed` are empty while the council sits (published at its close)."""

    council_name = serializers.CharField(source="council.name", read_only=True)
    level = serializers.CharField(source="council.level.code", read_only=True)
    outcome = plain_choices(Dossier.Outcome.choices, read_only=True)
    result = serializers.SerializerMethodField()
    passed = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = ["id", "initiative", "council", "council_name", "level", "sent_on", "result",
                  "passed", "outcome", "reason", "decision_number", "decision_date"]
        read_only_fields = fields

    def get_result(self, dossier: Dossier) -> str | None:
        if dossier.council.is_open or dossier.score is None:
            return None
        return str(dossier.score)

    def get_passed(self, dossier: Dossier) -> bool | None:
        return None if dossier.council.is_open else dossier.passed


class InitiativeAdoptionOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Adoption
        fields = ["id", "initiative", "unit", "unit_name", "adopted_on", "result", "is_elsewhere"]
        read_only_fields = fields


class InitiativeOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    field_name = serializers.CharField(source="field.name", read_only=True)
    level_code = serializers.CharField(source="level.code", read_only=True, default=None)
    status = plain_choices(Initiative.Status.choices, read_only=True)
    authors = InitiativeAuthorOut(many=True, read_only=True)
    dossiers = InitiativeDossierOut(many=True, read_only=True)
    adoptions = InitiativeAdoptionOut(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = ["id", "title", "field", "field_name", "unit", "unit_name", "problem",
                  "solution", "registered_on", "first_applied_on", "scope", "benefit_vnd",
                  "benefit_hours", "benefit_fuel_litres", "benefit_text", "status", "level_code",
                  "recognised_on", "authors", "dossiers", "adoptions"]
        read_only_fields = fields


class InitiativeAuthorIn(api.InSerializer):
    name = api.CharField(max_length=150)
    rank = api.CharField(max_length=60, required=False, allow_blank=True)
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    unit = api.VisibleRelatedField(Unit.objects.all(), required=False, allow_null=True)
    is_main = serializers.BooleanField(required=False, default=False)


class InitiativeIn(api.InSerializer):
    title = api.CharField(max_length=300)
    field = api.VisibleRelatedField(InitiativeField.objects.filter(is_active=True), shared=True)
    unit = api.VisibleRelatedField(Unit.objects.all())
    registered_on = api.DateField()
    first_applied_on = api.DateField(required=False, allow_null=True)
    problem = api.CharField(required=False, allow_blank=True)
    solution = api.CharField(required=False, allow_blank=True)
    scope = api.CharField(max_length=300, required=False, allow_blank=True)
    benefit_vnd = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=0,
                                           required=False, allow_null=True)
    benefit_hours = serializers.DecimalField(max_digits=10, decimal_places=1, min_value=0,
                                             required=False, allow_null=True)
    benefit_fuel_litres = serializers.DecimalField(max_digits=12, decimal_places=1,
                                                   min_value=0, required=False, allow_null=True)
    benefit_text = api.CharField(required=False, allow_blank=True)
    authors = InitiativeAuthorIn(many=True)


class InitiativeSendIn(api.InSerializer):
    council = serializers.PrimaryKeyRelatedField(queryset=Council.objects.filter(
        status=Council.Status.OPEN))
    sent_on = api.DateField()


class InitiativeAdoptionIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    adopted_on = api.DateField()
    result = api.CharField(required=False, allow_blank=True)


class InitiativeMeasureIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    indicator_code = api.CharField(max_length=100)
    per_code = api.CharField(max_length=100, required=False, allow_blank=True)
    per_scale = api.IntegerField(min_value=1, max_value=1_000_000, required=False)
    equipment_type = api.VisibleRelatedField(EquipmentType.objects.all(), required=False,
                                             allow_null=True)
    before_start = api.DateField()
    before_end = api.DateField()
    after_start = api.DateField()
    after_end = api.DateField()


class CouncilMemberOut(serializers.ModelSerializer):
    role = plain_choices(CouncilMember.Role.choices, read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "user", "name", "rank", "position", "role"]
        read_only_fields = fields


class InitiativeCouncilOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    level_code = serializers.CharField(source="level.code", read_only=True)
    status = plain_choices(Council.Status.choices, read_only=True)
    members = CouncilMemberOut(many=True, read_only=True)

    class Meta:
        model = Council
        fields = ["id", "unit", "unit_name", "level", "level_code", "year", "session", "name",
                  "convened_on", "quorum", "method", "pass_mark", "status", "closed_on",
                  "minutes", "members"]
        read_only_fields = fields


class CouncilMemberIn(api.InSerializer):
    user = api.VisibleRelatedField(User.objects.all(), scope=users_visible_to, required=False,
                                   allow_null=True)
    name = api.CharField(max_length=150, required=False, allow_blank=True)
    rank = api.CharField(max_length=60, required=False, allow_blank=True)
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    role = plain_choices(CouncilMember.Role.choices, required=False)


class InitiativeCouncilIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    level = api.VisibleRelatedField(RecognitionLevel.objects.filter(is_active=True), shared=True)
    year = api.IntegerField(min_value=1990, max_value=2100)
    session = api.IntegerField(min_value=1, max_value=20, required=False)
    name = api.CharField(max_length=200, required=False, allow_blank=True)
    convened_on = api.DateField()
    quorum = api.IntegerField(min_value=1, max_value=30)
    members = CouncilMemberIn(many=True, required=False)


class CouncilCloseIn(api.InSerializer):
    closed_on = api.DateField(required=False)
    minutes = api.CharField(required=False, allow_blank=True)


class InitiativeScoreLineIn(api.InSerializer):
    criterion = api.IntegerField(min_value=1)
    points = serializers.DecimalField(max_digits=6, decimal_places=1)


class InitiativeScoreIn(api.InSerializer):
    scores = InitiativeScoreLineIn(many=True)


class DossierDecideIn(api.InSerializer):
    decision = plain_choices([("recognise", "recognise"), ("refuse", "refuse")])
    decision_date = api.DateField()
    decision_number = api.CharField(max_length=60, required=False, allow_blank=True)
    reason = api.CharField(required=False, allow_blank=True)


class InitiativeAwardIn(api.InSerializer):
    award_class = api.VisibleRelatedField(AwardClass.objects.filter(is_active=True), shared=True)
    decision_number = api.CharField(max_length=60)
    decision_date = api.DateField()


class InitiativeDuplicateOut(serializers.Serializer):
    title = serializers.CharField()
    similarity = serializers.IntegerField()
    initiative = serializers.IntegerField(source="initiative.pk", allow_null=True, default=None)
    level = serializers.CharField()
