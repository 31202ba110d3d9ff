"""The statistical reports as JSON: the same build functions as the screens and files."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..views import REPORTS, Built
from .serializers import GradeReportOut, IncreaseDecreaseOut, StrengthReportOut


def _param(name: str, kind=OpenApiTypes.INT, description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, kind, required=False, description=description)


UNIT = _param("unit", description="The unit whose subtree is reported; the caller's if omitted.")
BRANCH = _param("branch", description="Technical branch id.")
TYPE = _param("type", description="Equipment type id.")


def _built(request: Request, slug: str) -> Built:
    built = REPORTS[slug].build(request.user, request.query_params)
    if built.report is None:
        raise ValidationError(
            {name: [str(e) for e in errors] for name, errors in built.form.errors.items()}
        )
    return built


class StatisticsViewSet(viewsets.GenericViewSet):
    """Statistical reports of a unit subtree (báo cáo thống kê)."""

    filter_backends: list = []
    pagination_class = None
    serializer_class = IncreaseDecreaseOut

    @extend_schema(
        parameters=[
            UNIT,
            _param("year"),
            _param("quarter", description="1 to 4; the whole year if omitted."),
            _param("start", OpenApiTypes.DATE, "First day (with end), instead of year/quarter."),
            _param("end", OpenApiTypes.DATE, "Last day."),
            BRANCH,
            TYPE,
            _param("by_grade", OpenApiTypes.BOOL, "Rows by type and grade."),
        ],
        responses=IncreaseDecreaseOut,
    )
    @action(detail=False, methods=["get"], url_path="increase-decrease")
    def increase_decrease(self, request: Request) -> Response:
        """Quarterly or annual increases and decreases."""
        return Response(IncreaseDecreaseOut(_built(request, "increase-decrease").report).data)

    @extend_schema(
        parameters=[
            UNIT,
            _param("as_of", OpenApiTypes.DATE, "End of this day; now if omitted."),
            BRANCH,
            TYPE,
            _param("usage_group", description="Usage group id."),
            _param("split_usage", OpenApiTypes.BOOL, "Split each unit row by usage group."),
        ],
        responses=GradeReportOut,
    )
    @action(detail=False, methods=["get"])
    def grades(self, request: Request) -> Response:
        """Holdings by quality grade, per direct subordinate unit."""
        return Response(GradeReportOut(_built(request, "grades").report).data)

    @extend_schema(
        parameters=[
            UNIT,
            BRANCH,
            TYPE,
            _param("per_unit", OpenApiTypes.BOOL, "Every unit separately."),
        ],
        responses=StrengthReportOut,
    )
    @action(detail=False, methods=["get"])
    def strength(self, request: Request) -> Response:
        """Authorised strength against holdings."""
        return Response(StrengthReportOut(_built(request, "strength").report).data)
