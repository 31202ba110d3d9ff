from django.db.models import QuerySet
from rest_framework import viewsets

from kythuat.core.api import ListFilterMixin

from ..models import Facility
from .filters import FacilityFilter
from .serializers import FacilityOut


class FacilityViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Facilities owned by the units of the caller's subtree."""

    queryset = Facility.objects.none()
    serializer_class = FacilityOut
    filterset_class = FacilityFilter

    def get_queryset(self) -> QuerySet[Facility]:
        return Facility.objects.visible_to(self.request.user).select_related("kind", "owner_unit")
