"""Imports over the API: list and read them (scoped), upload a book (it is checked at once
when its columns are recognised), and post a checked one."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .. import services
from ..models import Import, ImportTemplate
from .serializers import ImportConfirmIn, ImportDetailOut, ImportOut, ImportUploadIn


class ImportFilter(filters.FilterSet):
    unit = filters.ModelChoiceFilter(
        label=_("Unit (with subordinates)"), queryset=Unit.objects.none(), method="filter_unit"
    )
    template = filters.ChoiceFilter(label=_("Template"), choices=ImportTemplate.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=Import.Status.choices)

    class Meta:
        model = Import
        fields = ["unit", "template", "status"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if request is not None:
            self.filters["unit"].queryset = Unit.objects.visible_to(request.user)

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(unit__in=subtree_ids(value)) if value else queryset


class ImportViewSet(ListFilterMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Excel imports of the caller's subtree."""

    queryset = Import.objects.none()
    serializer_class = ImportOut
    filterset_class = ImportFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[Import]:
        return (
            Import.objects.visible_to(self.request.user)
            .select_related("unit", "created_by")
            .defer("content", "prepared")
        )

    def get_serializer_class(self):
        return ImportDetailOut if self.action != "list" else ImportOut

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        imp = services.import_refresh(self.get_object())
        return Response(ImportDetailOut(imp).data)

    @extend_schema(
        request={"multipart/form-data": ImportUploadIn}, responses={201: ImportDetailOut}
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Uploads a book; if every required column is recognised, its rows are checked."""
        payload = ImportUploadIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        imp = services.import_upload(
            actor=request.user,
            unit=data["unit"],
            template=data["template"],
            file_name=data["file"].name,
            content=data["file"].read(),
            effective_date=data.get("effective_date"),
        )
        if not services.missing_fields(imp):
            imp = services.import_check(actor=request.user, imp=imp)
        return Response(ImportDetailOut(imp).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImportConfirmIn, responses=ImportDetailOut)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """Posts a checked import in one transaction (in the background when it is large)."""
        payload = ImportConfirmIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        imp = services.import_confirm(
            actor=request.user, imp=self.get_object(), drop_bad=payload.validated_data["drop_bad"]
        )
        return Response(ImportDetailOut(imp).data)
