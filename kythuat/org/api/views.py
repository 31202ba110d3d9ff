from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin

from .. import permissions, selectors, services
from ..models import Unit, User
from .filters import UnitFilter
from .serializers import (
    PasswordIn,
    TokenIn,
    TokenOut,
    UnitCreateIn,
    UnitMoveIn,
    UnitOut,
    UnitUpdateIn,
    UserCreateIn,
    UserOut,
    UserUpdateIn,
)


def _payload(serializer_class, request: Request) -> dict:
    payload = serializer_class(data=request.data, context={"request": request})
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class UnitViewSet(ListFilterMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    """The units of the caller's subtree. A unit administrator creates units below the units
    of their subtree, renames them (PATCH) and moves them; the system administrator also
    creates top-level units (no `parent`)."""

    queryset = Unit.objects.none()
    serializer_class = UnitOut
    filterset_class = UnitFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list(user=self.request.user)

    def _out(self, unit: Unit) -> dict:
        return UnitOut(self.get_queryset().get(pk=unit.pk)).data

    @extend_schema(request=UnitCreateIn, responses={201: UnitOut})
    def create(self, request: Request, *args, **kwargs) -> Response:
        data = _payload(UnitCreateIn, request)
        unit = services.unit_create(actor=request.user, **data)
        return Response(self._out(unit), status=status.HTTP_201_CREATED)

    @extend_schema(request=UnitUpdateIn, responses=UnitOut)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        unit = self.get_object()
        services.unit_update(actor=request.user, unit=unit, data=_payload(UnitUpdateIn, request))
        return Response(self._out(unit))

    @extend_schema(exclude=True)
    def update(self, request: Request, *args, **kwargs) -> Response:
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)

    @extend_schema(request=UnitMoveIn, responses=UnitOut)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Moves the unit, with its whole subtree, under another unit of the caller's
        subtree from `on` (today by default); its former parent is kept for reports "as the
        organisation was"."""
        unit = self.get_object()
        services.unit_move(actor=request.user, unit=unit, **_payload(UnitMoveIn, request))
        return Response(self._out(unit))


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The users of a unit administrator's subtree, with their API tokens' dates; others see
    no one. The administrator creates users in the subtree, changes their unit (within it),
    role (up to their own), names and position, disables them (`is_active: false`) and sets
    a new password; the same services as the user screens."""

    queryset = User.objects.none()
    serializer_class = UserOut
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[User]:
        user = self.request.user
        if not permissions.can_manage_users(user):
            return User.objects.none()
        return selectors.user_list(user=user)

    def _out(self, target: User) -> dict:
        return UserOut(selectors.user_list(user=self.request.user).get(pk=target.pk)).data

    @extend_schema(request=UserCreateIn, responses={201: UserOut})
    def create(self, request: Request, *args, **kwargs) -> Response:
        selectors.managed_users(request.user)  # refuses (403) whoever may not manage users
        user = services.user_create(actor=request.user, **_payload(UserCreateIn, request))
        return Response(self._out(user), status=status.HTTP_201_CREATED)

    @extend_schema(request=UserUpdateIn, responses=UserOut)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        target = self.get_object()
        services.user_update(actor=request.user, user=target,
                             data=_payload(UserUpdateIn, request))
        return Response(self._out(target))

    @extend_schema(exclude=True)
    def update(self, request: Request, *args, **kwargs) -> Response:
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)

    @extend_schema(request=PasswordIn, responses=UserOut)
    @action(detail=True, methods=["post"])
    def password(self, request: Request, pk: str) -> Response:
        """Sets a new password (the user's API token is revoked with the old one)."""
        target = self.get_object()
        services.user_set_password(actor=request.user, user=target,
                                   password=_payload(PasswordIn, request)["password"])
        return Response(self._out(target))

    @extend_schema(request=None, responses=UserOut)
    @action(detail=True, methods=["post"], url_path="revoke-token")
    def revoke_token(self, request: Request, pk: str) -> Response:
        target = self.get_object()
        services.token_revoke(actor=request.user, user=target)
        return Response(self._out(target))


class TokenViewSet(viewsets.GenericViewSet):
    """A program signs in without a browser: user name and password give the user's API token
    (the current one, or a new one). Wrong passwords count towards the same lock-out as the
    sign-in page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenIn
    pagination_class = None

    def get_authenticate_header(self, request: Request) -> str:
        return "Token"  # a wrong password answers 401, as a wrong token does

    @extend_schema(request=TokenIn, responses={200: TokenOut})
    def create(self, request: Request) -> Response:
        data = _payload(TokenIn, request)
        django_request = request._request
        user = authenticate(django_request, username=data["username"],
                            password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            # Answered here, in JSON, instead of the lock-out page axes' middleware would send.
            django_request.axes_locked_out = False
            raise exceptions.Throttled(detail=_(
                "Too many failed sign-ins with this name from this computer; wait and try "
                "again later, or ask your unit administrator."))
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_(
                "The user name or the password is wrong (or the account is disabled)."))
        token = services.token_obtain(actor=user)
        return Response(TokenOut({"token": token.key, "user": user.pk,
                                  "created": token.created}).data)
