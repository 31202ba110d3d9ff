"""The report API: reports (list, detail, create; issue, compare, docx, refresh), their
sections (update the text) and figures (list, create and delete while a draft)."""

import io

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.querystring import id_param
from kythuat.storage.api.views import ScopedViewSet

from .. import report_selectors as selectors
from ..models import Figure, Report, Section
from ..services import figures as figure_services
from ..services import reports as services
from .report_serializers import (
    DifferenceOut,
    FigureIn,
    FigureOut,
    ReportCreateIn,
    ReportIssueIn,
    ReportOut,
    SectionIn,
    SectionOut,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@extend_schema_view(create=extend_schema(request=ReportCreateIn, responses={201: ReportOut}))
class ReportViewSet(ScopedViewSet):
    """Review reports: the caller's subtree (drafts included) and the issued reports of the
    reviews of the units above it."""

    queryset = Report.objects.none()
    serializer_class = ReportOut
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.report_list(user=self.request.user,
                                     filters=self.request.query_params).prefetch_related(
            "sections")

    def create(self, request: Request) -> Response:
        report = services.report_create(actor=request.user, **self.payload(ReportCreateIn))
        return self.answer(report, status.HTTP_201_CREATED)

    @extend_schema(request=ReportIssueIn, responses=ReportOut)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        report = services.report_issue(actor=request.user, report=self.get_object(),
                                       **self.payload(ReportIssueIn))
        return self.answer(report)

    @extend_schema(request=None, responses=ReportOut)
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        services.figures_refresh(actor=request.user, report=report)
        return self.answer(report)

    @extend_schema(responses=DifferenceOut(many=True))
    @action(detail=True, methods=["get"])
    def compare(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        differences = (selectors.report_compare(report)
                       if report.status == Report.Status.ISSUED else [])
        return Response(DifferenceOut(differences, many=True).data)

    @extend_schema(responses={(200, DOCX_TYPE): OpenApiResponse(description="The .docx")})
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: str) -> FileResponse:
        report = self.get_object()
        name = selectors.docx_filename(report)
        if report.status == Report.Status.ISSUED and report.issued_file:
            return FileResponse(report.issued_file.open("rb"), as_attachment=True,
                                filename=name, content_type=DOCX_TYPE)
        return FileResponse(io.BytesIO(selectors.report_docx_bytes(report)),
                            as_attachment=True, filename=name, content_type=DOCX_TYPE)


@extend_schema_view(partial_update=extend_schema(request=SectionIn, responses=SectionOut))
class SectionViewSet(ScopedViewSet):
    """The sections of the visible reports; the text of a draft's section can be changed."""

    queryset = Section.objects.none()
    serializer_class = SectionOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Section]:
        return Section.objects.filter(
            report__in=Report.objects.visible_to(self.request.user)).order_by("report", "pk")

    def partial_update(self, request: Request, pk: str) -> Response:
        section = services.section_update(actor=request.user, section=self.get_object(),
                                          **self.payload(SectionIn))
        return self.answer(section)


@extend_schema_view(create=extend_schema(request=FigureIn, responses={201: FigureOut}))
class FigureViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """The figures of the visible reports; added to and deleted from drafts."""

    queryset = Figure.objects.none()
    serializer_class = FigureOut
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Figure]:
        figures = Figure.objects.filter(
            report__in=Report.objects.visible_to(self.request.user)).select_related("unit")
        if report := id_param(self.request.query_params.get("report")):
            figures = figures.filter(report_id=report)
        return figures.order_by("report", "pk")

    def create(self, request: Request) -> Response:
        figure = figure_services.figure_add(actor=request.user, **self.payload(FigureIn))
        return self.answer(figure, status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Figure) -> None:
        figure_services.figure_delete(actor=self.request.user, figure=instance)
