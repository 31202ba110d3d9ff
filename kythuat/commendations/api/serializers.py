from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.documents.models import Issuer
from kythuat.org.models import Unit
from kythuat.reviews.models import Review

from ..models import (
    Commendation,
    CommendationDecision,
    CommendationForm,
    CommendationProposal,
    RecipientKind,
)
from ..services import RecipientSpec


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    """A choice described as a string listing its values (an enum shared by several
    components of the schema would need a project-wide name)."""
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


class UnitAboveField(api.VisibleRelatedField):
    """A unit of the caller's subtree or above it (the awarding unit asked)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Unit.objects.none()
        return Unit.objects.visible_down_and_up(request.user)


class CommendationFormOut(serializers.ModelSerializer):
    applies_to = plain_choices(CommendationForm.Applies.choices, read_only=True)

    class Meta:
        model = CommendationForm
        fields = ["id", "code", "name", "applies_to", "allowed_kinds", "order", "is_active"]
        read_only_fields = fields


class CommendationRecipientOut(serializers.Serializer):
    kind = plain_choices(RecipientKind.choices, read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    rank = serializers.CharField(read_only=True)
    position = serializers.CharField(read_only=True)
    achievement = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)


class CommendationProposalRecipientOut(CommendationRecipientOut):
    id = serializers.IntegerField(read_only=True)


class CommendationProposalOut(serializers.ModelSerializer):
    proposer_name = serializers.CharField(source="proposer.name", read_only=True)
    awarding_unit_name = serializers.CharField(source="awarding_unit.name", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    status = plain_choices(CommendationProposal.Status.choices, read_only=True)
    recipients = CommendationProposalRecipientOut(many=True, read_only=True)

    class Meta:
        model = CommendationProposal
        fields = ["id", "proposer", "proposer_name", "awarding_unit", "awarding_unit_name",
                  "form", "form_name", "title", "summary", "period_start", "period_end",
                  "indicator_codes", "review", "source", "status", "refusal_reason",
                  "submitted_at", "decided_at", "recipients"]
        read_only_fields = fields


class CommendationOut(serializers.ModelSerializer):
    kind = plain_choices(RecipientKind.choices, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    label = serializers.CharField(read_only=True)
    decision_number = serializers.CharField(source="decision.number_symbol", read_only=True)
    awarding_unit = serializers.IntegerField(source="decision.unit_id", read_only=True)
    awarding_unit_name = serializers.CharField(source="decision.unit.name", read_only=True)

    class Meta:
        model = Commendation
        fields = ["id", "decision", "decision_number", "awarded_on", "form", "form_name",
                  "kind", "unit", "unit_name", "full_name", "rank", "position", "achievement",
                  "label", "awarding_unit", "awarding_unit_name"]
        read_only_fields = fields


class CommendationDecisionOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    form_name = serializers.CharField(source="form.name", read_only=True)
    number_symbol = serializers.CharField(read_only=True)
    status = plain_choices(CommendationDecision.Status.choices, read_only=True)
    recipients = CommendationRecipientOut(source="commendations", many=True, read_only=True)

    class Meta:
        model = CommendationDecision
        fields = ["id", "unit", "unit_name", "issuer", "issuer_name", "form", "form_name",
                  "title", "decided_on", "number_symbol", "status", "basis", "signer_prefix",
                  "signer_title", "signer_name", "review", "proposal", "issued_at",
                  "recipients"]
        read_only_fields = fields


class CommendationRecipientIn(api.InSerializer):
    kind = plain_choices(RecipientKind.choices, required=False)
    unit = api.VisibleRelatedField(queryset=Unit.objects.all())
    full_name = api.CharField(max_length=100, required=False, allow_blank=True)
    rank = api.CharField(max_length=40, required=False, allow_blank=True)
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    achievement = api.CharField(max_length=500, required=False, allow_blank=True)


def specs(rows: list[dict]) -> list[RecipientSpec]:
    return [RecipientSpec(**{"kind": RecipientKind.COLLECTIVE, **row}) for row in rows]


class CommendationProposalIn(api.InSerializer):
    proposer = api.VisibleRelatedField(queryset=Unit.objects.all())
    awarding_unit = UnitAboveField(queryset=Unit.objects.all())
    form = serializers.PrimaryKeyRelatedField(queryset=CommendationForm.objects.all())
    title = api.CharField(max_length=300)
    summary = api.CharField()
    period_start = api.DateField()
    period_end = api.DateField()
    indicator_codes = serializers.ListField(child=api.CharField(max_length=100),
                                            required=False)
    review = api.VisibleRelatedField(queryset=Review.objects.all(), required=False,
                                     allow_null=True)
    source = api.CharField(max_length=200, required=False, allow_blank=True)
    recipients = CommendationRecipientIn(many=True, required=False)


class CommendationProposalDecideIn(api.InSerializer):
    outcome = plain_choices([("award", "award"), ("refuse", "refuse")])
    reason = api.CharField(required=False, allow_blank=True)
    issuer = api.VisibleRelatedField(queryset=Issuer.objects.all(), required=False)
    decided_on = api.DateField(required=False)
    recipients = serializers.ListField(child=api.IntegerField(), required=False,
                                       help_text="Ids of the proposed recipients awarded; "
                                                 "empty: all of them.")


class CommendationDecisionIn(api.InSerializer):
    issuer = api.VisibleRelatedField(queryset=Issuer.objects.all())
    form = serializers.PrimaryKeyRelatedField(queryset=CommendationForm.objects.all())
    decided_on = api.DateField()
    title = api.CharField(max_length=300, required=False, allow_blank=True)
    basis = api.CharField(required=False, allow_blank=True)
    signer_prefix = api.CharField(max_length=10, required=False, allow_blank=True)
    signer_title = api.CharField(max_length=150, required=False, allow_blank=True)
    signer_name = api.CharField(max_length=150, required=False, allow_blank=True)
    review = api.VisibleRelatedField(queryset=Review.objects.all(), required=False,
                                     allow_null=True)
    recipients = CommendationRecipientIn(many=True)


class CommendationIssueIn(api.InSerializer):
    symbol = api.CharField(max_length=60, required=False, allow_blank=True,
                           help_text="A number already taken in the register; empty: the "
                                     "next number is taken.")
