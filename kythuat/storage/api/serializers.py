from rest_framework import serializers

from ..models import Facility


class FacilityOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)

    class Meta:
        model = Facility
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_name",
            "owner_unit",
            "owner_unit_name",
            "location",
            "status",
        ]
        read_only_fields = fields
