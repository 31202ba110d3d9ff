from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

# The shared base of scoped viewsets (payload() and answer()); its home should be core.api.
from kythuat.storage.api.views import ScopedViewSet

from .. import selectors, services
from ..models import Clause, Directive, DirectiveKind
from .filters import ClauseFilter, DirectiveFilter
from .serializers import (
    CascadeOut,
    ClauseIn,
    ClauseOut,
    DirectiveIn,
    DirectiveKindOut,
    DirectiveOut,
    StatusIn,
)


@extend_schema_view(
    create=extend_schema(request=DirectiveIn, responses={201: DirectiveOut}),
    partial_update=extend_schema(request=DirectiveIn, responses=DirectiveOut),
)
class DirectiveViewSet(ScopedViewSet):
    """Directives issued by the caller's unit, the units below it and the units above it."""

    queryset = Directive.objects.none()
    serializer_class = DirectiveOut
    filterset_class = DirectiveFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Directive]:
        user = self.request.user
        visible = Directive.objects.visible_to(user).only("pk")
        return selectors.directive_list(user=user).prefetch_related(
            Prefetch("implements", queryset=visible),
            Prefetch("clauses", queryset=Clause.objects.order_by("order", "pk")))

    def create(self, request: Request) -> Response:
        directive = services.directive_create(actor=request.user, **self.payload(DirectiveIn))
        return self.answer(directive, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        directive = self.get_object()
        data = self.payload(DirectiveIn, partial=True)
        return self.answer(services.directive_update(actor=request.user, directive=directive,
                                                     data=data))

    @extend_schema(request=StatusIn, responses=DirectiveOut)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        directive = services.directive_set_status(actor=request.user,
                                                  directive=self.get_object(),
                                                  **self.payload(StatusIn))
        return self.answer(directive)

    @extend_schema(responses=CascadeOut)
    @action(detail=True, methods=["get"])
    def cascade(self, request: Request, pk: str) -> Response:
        cascade = selectors.directive_cascade(user=request.user, directive=self.get_object())
        return Response(CascadeOut(cascade).data)


@extend_schema_view(
    create=extend_schema(request=ClauseIn, responses={201: ClauseOut}),
    partial_update=extend_schema(request=ClauseIn, responses=ClauseOut),
    destroy=extend_schema(responses={204: OpenApiResponse(description="The clause is deleted.")}),
)
class ClauseViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """Numbered tasks and solutions of the directives the caller may see (`?directive=<id>`)."""

    queryset = Clause.objects.none()
    serializer_class = ClauseOut
    filterset_class = ClauseFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Clause]:
        return selectors.clause_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        clause = services.clause_create(actor=request.user, **self.payload(ClauseIn))
        return self.answer(clause, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        clause = self.get_object()
        data = self.payload(ClauseIn, partial=True)
        data.pop("directive", None)  # a clause belongs to its directive for good
        return self.answer(services.clause_update(actor=request.user, clause=clause, data=data))

    def perform_destroy(self, instance: Clause) -> None:
        services.clause_delete(actor=self.request.user, clause=instance)


class DirectiveKindViewSet(viewsets.ReadOnlyModelViewSet):
    """Kinds of directive (reference data, army-wide)."""

    queryset = DirectiveKind.objects.all()
    serializer_class = DirectiveKindOut
