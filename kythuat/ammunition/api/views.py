"""Ammunition resources. The viewsets only route: reads go through selectors or `visible_to`,
writes through the services."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin
from kythuat.holdings.models import Lot
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..forms import ExpiryFilterForm, LotFilterForm, RetestFilterForm
from ..models import DisposalBatch, LotIsolation, LotTest, ShelfLifeExtension
from .serializers import (
    AmmoLotOut,
    DisposalBatchIn,
    DisposalBatchOut,
    DisposalWriteOffIn,
    LotIsolateIn,
    LotIsolationOut,
    LotReleaseIn,
    LotTestIn,
    LotTestOut,
    ShelfLifeExtendIn,
    ShelfLifeExtensionOut,
)

LOT_PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, description="Unit whose subtree is read "
                     "(default: the caller's unit)."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Lot number, manufacturer or type."),
    OpenApiParameter("type", OpenApiTypes.INT), OpenApiParameter("branch", OpenApiTypes.INT),
    OpenApiParameter("status", OpenApiTypes.STR),
    OpenApiParameter("window", OpenApiTypes.STR, description="expiring: expired, 30, 90, "
                     "180, 365 or all; retests_due: overdue, 30, 90, 365, never or all."),
]


def _filters(request: Request, form_class: type[LotFilterForm] = LotFilterForm) -> dict:
    """The filters of the list, checked by the screen's own filter form: a wrong value
    answers 400 with the form's message."""
    data = request.query_params.copy()
    data.pop("unit", None)  # read by unit_from_request: outside the subtree is a 404
    form = form_class(data, user=request.user)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return {key: value for key, value in form.cleaned_data.items() if value and key != "unit"}


def _validated(serializer_class: type, request: Request) -> dict:
    """The request body checked by an input serializer (400 with the errors otherwise)."""
    payload = serializer_class(data=request.data, context={"request": request})
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


@extend_schema(parameters=LOT_PARAMETERS)
class AmmoLotViewSet(viewsets.ReadOnlyModelViewSet):
    """Ammunition lots held now or before in a unit subtree, with expiry and re-test dates."""

    queryset = Lot.objects.none()
    serializer_class = AmmoLotOut

    def _unit(self):
        return unit_from_request(self.request.user, self.request.query_params.get("unit"))

    def get_queryset(self) -> QuerySet[Lot]:
        return selectors.lot_register(unit=self._unit(), filters=_filters(self.request))

    def _listed(self, lots: QuerySet[Lot]) -> Response:
        page = self.paginate_queryset(lots)
        return self.get_paginated_response(AmmoLotOut(page, many=True).data)

    @extend_schema(responses=AmmoLotOut(many=True))  # a page of lots, as the list
    @action(detail=False, methods=["get"])
    def expiring(self, request: Request) -> Response:
        """Lots on hand by expiry date, soonest first."""
        filters = _filters(request, ExpiryFilterForm)
        return self._listed(selectors.expiry_list(unit=self._unit(), filters=filters))

    @extend_schema(responses=AmmoLotOut(many=True))  # a page of lots, as the list
    @action(detail=False, methods=["get"], url_path="retests-due")
    def retests_due(self, request: Request) -> Response:
        """Lots on hand due for a re-test, or never tested."""
        filters = _filters(request, RetestFilterForm)
        return self._listed(selectors.retest_list(unit=self._unit(), filters=filters))


class LotTestViewSet(ListFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Tests and sample inspections of the lots the caller may see."""

    queryset = LotTest.objects.none()
    serializer_class = LotTestOut

    def get_queryset(self) -> QuerySet[LotTest]:
        tests = LotTest.objects.visible_to(self.request.user).select_related(
            "lot", "unit", "kind", "conclusion")
        if lot := self.request.query_params.get("lot"):
            tests = tests.filter(lot_id=lot) if lot.isdigit() else tests.none()
        return tests

    @extend_schema(request=LotTestIn, responses={201: LotTestOut})
    def create(self, request: Request) -> Response:
        data = _validated(LotTestIn, request)
        test = services.lot_test_record(actor=request.user, **data)
        return Response(LotTestOut(test).data, status=status.HTTP_201_CREATED)


class LotIsolationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Isolations of lots pending recall, and their release."""

    queryset = LotIsolation.objects.none()
    serializer_class = LotIsolationOut

    def get_queryset(self) -> QuerySet[LotIsolation]:
        return LotIsolation.objects.visible_to(self.request.user).select_related("lot", "unit")

    @extend_schema(request=LotIsolateIn, responses={201: LotIsolationOut})
    def create(self, request: Request) -> Response:
        data = _validated(LotIsolateIn, request)
        isolation = services.lot_isolate(actor=request.user, **data)
        return Response(LotIsolationOut(isolation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LotReleaseIn, responses=LotIsolationOut)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        isolation = self.get_object()
        data = _validated(LotReleaseIn, request)
        isolation = services.lot_release(actor=request.user, isolation=isolation, **data)
        return Response(LotIsolationOut(isolation).data)


class ShelfLifeExtensionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                                viewsets.GenericViewSet):
    """Shelf-life extension decisions of the lots the caller may see."""

    queryset = ShelfLifeExtension.objects.none()
    serializer_class = ShelfLifeExtensionOut

    def get_queryset(self) -> QuerySet[ShelfLifeExtension]:
        return ShelfLifeExtension.objects.visible_to(self.request.user).select_related(
            "lot", "unit")

    @extend_schema(request=ShelfLifeExtendIn, responses={201: ShelfLifeExtensionOut})
    def create(self, request: Request) -> Response:
        data = _validated(ShelfLifeExtendIn, request)
        extension = services.shelf_life_extend(actor=request.user, **data)
        return Response(ShelfLifeExtensionOut(extension).data, status=status.HTTP_201_CREATED)


class DisposalBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Disposal batches of the units of the caller's subtree."""

    queryset = DisposalBatch.objects.none()
    serializer_class = DisposalBatchOut

    def get_queryset(self) -> QuerySet[DisposalBatch]:
        return DisposalBatch.objects.visible_to(self.request.user).select_related(
            "unit").prefetch_related("lines__lot__type", "write_offs")

    @extend_schema(request=DisposalBatchIn, responses={201: DisposalBatchOut})
    def create(self, request: Request) -> Response:
        data = _validated(DisposalBatchIn, request)
        lines = [(line["lot"], line["quantity"]) for line in data.pop("lines", [])]
        batch = services.disposal_batch_create(actor=request.user, lines=lines, **data)
        return Response(DisposalBatchOut(self.get_queryset().get(pk=batch.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DisposalBatchOut)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        batch = services.disposal_batch_approve(actor=request.user, batch=self.get_object())
        return Response(DisposalBatchOut(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(request=DisposalWriteOffIn, responses=DisposalBatchOut)
    @action(detail=True, methods=["post"], url_path="write-off")
    def write_off(self, request: Request, pk: str) -> Response:
        """Drafts the write-offs that take what remains of the batch from a unit."""
        batch = self.get_object()
        data = _validated(DisposalWriteOffIn, request)
        services.disposal_write_off_create(actor=request.user, batch=batch, **data)
        return Response(DisposalBatchOut(self.get_queryset().get(pk=batch.pk)).data)
