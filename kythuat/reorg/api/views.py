from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core import api
from kythuat.org import selectors as org_selectors
from kythuat.org.models import Unit
from kythuat.storage.api.views import ScopedViewSet

from .. import selectors, services
from ..models import Change, Reorganisation
from .serializers import (
    AsAtIn,
    ChangeIn,
    ChangeOut,
    PreviewOut,
    ReorganisationIn,
    ReorganisationOut,
    SuccessionIn,
    UnitHistoryOut,
)


@extend_schema_view(create=extend_schema(request=ReorganisationIn,
                                         responses={201: ReorganisationOut}))
class ReorganisationViewSet(ScopedViewSet):
    """Reorganisation decisions issued by units of the caller's subtree, with their changes
    and successor rules; preview and apply them."""

    queryset = Reorganisation.objects.none()
    serializer_class = ReorganisationOut
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Reorganisation]:
        changes = Change.objects.visible_to(self.request.user).prefetch_related("successions")
        return selectors.decision_list(user=self.request.user, filters=self.request.query_params
                                       ).prefetch_related(Prefetch("changes", queryset=changes))

    def create(self, request: Request) -> Response:
        decision = services.decision_create(actor=request.user,
                                            **self.payload(ReorganisationIn))
        return self.answer(decision, status.HTTP_201_CREATED)

    @extend_schema(request=ChangeIn, responses={201: ReorganisationOut})
    @action(detail=True, methods=["post"])
    def changes(self, request: Request, pk: str) -> Response:
        decision = self.get_object()
        data = {k: v for k, v in self.payload(ChangeIn).items() if v not in (None, "")}
        services.change_add(actor=request.user, decision=decision, **data)
        return self.answer(decision, status.HTTP_201_CREATED)

    @extend_schema(request=SuccessionIn, responses={201: ReorganisationOut})
    @action(detail=True, methods=["post"])
    def successors(self, request: Request, pk: str) -> Response:
        decision = self.get_object()
        data = self.payload(SuccessionIn)
        change = data.pop("change")
        if change.reorganisation_id != decision.pk:
            from django.core.exceptions import ValidationError
            from django.utils.translation import gettext as _

            raise ValidationError({"change": _("Choose a change of this decision.")})
        services.succession_add(actor=request.user, change=change, **data)
        return self.answer(decision, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PreviewOut)
    @action(detail=True, methods=["get"])
    def preview(self, request: Request, pk: str) -> Response:
        decision = self.get_object()
        return Response(PreviewOut(selectors.preview(decision, user=None)).data)

    @extend_schema(request=None, responses=ReorganisationOut)
    @action(detail=True, methods=["post"])
    def announce(self, request: Request, pk: str) -> Response:
        return self.answer(services.decision_announce(actor=request.user,
                                                      decision=self.get_object()))

    @extend_schema(request=None, responses=ReorganisationOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self.answer(services.decision_cancel(actor=request.user,
                                                    decision=self.get_object()))

    @extend_schema(request=None, responses=ReorganisationOut)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str) -> Response:
        return self.answer(services.decision_apply(actor=request.user,
                                                   decision=self.get_object()))


class ChangeViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """The changes of the decisions the caller can see; a change of a draft or announced
    decision can be removed."""

    queryset = Change.objects.none()
    serializer_class = ChangeOut
    http_method_names = ["get", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Change]:
        return Change.objects.visible_to(self.request.user).prefetch_related("successions")

    def perform_destroy(self, instance: Change) -> None:
        services.change_delete(actor=self.request.user, change=instance)


@extend_schema_view(list=extend_schema(parameters=[AsAtIn]))
class UnitHistoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """The tree as at a date (`?on=YYYY-MM-DD`, today by default) with the names units bore
    then; a unit's lineage (predecessors, successors with the decisions) and former names."""

    queryset = Unit.objects.none()
    serializer_class = UnitHistoryOut

    def on(self):
        return api.query_params(AsAtIn, self.request).get("on") or timezone.localdate()

    def get_queryset(self) -> QuerySet[Unit]:
        units = (Unit.objects.visible_to(self.request.user)
                 .prefetch_related("former_names", "predecessor_links", "successor_links"))
        if self.action == "list":
            return org_selectors.tree_as_at(user=self.request.user, day=self.on()
                                            ).prefetch_related("predecessor_links",
                                                               "successor_links")
        return units

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if self.action == "list":
            context["on"] = self.on()
        return context
