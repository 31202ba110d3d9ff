"""Shapes of the review API: `<Model>Out` for answers, `<Action>In` for inputs (no logic)."""

from rest_framework import serializers

from kythuat.core import api
from kythuat.directives.api.serializers import plain_choices
from kythuat.directives.models import Directive
from kythuat.org.models import Unit

from ..models import CommitteeMember, PlanEntry, Review, ReviewKind


class ReviewKindOut(serializers.ModelSerializer):
    class Meta:
        model = ReviewKind
        fields = ["id", "code", "name", "months", "order", "is_active"]
        read_only_fields = fields


class CommitteeMemberOut(serializers.ModelSerializer):
    body = plain_choices(CommitteeMember.Body.choices, read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ["id", "review", "body", "role", "rank", "name", "position", "order"]
        read_only_fields = fields


class PlanEntryOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PlanEntry
        fields = ["id", "review", "unit", "unit_name", "deadline", "note"]
        read_only_fields = fields


class ReviewOut(serializers.ModelSerializer):
    kind_code = serializers.CharField(source="kind.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = plain_choices(Review.Status.choices, read_only=True)
    directives = serializers.SerializerMethodField()
    plan_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "unit", "unit_name", "kind", "kind_code", "title", "directives",
                  "period_start", "period_end", "conference_date", "conference_place",
                  "status", "note", "plan_count"]
        read_only_fields = fields

    def get_directives(self, review: Review) -> list[int]:
        # Only the directives the caller may see (prefetched by the viewset).
        return [directive.pk for directive in review.visible_directives]


class ReviewSubmissionOut(serializers.Serializer):
    plan_entry = serializers.IntegerField(source="entry.pk")
    unit = serializers.IntegerField(source="entry.unit_id")
    unit_name = serializers.CharField(source="entry.unit.name")
    deadline = serializers.DateField(source="entry.deadline")
    shown = serializers.BooleanField(help_text="False when the caller may see the plan but "
                                               "not this unit's report.")
    state = serializers.CharField(help_text="One of: none, draft, issued.")
    report = serializers.SerializerMethodField()
    issued_on = serializers.DateField(allow_null=True)
    is_late = serializers.BooleanField()
    days_late = serializers.IntegerField()
    report_url = serializers.CharField()

    def get_report(self, row) -> int | None:
        return row.report.pk if row.report is not None and row.report_url else None


class ReviewSubmissionsOut(serializers.Serializer):
    total = serializers.IntegerField()
    submitted = serializers.IntegerField()
    submitted_late = serializers.IntegerField()
    missing = serializers.IntegerField()
    overdue = serializers.IntegerField()
    late = serializers.IntegerField()
    today = serializers.DateField()
    rows = ReviewSubmissionOut(many=True)


class ReviewIn(api.InSerializer):
    """A review; in a PATCH every field is optional and the unit cannot change. `directives`
    (ids) replaces the directives reviewed."""

    unit = api.VisibleRelatedField(Unit.objects.all())
    kind = api.VisibleRelatedField(ReviewKind.objects.all(), shared=True)
    title = api.CharField(max_length=300)
    directives = api.VisibleRelatedField(Directive.objects.all(), many=True, required=False)
    period_start = api.DateField()
    period_end = api.DateField()
    conference_date = api.DateField(required=False, allow_null=True)
    conference_place = api.CharField(max_length=200, required=False, allow_blank=True)
    note = api.CharField(required=False, allow_blank=True)


class ReviewStatusIn(api.InSerializer):
    status = plain_choices(Review.Status.choices)
    note = api.CharField(max_length=500, required=False, allow_blank=True)


class CommitteeMemberIn(api.InSerializer):
    """A member; in a PATCH every field is optional and the review cannot change."""

    review = api.VisibleRelatedField(Review.objects.all())
    body = plain_choices(CommitteeMember.Body.choices, required=False)
    role = api.CharField(max_length=80)
    rank = api.CharField(max_length=40, required=False, allow_blank=True)
    name = api.CharField(max_length=100)
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    order = api.IntegerField(min_value=0, max_value=32000, required=False)


class PlanEntryIn(api.InSerializer):
    """A unit of the plan; in a PATCH only the deadline and the note change."""

    review = api.VisibleRelatedField(Review.objects.all())
    unit = api.VisibleRelatedField(Unit.objects.all())
    deadline = api.DateField()
    note = api.CharField(max_length=300, required=False, allow_blank=True)


class PlanAllIn(api.InSerializer):
    deadline = api.DateField()
    note = api.CharField(max_length=300, required=False, allow_blank=True)
