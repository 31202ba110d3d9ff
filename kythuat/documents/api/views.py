from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import query_params

from .. import selectors, services
from ..models import IssuedNumber, Issuer
from .serializers import (
    IssuedNumberOut,
    IssuerIn,
    IssuerOut,
    IssuerUpdateIn,
    NumberFilterIn,
    NumberIssueIn,
)


@extend_schema_view(
    create=extend_schema(request=IssuerIn, responses={201: IssuerOut}),
    partial_update=extend_schema(request=IssuerUpdateIn, responses=IssuerOut),
)
class IssuerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issuers (commands, Party committees) of the caller's subtree, one row per name."""

    queryset = Issuer.objects.none()
    serializer_class = IssuerOut
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Issuer]:
        return selectors.issuer_list(user=self.request.user).order_by("pk")

    def create(self, request: Request) -> Response:
        payload = IssuerIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        issuer = services.issuer_create(actor=request.user, **data)
        return Response(IssuerOut(issuer).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        issuer = self.get_object()
        payload = IssuerUpdateIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        issuer = services.issuer_update(actor=request.user, issuer=issuer,
                                        data=dict(payload.validated_data))
        return Response(IssuerOut(issuer).data)


@extend_schema_view(create=extend_schema(request=NumberIssueIn, responses={201: IssuedNumberOut}))
class IssuedNumberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """The register of issued numbers; POST issues the next number of the series."""

    queryset = IssuedNumber.objects.none()
    serializer_class = IssuedNumberOut

    @extend_schema(parameters=[NumberFilterIn])
    def list(self, request: Request) -> Response:
        return super().list(request)

    def get_queryset(self) -> QuerySet[IssuedNumber]:
        filters = {}
        if self.action == "list":
            filters = query_params(NumberFilterIn, self.request)
        return selectors.register_list(user=self.request.user, filters=filters)

    def create(self, request: Request) -> Response:
        payload = NumberIssueIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        issued = services.number_issue(actor=request.user, **payload.validated_data)
        return Response(IssuedNumberOut(issued).data, status=status.HTTP_201_CREATED)
