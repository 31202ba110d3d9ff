from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.directives.models import Clause
from kythuat.org.models import Unit, UnitKind

from ..models import (
    CommitteeMember,
    Criterion,
    EmulationBlock,
    Objective,
    Phase,
    PhaseLabel,
    Pledge,
    Score,
    Sheet,
    SteeringCommittee,
)

POINTS = {"max_digits": 7, "decimal_places": 2}
FIGURE = {"max_digits": 24, "decimal_places": 4}


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


class PointsIn(serializers.CharField):
    """Points as a number or a string ("7.5", "7,5"); the service checks the range."""

    default_error_messages = api.REQUIRED

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_blank=True, allow_null=True, required=False, **kwargs)

    def to_internal_value(self, data):
        return None if data is None else str(data)


class PhaseLabelOut(serializers.ModelSerializer):
    level_name = serializers.CharField(source="level.name", read_only=True)

    class Meta:
        model = PhaseLabel
        fields = ["level", "level_name", "label", "start", "end"]


class PhaseOut(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    labels = PhaseLabelOut(many=True, read_only=True)

    class Meta:
        model = Phase
        fields = ["id", "campaign", "campaign_name", "label", "start", "end", "total_points",
                  "labels"]


class ObjectiveOut(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "campaign", "number", "name"]


class CriterionOut(serializers.ModelSerializer):
    phase = serializers.IntegerField(source="group.phase_id", read_only=True)
    level = serializers.IntegerField(source="group.level_id", read_only=True)
    objective = serializers.IntegerField(source="group.objective.number", read_only=True)
    rule = plain_choices(Criterion.Rule.choices, read_only=True)
    measure = plain_choices(Criterion.Measure.choices, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "phase", "level", "objective", "number", "name", "max_points", "rule",
                  "indicator_code", "measure", "threshold", "baseline", "target", "guidance"]


class CriterionIn(api.InSerializer):
    number = api.CharField(max_length=10)
    name = api.CharField(max_length=400)
    max_points = PointsIn()
    rule = plain_choices(Criterion.Rule.choices)
    indicator_code = api.CharField(max_length=100, required=False, allow_blank=True)
    measure = plain_choices(Criterion.Measure.choices, required=False)
    threshold = PointsIn()
    baseline = PointsIn()
    target = PointsIn()
    guidance = api.CharField(required=False, allow_blank=True)


class CriteriaGroupIn(api.InSerializer):
    objective = api.IntegerField(min_value=1, help_text="The objective's number (1–4).")
    points = PointsIn()
    criteria = CriterionIn(many=True)


class CriteriaGridIn(api.InSerializer):
    level = api.VisibleRelatedField(UnitKind.objects.all(), shared=True)
    groups = CriteriaGroupIn(many=True)


class CommitteeMemberSerializer(serializers.ModelSerializer):
    role = plain_choices(CommitteeMember.Role.choices, required=False)

    class Meta:
        model = CommitteeMember
        fields = ["name", "rank", "position", "role"]


class CommitteeOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    members = CommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = SteeringCommittee
        fields = ["id", "unit", "unit_name", "phase", "name", "decision_ref", "established_on",
                  "members"]


class CommitteeIn(api.InSerializer):
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    phase = api.VisibleRelatedField(queryset=Phase.objects.all())
    name = api.CharField(max_length=200, required=False, allow_blank=True)
    decision_ref = api.CharField(max_length=200, required=False, allow_blank=True)
    established_on = api.DateField(required=False, allow_null=True)
    members = CommitteeMemberSerializer(many=True, required=False)


class CriterionScoreOut(serializers.ModelSerializer):
    criterion_number = serializers.CharField(source="criterion.number", read_only=True)
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)
    max_points = serializers.DecimalField(source="criterion.max_points", **POINTS,
                                          read_only=True)
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = Score
        fields = ["id", "criterion", "criterion_number", "criterion_name", "max_points",
                  "computed_value", "previous_value", "period_start", "period_end",
                  "computed_at", "computed_score", "self_score", "self_note", "evidence_ref",
                  "has_evidence_file", "review_score", "review_reason"]

    def get_has_evidence_file(self, score: Score) -> bool:
        return bool(score.evidence_file)


class SheetOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = plain_choices(Sheet.Status.choices, read_only=True)
    scores = CriterionScoreOut(many=True, read_only=True)

    class Meta:
        model = Sheet
        fields = ["id", "phase", "unit", "unit_name", "year", "status", "self_total",
                  "computed_total", "review_total", "submitted_at", "scored_on", "scores"]


class SheetOpenIn(api.InSerializer):
    phase = api.VisibleRelatedField(queryset=Phase.objects.all())
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    year = api.IntegerField(min_value=1945, max_value=2100)


class SheetAssessEntryIn(api.InSerializer):
    criterion = api.IntegerField(min_value=1)
    self_score = PointsIn()
    self_note = api.CharField(required=False, allow_blank=True)
    evidence_ref = api.CharField(max_length=500, required=False, allow_blank=True)


class SheetAssessIn(api.InSerializer):
    entries = SheetAssessEntryIn(many=True, allow_empty=False)


class SheetReviewEntryIn(api.InSerializer):
    criterion = api.IntegerField(min_value=1)
    review_score = PointsIn()
    review_reason = api.CharField(required=False, allow_blank=True)


class SheetReviewIn(api.InSerializer):
    entries = SheetReviewEntryIn(many=True, required=False)
    close = serializers.BooleanField(required=False, default=False,
                                     help_text="Also freeze the computed scores and close.")


class BlockOut(serializers.ModelSerializer):
    superior_name = serializers.CharField(source="superior.name", read_only=True)

    class Meta:
        model = EmulationBlock
        fields = ["id", "phase", "superior", "superior_name", "level", "name", "members",
                  "awards"]


class BlockIn(api.InSerializer):
    phase = api.VisibleRelatedField(queryset=Phase.objects.all())
    superior = api.VisibleRelatedField(queryset=Unit.objects.all())
    level = api.VisibleRelatedField(UnitKind.objects.all(), shared=True)
    name = api.CharField(max_length=200)
    members = api.VisibleRelatedField(queryset=Unit.objects.all(), many=True)
    awards = api.IntegerField(min_value=0, max_value=100, required=False, default=1)


class BlockRankOut(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    sheet = serializers.IntegerField(source="sheet.pk", allow_null=True, default=None)
    total = serializers.DecimalField(**POINTS, allow_null=True)
    by_objective = serializers.DictField(child=serializers.DecimalField(**POINTS))
    computed = serializers.DecimalField(**POINTS, allow_null=True)
    is_scored = serializers.BooleanField()
    proposal_url = serializers.CharField()


class PledgeTargetIn(api.InSerializer):
    indicator_code = api.CharField(max_length=100)
    form = plain_choices([("absolute", _("absolute value")),
                          ("change_amount", _("change by an amount")),
                          ("change_percent", _("change in per cent against the baseline"))],
                         required=False)
    stated_value = serializers.DecimalField(**FIGURE)
    stated_unit = api.CharField(max_length=30, required=False, allow_blank=True)
    note = api.CharField(required=False, allow_blank=True)


class ClauseField(api.VisibleRelatedField):
    def get_queryset(self):
        from kythuat.targets.forms import visible_clauses

        request = self.context.get("request")
        return visible_clauses(request.user) if request is not None else Clause.objects.none()


class PledgeOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Pledge
        fields = ["id", "unit", "unit_name", "phase", "clause", "title", "signed_on", "targets"]

    def get_targets(self, pledge: Pledge) -> list[int]:
        return [item.target_id for item in pledge.items.all()]


class PledgeIn(api.InSerializer):
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    phase = api.VisibleRelatedField(queryset=Phase.objects.all())
    clause = ClauseField(queryset=Clause.objects.all())
    title = api.CharField(max_length=300)
    signed_on = api.DateField()
    items = PledgeTargetIn(many=True, allow_empty=False)
