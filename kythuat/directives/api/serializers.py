from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kythuat.core import api
from kythuat.documents.models import Issuer

from ..models import Clause, Directive, DirectiveKind
from ..services import MAX_NUMBER


def plain_choices(choices, **kwargs) -> api.ChoiceField:
    """A choice field described as a string listing its values ("status" and "kind" name
    other choice sets in other apps; an enum would need a project-wide name)."""
    values = ", ".join(value for value, _label in choices)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Field(api.ChoiceField):
        pass

    return Field(choices, **kwargs)


class DirectiveKindOut(serializers.ModelSerializer):
    class Meta:
        model = DirectiveKind
        fields = ["id", "code", "name", "order", "is_active"]
        read_only_fields = fields


class ClauseOut(serializers.ModelSerializer):
    kind = plain_choices(Clause.Kind.choices, read_only=True)

    class Meta:
        model = Clause
        fields = ["id", "directive", "number", "kind", "text", "order"]
        read_only_fields = fields


class DirectiveBriefOut(serializers.ModelSerializer):
    number_symbol = serializers.CharField(read_only=True)
    kind_code = serializers.CharField(source="kind.code", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)

    class Meta:
        model = Directive
        fields = ["id", "number_symbol", "kind_code", "issued_on", "issuer_name", "title"]
        read_only_fields = fields


class DirectiveOut(serializers.ModelSerializer):
    number_symbol = serializers.CharField(read_only=True)
    kind_code = serializers.CharField(source="kind.code", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = plain_choices(Directive.Status.choices, read_only=True)
    has_attachment = serializers.SerializerMethodField()
    implements = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    clauses = ClauseOut(many=True, read_only=True)

    class Meta:
        model = Directive
        fields = ["id", "number", "symbol", "number_symbol", "kind", "kind_code", "issuer",
                  "issuer_name", "unit", "unit_name", "issued_on", "series", "term_label",
                  "title", "summary", "status", "has_attachment", "implements", "clauses"]
        read_only_fields = fields

    def get_has_attachment(self, directive: Directive) -> bool:
        return bool(directive.attachment)


class DirectiveIn(api.InSerializer):
    """A directive; in a PATCH every field is optional. `implements` (ids) replaces the list of
    earlier directives it carries out. The attached file is uploaded on the screen."""

    issuer = api.VisibleRelatedField(Issuer.objects.all())
    kind = api.VisibleRelatedField(DirectiveKind.objects.all(), shared=True)
    number = api.IntegerField(min_value=1, max_value=MAX_NUMBER)
    symbol = api.CharField(max_length=60, required=False, allow_blank=True)
    issued_on = api.DateField()
    term_label = api.CharField(max_length=60, required=False, allow_blank=True)
    title = api.CharField(max_length=500)
    summary = api.CharField(required=False, allow_blank=True)
    implements = api.VisibleRelatedField(Directive.objects.all(), many=True, required=False)


class StatusIn(api.InSerializer):
    status = plain_choices(Directive.Status.choices)
    note = api.CharField(max_length=500, required=False, allow_blank=True)


class ClauseIn(api.InSerializer):
    """A clause; in a PATCH every field is optional and the directive cannot change."""

    directive = api.VisibleRelatedField(Directive.objects.all())
    number = api.CharField(max_length=20)
    kind = plain_choices(Clause.Kind.choices, required=False)
    text = api.CharField()
    order = api.IntegerField(min_value=0, max_value=32000, required=False)


class CascadeRowOut(serializers.Serializer):
    directive = DirectiveBriefOut()
    depth = serializers.IntegerField()
    via = serializers.IntegerField()
    repeated = serializers.BooleanField()


class CascadeOut(serializers.Serializer):
    directive = DirectiveBriefOut()
    ancestors = CascadeRowOut(many=True)
    descendants = CascadeRowOut(many=True)
