from rest_framework import serializers

from kythuat.core.api import (
    REQUIRED,
    ChoiceField,
    DateField,
    InSerializer,
    VisibleRelatedField,
)
from kythuat.org.models import Unit

from ..models import Import, ImportTemplate


class ImportOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    created_by_name = serializers.CharField(
        source="created_by.username", read_only=True, default=""
    )
    # Plain text: an enum here would collide in the schema with the other "status" enums.
    status = serializers.CharField(read_only=True, help_text=", ".join(Import.Status.values))
    template = serializers.CharField(read_only=True, help_text=", ".join(ImportTemplate.values))

    class Meta:
        model = Import
        fields = [
            "id",
            "template",
            "unit",
            "unit_name",
            "created_by",
            "created_by_name",
            "created_at",
            "file_name",
            "size",
            "sheet",
            "header_row",
            "headers",
            "mapping",
            "effective_date",
            "status",
            "row_count",
            "error_count",
            "posted_count",
            "message",
            "documents",
            "job",
            "finished_at",
        ]
        read_only_fields = fields


class ImportDetailOut(ImportOut):
    class Meta(ImportOut.Meta):
        fields = [*ImportOut.Meta.fields, "errors"]
        read_only_fields = fields


class ImportUploadIn(InSerializer):
    template = ChoiceField(choices=ImportTemplate.choices)
    unit = VisibleRelatedField(queryset=Unit.objects.all())
    file = serializers.FileField(error_messages=REQUIRED)
    effective_date = DateField(required=False, allow_null=True)


class ImportConfirmIn(InSerializer):
    drop_bad = serializers.BooleanField(required=False, default=False)
