"""Items, lots and documents. The viewsets only route: reads go through selectors or
`visible_to`, writes through the services."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin, query_params

from .. import selectors, services
from ..filters import ItemFilter, MovementFilter
from ..models import Item, Lot, Movement, MovementLine
from .filters import LotFilter
from .serializers import (
    AsOfIn,
    ItemOut,
    ItemStateOut,
    LedgerEntryOut,
    LotOut,
    MovementIn,
    MovementOut,
    MovementReturnIn,
    MovementReverseIn,
)


class ItemViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Serial-tracked items held in the caller's subtree (held ones unless `status` says
    otherwise)."""

    queryset = Item.objects.none()
    serializer_class = ItemOut
    filterset_class = ItemFilter

    def get_queryset(self) -> QuerySet[Item]:
        return Item.objects.visible_to(self.request.user).select_related(
            "type", "unit", "facility", "usage_group"
        )

    @extend_schema(responses=LedgerEntryOut(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        """The ledger entries of the item, oldest first."""
        history = selectors.item_history(user=request.user, item=self.get_object())
        return Response(LedgerEntryOut(history["entries"], many=True).data)

    @extend_schema(parameters=[AsOfIn], responses=ItemStateOut)
    @action(detail=True, methods=["get"])
    def state(self, request: Request, pk: str) -> Response:
        """Where the item was and in what grade at the end of `as_of`."""
        item = self.get_object()
        day = query_params(AsOfIn, request).get("as_of") or timezone.localdate()
        state = selectors.item_state_as_of(item=item, day=day)
        if state is None:
            data = {
                "day": day,
                "held": False,
                "unit_name": "",
                "grade": None,
                "usage_group": "",
                "movement_number": "",
            }
            return Response(ItemStateOut(data).data)
        return Response(ItemStateOut(state).data)


class LotViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Lots held now or before by a unit of the caller's subtree."""

    queryset = Lot.objects.none()
    serializer_class = LotOut
    filterset_class = LotFilter

    def get_queryset(self) -> QuerySet[Lot]:
        return selectors.lot_list(user=self.request.user)


def _service_kwargs(payload: MovementIn) -> dict[str, Any]:
    header = dict(payload.validated_data)
    lines = [services.LineSpec(**line) for line in header.pop("lines")]
    return {"lines": lines, **header}


@extend_schema_view(
    create=extend_schema(request=MovementIn, responses={201: MovementOut}),
    update=extend_schema(request=MovementIn, responses=MovementOut),
    destroy=extend_schema(responses={204: OpenApiResponse(description="The draft is deleted.")}),
)
class MovementViewSet(
    ListFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Documents sent or received by a unit of the caller's subtree, with their lines."""

    queryset = Movement.objects.none()
    serializer_class = MovementOut
    filterset_class = MovementFilter
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Movement]:
        lines = MovementLine.objects.select_related("type", "item", "lot", "usage_group")
        return selectors.movement_list(user=self.request.user).prefetch_related(
            Prefetch("lines", queryset=lines)
        )

    def _answer(self, movement: Movement, code: int = status.HTTP_200_OK) -> Response:
        movement = self.get_queryset().get(pk=movement.pk)
        return Response(MovementOut(movement).data, status=code)

    def create(self, request: Request) -> Response:
        """Records a draft; nothing reaches the books until it is posted."""
        payload = MovementIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        movement = services.movement_create(actor=request.user, **_service_kwargs(payload))
        return self._answer(movement, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        """Replaces a draft's header and lines."""
        movement = self.get_object()
        payload = MovementIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        movement = services.movement_update(
            actor=request.user, movement=movement, **_service_kwargs(payload)
        )
        return self._answer(movement)

    def destroy(self, request: Request, pk: str) -> Response:
        """Deletes a draft; a posted document is reversed instead."""
        services.movement_delete(actor=request.user, movement=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Not named `post`: a method of that name would answer every POST to the detail URL.
    @extend_schema(request=None, responses=MovementOut)
    @action(detail=True, methods=["post"], url_path="post", url_name="post")
    def post_draft(self, request: Request, pk: str) -> Response:
        """Posts the draft: writes its ledger entries and moves the balances."""
        movement = services.movement_post(actor=request.user, movement=self.get_object())
        return self._answer(movement)

    @extend_schema(request=MovementReturnIn, responses=MovementOut)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_clerk(self, request: Request, pk: str) -> Response:
        """Sends the draft back to its clerk with a comment instead of posting it."""
        movement = self.get_object()
        payload = MovementReturnIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        movement = services.movement_return(
            actor=request.user, movement=movement, **payload.validated_data
        )
        return self._answer(movement)

    @extend_schema(request=MovementReverseIn, responses={201: MovementOut})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        """Cancels a posted document; answers the reversing document."""
        original = self.get_object()
        payload = MovementReverseIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        reversal = services.movement_reverse(
            actor=request.user, movement=original, **payload.validated_data
        )
        return self._answer(reversal, status.HTTP_201_CREATED)
