from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kythuat.core import api
from kythuat.holdings.models import Item
from kythuat.org.models import Unit
from kythuat.people.models import Person

from ..models import (
    Accident,
    Conversion,
    Driver,
    FuelNorm,
    LicenceClass,
    PlateType,
    Programme,
    Trip,
)

DECIMAL = {"max_digits": 10, "decimal_places": 2, "coerce_to_string": True}


class VehicleOut(serializers.ModelSerializer):
    type_symbol = serializers.CharField(source="type.symbol", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    plate = serializers.CharField(read_only=True, allow_null=True)
    plate_type = serializers.CharField(source="plate_type_name", read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, help_text=_("in_service, in_repair …"))

    class Meta:
        model = Item
        fields = ["id", "type", "type_symbol", "serial", "manufactured_year", "unit", "unit_name",
                  "grade", "status", "plate", "plate_type"]
        read_only_fields = fields


class RegistrationIn(api.InSerializer):
    plate = api.CharField(max_length=20)
    plate_type = api.VisibleRelatedField(PlateType.objects.all(), shared=True)
    registered_on = api.DateField()
    note = api.CharField(max_length=300, required=False, default="")


class DriverOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    licence_class_code = serializers.CharField(source="licence_class.code", read_only=True)
    licence_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Driver
        fields = ["id", "person", "full_name", "rank", "unit", "unit_name", "licence_number",
                  "licence_class", "licence_class_code", "licence_issued_on",
                  "licence_expires_on", "licence_expired", "is_active"]
        read_only_fields = fields


class DriverIn(api.InSerializer):
    """The licence of a person already recorded (`person`), or of a new person named by
    `full_name` and `rank`."""

    unit = api.VisibleRelatedField(Unit.objects.all())
    person = api.VisibleRelatedField(Person.objects.all(), required=False, allow_null=True,
                                     default=None)
    full_name = api.CharField(max_length=120, required=False, default="")
    rank = api.CharField(max_length=60, required=False, default="")
    licence_number = api.CharField(max_length=40)
    licence_class = api.VisibleRelatedField(LicenceClass.objects.all(), shared=True)
    licence_issued_on = api.DateField()
    licence_expires_on = api.DateField()
    note = api.CharField(max_length=300, required=False, default="")


class TripOut(serializers.ModelSerializer):
    vehicle = serializers.IntegerField(source="item_id", read_only=True)
    vehicle_label = serializers.CharField(source="item.__str__", read_only=True)
    driver_name = serializers.CharField(source="driver.full_name", read_only=True)
    km = serializers.DecimalField(max_digits=10, decimal_places=1, read_only=True)
    fuel_litres = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True)

    class Meta:
        model = Trip
        fields = ["id", "order_number", "trip_date", "unit", "vehicle", "vehicle_label",
                  "driver", "driver_name", "route", "km", "fuel_litres", "note"]
        read_only_fields = fields


class _Amount(serializers.DecimalField):
    default_error_messages = {**api.REQUIRED, "invalid": _("Enter a number."),
                              "max_decimal_places": _("Enter a number with at most 1 decimal "
                                                      "place."),
                              "max_digits": _("The number is too large."),
                              "max_whole_digits": _("The number is too large.")}

    def __init__(self, **kwargs):
        super().__init__(max_digits=10, decimal_places=1, **kwargs)


class TripIn(api.InSerializer):
    vehicle = api.VisibleRelatedField(Item.objects.all(), source="item")
    driver = api.VisibleRelatedField(Driver.objects.all())
    order_number = api.CharField(max_length=40)
    trip_date = api.DateField()
    route = api.CharField(max_length=300)
    km = _Amount()
    fuel_litres = _Amount()
    note = api.CharField(max_length=300, required=False, default="")


class AccidentOut(serializers.ModelSerializer):
    vehicle = serializers.IntegerField(source="item_id", read_only=True)
    vehicle_label = serializers.CharField(source="item.__str__", read_only=True)

    class Meta:
        model = Accident
        fields = ["id", "occurred_on", "unit", "vehicle", "vehicle_label", "driver", "place",
                  "description", "deaths", "injuries"]
        read_only_fields = fields


class AccidentIn(api.InSerializer):
    vehicle = api.VisibleRelatedField(Item.objects.all(), source="item")
    driver = api.VisibleRelatedField(Driver.objects.all(), required=False, allow_null=True,
                                     default=None)
    occurred_on = api.DateField()
    place = api.CharField(max_length=300)
    description = api.CharField(required=False, default="", allow_blank=True)
    deaths = api.IntegerField(default=0)
    injuries = api.IntegerField(default=0)


class ComparisonIn(api.InSerializer):
    unit = api.VisibleRelatedField(Unit.objects.all(), required=False, allow_null=True,
                                   default=None, help_text=_("The caller's unit if omitted."))
    year = api.IntegerField(required=False, min_value=1951, max_value=2100,
                            help_text=_("This year if omitted."))


class CountsOut(serializers.Serializer):
    accidents = serializers.IntegerField()
    deaths = serializers.IntegerField()
    injuries = serializers.IntegerField()


class ComparisonRowOut(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    label = serializers.CharField()
    this_year = CountsOut()
    last_year = CountsOut()


class ComparisonOut(serializers.Serializer):
    year = serializers.IntegerField()
    total = ComparisonRowOut()
    rows = ComparisonRowOut(many=True)


class FuelNormOut(serializers.ModelSerializer):
    type_symbol = serializers.CharField(source="type.symbol", read_only=True)
    litres_per_100km = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    tank_litres = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True)

    class Meta:
        model = FuelNorm
        fields = ["id", "type", "type_symbol", "litres_per_100km", "tank_litres", "source"]
        read_only_fields = fields


class ProgrammeOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    converted = serializers.SerializerMethodField()
    eligible = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "name", "phase", "decision_ref", "unit", "unit_name", "types",
                  "description", "converted", "eligible"]
        read_only_fields = fields

    def get_converted(self, programme: Programme) -> int:
        return self.context["progress"](programme).converted

    def get_eligible(self, programme: Programme) -> int:
        return self.context["progress"](programme).eligible


class ProgrammeQueryIn(api.InSerializer):
    unit = api.VisibleRelatedField(
        Unit.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("Progress counts this unit's subtree; the caller's whole subtree if "
                    "omitted."))
    start = api.DateField(required=False, allow_null=True, default=None,
                          help_text=_("Count the conversions from this day."))
    end = api.DateField(required=False, allow_null=True, default=None,
                        help_text=_("Count the conversions until this day."))

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError(
                {"end": _("The end of the period must not be before its start.")})
        return attrs


class ConversionOut(serializers.ModelSerializer):
    vehicle = serializers.IntegerField(source="item_id", read_only=True)
    vehicle_label = serializers.CharField(source="item.__str__", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True,
                                          allow_null=True, default=None)
    fuel_before = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    fuel_after = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)

    class Meta:
        model = Conversion
        fields = ["id", "programme", "vehicle", "vehicle_label", "unit", "unit_name",
                  "converted_on", "facility", "facility_name", "performed_by", "fuel_before",
                  "fuel_after", "note"]
        read_only_fields = fields
