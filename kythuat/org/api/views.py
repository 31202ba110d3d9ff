from django.db.models import QuerySet
from rest_framework import viewsets

from kythuat.core.api import ListFilterMixin

from .. import selectors
from ..models import Unit
from .filters import UnitFilter
from .serializers import UnitOut


class UnitViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """The units of the caller's subtree."""

    queryset = Unit.objects.none()
    serializer_class = UnitOut
    filterset_class = UnitFilter

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list(user=self.request.user)
