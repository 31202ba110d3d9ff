from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin

from .. import permissions, selectors, services
from ..models import Unit, User
from .filters import UnitFilter
from .serializers import UnitOut, UserOut


class UnitViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """The units of the caller's subtree."""

    queryset = Unit.objects.none()
    serializer_class = UnitOut
    filterset_class = UnitFilter

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list(user=self.request.user)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The users of a unit administrator's subtree, with their API tokens' dates; others see
    no one."""

    queryset = User.objects.none()
    serializer_class = UserOut

    def get_queryset(self) -> QuerySet[User]:
        user = self.request.user
        if not permissions.can_manage_users(user):
            return User.objects.none()
        return selectors.user_list(user=user)

    @extend_schema(request=None, responses=UserOut)
    @action(detail=True, methods=["post"], url_path="revoke-token")
    def revoke_token(self, request: Request, pk: str) -> Response:
        target = self.get_object()
        services.token_revoke(actor=request.user, user=target)
        return Response(UserOut(selectors.user_list(user=request.user).get(pk=target.pk)).data)
