from rest_framework import serializers

from ..models import Unit


class UnitOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_name",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields
