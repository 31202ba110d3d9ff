from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors, services
from ..models import CountLine, CountSheet, Stocktake
from .serializers import CountSheetOut, SheetCountIn, StocktakeOut


class StocktakeViewSet(viewsets.ReadOnlyModelViewSet):
    """Stocktakes of the units of the caller's subtree (filters: status, kind, year, q)."""

    queryset = Stocktake.objects.none()
    serializer_class = StocktakeOut

    def get_queryset(self) -> QuerySet[Stocktake]:
        filters = self.request.query_params if self.action == "list" else {}
        return selectors.stocktake_list(user=self.request.user, filters=filters) \
            .prefetch_related("members", "documents")


class CountSheetViewSet(viewsets.ReadOnlyModelViewSet):
    """Count sheets with their lines (filter: stocktake); count entry through `count`."""

    queryset = CountSheet.objects.none()
    serializer_class = CountSheetOut

    def get_queryset(self) -> QuerySet[CountSheet]:
        sheets = CountSheet.objects.visible_to(self.request.user).select_related(
            "unit", "facility", "stocktake").prefetch_related(Prefetch(
                "lines", CountLine.objects.select_related("type", "lot", "sheet__stocktake")))
        stocktake = self.request.query_params.get("stocktake")
        if self.action == "list" and stocktake:
            sheets = sheets.filter(stocktake_id=stocktake if stocktake.isdigit() else 0)
        return sheets.order_by("stocktake", "number")

    @extend_schema(request=SheetCountIn, responses=CountSheetOut)
    @action(detail=True, methods=["post"])
    def count(self, request: Request, pk: str) -> Response:
        """Counted quantities (and re-assessed grades) for lines of this sheet; all or none."""
        sheet = self.get_object()
        payload = SheetCountIn(data=request.data)
        payload.is_valid(raise_exception=True)
        lines = {line.pk: line for line in sheet.lines.all()}
        with transaction.atomic():
            for entry in payload.validated_data["lines"]:
                line = lines.get(entry["id"])
                if line is None:
                    raise serializers.ValidationError(
                        {"lines": [_("Line %(id)s is not on this sheet.") % {
                            "id": entry["id"]}]}, code="not_on_sheet")
                services.line_count(actor=request.user, line=line, count=services.LineCount(
                    counted=entry["counted"], grade_found=entry.get("grade_found"),
                    regraded=entry.get("regraded"), note=entry.get("note", "")))
        return Response(CountSheetOut(self.get_queryset().get(pk=sheet.pk)).data)
