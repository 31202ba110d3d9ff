from django.db.models import QuerySet
from rest_framework import viewsets

from kythuat.core.api import ListFilterMixin

from ..models import Branch, EquipmentType, GradeDefinition, UsageGroup
from .filters import EquipmentTypeFilter
from .serializers import BranchOut, EquipmentTypeOut, GradeOut, UsageGroupOut


class BranchViewSet(viewsets.ReadOnlyModelViewSet):
    """Technical branches (reference data shared by the whole army)."""

    queryset = Branch.objects.all()
    serializer_class = BranchOut
    filter_backends: list = []


class EquipmentTypeViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Army-wide types and those defined by the caller's unit, its ancestors or its subtree."""

    queryset = EquipmentType.objects.none()
    serializer_class = EquipmentTypeOut
    filterset_class = EquipmentTypeFilter

    def get_queryset(self) -> QuerySet[EquipmentType]:
        return EquipmentType.objects.visible_to(self.request.user).select_related("branch")


class UsageGroupViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = UsageGroup.objects.all()
    serializer_class = UsageGroupOut
    filter_backends: list = []


class GradeViewSet(viewsets.ReadOnlyModelViewSet):
    """The wording of quality grades 1–5 valid today."""

    queryset = GradeDefinition.objects.none()
    serializer_class = GradeOut
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[GradeDefinition]:
        return GradeDefinition.objects.valid_on()
