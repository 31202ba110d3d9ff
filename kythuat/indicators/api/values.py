"""Indicators over HTTP: their definitions, the value for (unit, period[, by subordinates]) and
the records behind it. The same registry calls as the screens, so the numbers are the same:
each request is one `registry.memo()` block seen in the view it asks for (`view=as_was`, the
default, or `as_is`), as a screen's "as it was / as it is" switch does."""

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import Pagination
from kythuat.org.selectors import unit_from_request

from .. import registry
from ..links import records_url
from ..periods import Period, View, period_from_params
from ..registry import Indicator, Kind, Value


class DimensionOut(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class IndicatorOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField(help_text="Unit of measure, as shown to users.")
    unit_code = serializers.CharField(help_text="Unit of measure as a plain code.")
    kind = serializers.CharField(help_text="stock (as at the period's end), flow (over the "
                                 "period) or ratio (numerator over denominator).")
    direction = serializers.CharField(help_text="higher or lower: which way is better.")
    dimensions = DimensionOut(many=True)
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)
    entered = serializers.BooleanField(help_text="Entered by units rather than computed.")


class PeriodOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class RowOut(serializers.Serializer):
    keys = serializers.DictField(child=serializers.CharField(allow_null=True))
    labels = serializers.DictField(child=serializers.CharField())
    value = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    numerator = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    denominator = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)


class UnitRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SubordinateOut(serializers.Serializer):
    unit = UnitRefOut()
    is_self = serializers.BooleanField(help_text="The unit's own records, not a subordinate's.")
    total = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    numerator = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    denominator = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    records_url = serializers.CharField()


class ValueOut(serializers.Serializer):
    code = serializers.CharField()
    unit = UnitRefOut()
    period = PeriodOut()
    view = serializers.ChoiceField(choices=[v.value for v in View], help_text=(
        "The view the figures were computed in: as_was (records under the units of their "
        "time) or as_is (dissolved and merged units' history under their successors)."))
    total = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    numerator = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    denominator = serializers.DecimalField(max_digits=24, decimal_places=3, allow_null=True)
    rows = RowOut(many=True)
    records_url = serializers.CharField()
    subordinates = SubordinateOut(many=True, required=False)


class RecordOut(serializers.Serializer):
    id = serializers.IntegerField()
    record_type = serializers.CharField()
    text = serializers.CharField()
    date = serializers.CharField(allow_null=True)
    unit = UnitRefOut(allow_null=True)
    amount = serializers.DecimalField(max_digits=24, decimal_places=3)
    url = serializers.CharField(allow_blank=True)


def _indicator_data(indicator: Indicator) -> dict[str, Any]:
    source = (registry.get(indicator.denominator)  # type: ignore[arg-type]
              if indicator.kind == Kind.RATIO else indicator)
    return {"code": indicator.code, "name": str(indicator.name),
            "definition": str(indicator.definition), "unit": str(indicator.unit),
            "unit_code": indicator.unit_code, "kind": indicator.kind.value,
            "direction": indicator.direction.value,
            "dimensions": [{"name": d.name, "label": str(d.label)} for d in source.dimensions],
            "numerator": indicator.numerator, "denominator": indicator.denominator,
            "entered": indicator.entered}


def _unit_ref(unit) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _value_data(value: Value, unit, period: Period) -> dict[str, Any]:
    return {
        "code": value.code, "unit": _unit_ref(unit),
        "period": {"start": period.start, "end": period.end, "label": period.label()},
        "view": registry.current_view().value,
        "total": value.total, "numerator": value.numerator, "denominator": value.denominator,
        "rows": [{"keys": dict(zip(value.dimensions, map(_key, row.key), strict=True)),
                  "labels": dict(zip(value.dimensions, row.labels, strict=True)),
                  "value": row.value, "numerator": row.numerator,
                  "denominator": row.denominator} for row in value.rows],
        "records_url": records_url(value.code, unit, period),
    }


def _key(key: object) -> str | None:
    return None if key is None else str(key)


UNIT = OpenApiParameter("unit", OpenApiTypes.INT, description="Unit whose subtree is measured; "
                        "the caller's unit if omitted.")
PERIOD = [
    OpenApiParameter("year", OpenApiTypes.INT, description="A calendar year."),
    OpenApiParameter("quarter", OpenApiTypes.INT, description="1 to 4, with year."),
    OpenApiParameter("from", OpenApiTypes.STR, description="First day, dd/mm/yyyy (with to)."),
    OpenApiParameter("to", OpenApiTypes.STR, description="Last day, dd/mm/yyyy."),
    OpenApiParameter("year_from", OpenApiTypes.INT, description="First year of a range."),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="Last year of a range."),
    OpenApiParameter("view", OpenApiTypes.STR, enum=[v.value for v in View], default="as_was",
                     description="as_was (default): records under the units that existed at "
                     "their time, dissolved units listed as they were; as_is: the history of "
                     "dissolved and merged units counted under their successors. The records "
                     "and the links returned are in the same view."),
]


def request_view(params) -> View:
    """The `view` asked for (as it was by default); any other value is refused with a 400."""
    value = params.get("view") or View.AS_WAS.value
    if value not in {view.value for view in View}:
        raise ValidationError({"view": _("“%(value)s” is not a view of the organisation; send "
                                         "as_was (as it was, the default) or as_is (as it "
                                         "is).") % {"value": value[:20]}}, code="bad_view")
    return View(value)


def _in_view(action):
    """Runs an action in one memo block seen in the request's view, like a screen."""

    @functools.wraps(action)
    def wrapper(self, request: Request, *args, **kwargs) -> Response:
        with registry.memo():
            registry.use_view(request_view(request.query_params))
            return action(self, request, *args, **kwargs)

    return wrapper


class IndicatorViewSet(viewsets.GenericViewSet):
    """The registered indicators; `value` and `records` answer "what is M for S over P"."""

    serializer_class = IndicatorOut
    pagination_class = None
    filter_backends: list = []
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def _get(self) -> Indicator:
        try:
            return registry.get(self.kwargs["code"])
        except KeyError:
            raise Http404 from None

    def list(self, request: Request) -> Response:
        return Response([_indicator_data(i) for i in registry.all_indicators()])

    def retrieve(self, request: Request, code: str) -> Response:
        return Response(_indicator_data(self._get()))

    @extend_schema(parameters=[UNIT, *PERIOD, OpenApiParameter(
        "by", OpenApiTypes.STR, enum=["subordinates"],
        description="“subordinates”: also the value of each direct subordinate unit.")],
        responses=ValueOut)
    @action(detail=True, methods=["get"])
    @_in_view
    def value(self, request: Request, code: str) -> Response:
        """The value for the unit's subtree over the period, with its breakdown, as the
        organisation was (default) or as it is (`view`)."""
        indicator = self._get()
        unit = unit_from_request(request.user, request.query_params.get("unit"))
        period = period_from_params(request.query_params)
        if request.query_params.get("by") == "subordinates":
            rows, total = registry.by_subordinates(indicator.code, unit, period)
            data = _value_data(total, unit, period)
            data["subordinates"] = [
                {"unit": _unit_ref(row.unit), "is_self": row.is_self, "total": row.value.total,
                 "numerator": row.value.numerator, "denominator": row.value.denominator,
                 "records_url": records_url(indicator.code, row.unit, period)} for row in rows]
        else:
            data = _value_data(registry.compute(indicator.code, unit, period), unit, period)
        return Response(ValueOut(data).data)

    @extend_schema(parameters=[UNIT, *PERIOD, OpenApiParameter(
        "part", OpenApiTypes.STR, enum=["numerator", "denominator"],
        description="For a ratio: the records of its numerator or denominator (default).")],
        responses=RecordOut(many=True))
    @action(detail=True, methods=["get"])
    @_in_view
    def records(self, request: Request, code: str) -> Response:
        """The records behind the value (paginated), in the same view; their amounts add up
        to it."""
        indicator = self._get()
        unit = unit_from_request(request.user, request.query_params.get("unit"))
        period = period_from_params(request.query_params)
        part = request.query_params.get("part", "")
        counted = (registry.get(indicator.numerator if part == "numerator"  # type: ignore[arg-type]
                                else indicator.denominator) if indicator.kind == Kind.RATIO
                   else indicator)
        queryset = registry.records(indicator.code, unit, period, part=part).order_by("pk")
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        response = paginator.get_paginated_response([_record_data(r, counted) for r in page])
        response.data["view"] = registry.current_view().value
        return response


def _record_data(record: Any, counted: Indicator) -> dict[str, Any]:
    target = getattr(record, counted.record_link) if counted.record_link else record
    day = getattr(record, counted.date_field) if counted.date_field else None
    amount = getattr(record, counted.amount) if counted.amount else 1
    return {"id": record.pk, "record_type": record._meta.label_lower, "text": str(record),
            "date": day.isoformat() if hasattr(day, "isoformat") else (
                None if day is None else str(day)),
            "unit": _unit_ref(getattr(record, "unit", None)), "amount": amount,
            "url": target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""}
