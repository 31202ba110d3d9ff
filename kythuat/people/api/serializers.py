from rest_framework import serializers

from kythuat.core import api
from kythuat.org.models import Unit

from ..models import (
    Assignment,
    Band,
    Certificate,
    CertificateKind,
    Establishment,
    ExamCandidate,
    ExamSession,
    Person,
    PersonCategory,
    SkillLevel,
    Trade,
)


class AssignmentOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "unit", "unit_name", "position", "started_on", "ended_on",
                  "order_number"]
        read_only_fields = fields


class SkillLevelOut(serializers.ModelSerializer):
    trade_name = serializers.CharField(source="trade.name", read_only=True)
    ladder_size = serializers.IntegerField(source="trade.ladder_size", read_only=True)

    class Meta:
        model = SkillLevel
        fields = ["id", "trade", "trade_name", "level", "ladder_size", "started_on", "ended_on",
                  "evidence"]
        read_only_fields = fields


class PersonOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    assignments = AssignmentOut(many=True, read_only=True)
    skill_levels = SkillLevelOut(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name", "rank", "category", "category_name", "date_of_birth",
                  "position", "unit", "unit_name", "is_active", "note", "assignments",
                  "skill_levels"]
        read_only_fields = fields


class PersonIn(api.InSerializer):
    full_name = api.CharField(max_length=120)
    rank = api.CharField(max_length=60, required=False, allow_blank=True)
    category = api.VisibleRelatedField(PersonCategory.objects.filter(is_active=True), shared=True)
    date_of_birth = api.DateField(required=False, allow_null=True)
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    unit = api.VisibleRelatedField(Unit.objects.all())
    started_on = api.DateField()
    order_number = api.CharField(max_length=60, required=False, allow_blank=True)
    note = api.CharField(max_length=300, required=False, allow_blank=True)


class PersonUpdateIn(api.InSerializer):
    full_name = api.CharField(max_length=120, required=False)
    rank = api.CharField(max_length=60, required=False, allow_blank=True)
    category = api.VisibleRelatedField(PersonCategory.objects.filter(is_active=True), shared=True,
                                       required=False)
    date_of_birth = api.DateField(required=False, allow_null=True)
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    note = api.CharField(max_length=300, required=False, allow_blank=True)


class PersonMoveIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    started_on = api.DateField()
    order_number = api.CharField(max_length=60)
    position = api.CharField(max_length=150, required=False, allow_blank=True)


class PersonLeaveIn(api.InSerializer):
    left_on = api.DateField()
    reason = api.CharField(max_length=200, required=False, allow_blank=True)


class SkillLevelIn(api.InSerializer):
    trade = api.VisibleRelatedField(Trade.objects.filter(is_active=True), shared=True)
    level = api.IntegerField(min_value=1, max_value=7)
    started_on = api.DateField()
    evidence = api.CharField(max_length=200)


class CertificateOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "person", "person_name", "kind", "kind_name", "number", "issued_on",
                  "issued_by", "valid_until", "trade", "level", "note"]
        read_only_fields = fields


class CertificateIn(api.InSerializer):
    person = api.VisibleRelatedField(Person.objects.all())
    kind = api.VisibleRelatedField(CertificateKind.objects.filter(is_active=True), shared=True)
    number = api.CharField(max_length=60)
    issued_on = api.DateField()
    valid_until = api.DateField(required=False, allow_null=True)
    issued_by = api.CharField(max_length=150, required=False, allow_blank=True)


class CandidateOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    admitted = serializers.BooleanField(read_only=True)

    class Meta:
        model = ExamCandidate
        fields = ["id", "person", "person_name", "trade", "from_level", "to_level",
                  "level_since", "months_at_level", "min_months", "training_required",
                  "training_evidence", "eligible", "eligibility_note", "override_reason",
                  "admitted", "theory_exempt", "exemption_reason", "theory_mark",
                  "practice_mark", "result", "certificate_number"]
        read_only_fields = fields


class ExamSessionOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    candidates = CandidateOut(many=True, read_only=True)

    class Meta:
        model = ExamSession
        fields = ["id", "unit", "unit_name", "name", "held_on", "trades", "committee",
                  "max_mark", "theory_min", "practice_min", "status", "decision_date",
                  "decision_number", "candidates"]
        read_only_fields = fields


class ExamSessionIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    name = api.CharField(max_length=200)
    held_on = api.DateField()
    trades = api.VisibleRelatedField(Trade.objects.filter(is_active=True), shared=True, many=True)
    committee = api.VisibleRelatedField(Person.objects.all(), many=True, required=False)


class CandidateIn(api.InSerializer):
    person = api.VisibleRelatedField(Person.objects.all())
    trade = api.VisibleRelatedField(Trade.objects.all(), shared=True)
    training_evidence = api.CharField(max_length=200, required=False, allow_blank=True)
    theory_exempt = serializers.BooleanField(required=False, default=False)
    exemption_reason = api.CharField(max_length=300, required=False, allow_blank=True)


class CandidateOverrideIn(api.InSerializer):
    candidate = api.IntegerField()
    reason = api.CharField(max_length=300)


class CandidateMarkIn(api.InSerializer):
    candidate = api.IntegerField()
    theory_mark = api.CharField(max_length=10, required=False, allow_blank=True,
                                allow_null=True)
    practice_mark = api.CharField(max_length=10, required=False, allow_blank=True,
                                  allow_null=True)


class ExamDecideIn(api.InSerializer):
    decision_date = api.DateField()
    decision_number = api.CharField(max_length=60, required=False, allow_blank=True)


class EstablishmentOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    trade_name = serializers.CharField(source="trade.name", read_only=True)

    class Meta:
        model = Establishment
        fields = ["id", "unit", "unit_name", "trade", "trade_name", "band", "required",
                  "valid_from", "valid_to", "decision_ref"]
        read_only_fields = fields


class EstablishmentIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all())
    trade = api.VisibleRelatedField(Trade.objects.filter(is_active=True), shared=True)
    band = api.ChoiceField(Band.choices)
    required = api.IntegerField(min_value=0, max_value=9999)
    valid_from = api.DateField()
    decision_ref = api.CharField(max_length=100, required=False, allow_blank=True)


class StaffingRowOut(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    trade = serializers.IntegerField()
    trade_name = serializers.CharField()
    band = serializers.CharField()
    required = serializers.IntegerField()
    actual = serializers.IntegerField()
    gap = serializers.IntegerField()
