"""The viewsets only route: reads are scoped with `visible_to` or a visible unit, writes go
through the services."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.catalog.models import EquipmentType
from kythuat.core.api import Pagination, query_params
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..models import (
    CalendarEntry,
    MaintenanceKind,
    MaintenancePlan,
    Meter,
    MeterKind,
    MeterReading,
    RepairLevel,
    WorkOrder,
    WorkOrderLine,
)
from .serializers import (
    CalendarEntryIn,
    CalendarEntryOut,
    DueIn,
    DueOut,
    MaintenanceKindOut,
    MeterKindOut,
    MeterOut,
    MeterReadingIn,
    MeterReadingOut,
    PlanIn,
    PlanOut,
    RepairLevelOut,
    WorkOrderCloseIn,
    WorkOrderDetailOut,
    WorkOrderOpenIn,
    WorkOrderOut,
    WorkOrderTechniciansIn,
)


class MaintenanceKindViewSet(viewsets.ReadOnlyModelViewSet):
    """Kinds of maintenance (reference data)."""

    queryset = MaintenanceKind.objects.prefetch_related("covers")
    serializer_class = MaintenanceKindOut


class RepairLevelViewSet(viewsets.ReadOnlyModelViewSet):
    """Repair levels with the facility kinds and echelons allowed to do each."""

    queryset = RepairLevel.objects.prefetch_related("allowed_facility_kinds",
                                                    "allowed_unit_kinds")
    serializer_class = RepairLevelOut


class MeterKindViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = MeterKind.objects.all()
    serializer_class = MeterKindOut


@extend_schema_view(create=extend_schema(request=PlanIn, responses={201: PlanOut}),
                    update=extend_schema(request=PlanIn, responses=PlanOut))
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Maintenance plans of the equipment types the caller can see."""

    queryset = MaintenancePlan.objects.none()
    serializer_class = PlanOut
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[MaintenancePlan]:
        return MaintenancePlan.objects.filter(
            type__in=EquipmentType.objects.visible_to(self.request.user)).select_related(
            "type", "kind")

    def create(self, request: Request) -> Response:
        payload = PlanIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        plan = services.plan_create(actor=request.user, **payload.validated_data)
        return Response(PlanOut(plan).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        payload = PlanIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        plan = services.plan_update(actor=request.user, plan=plan,
                                    data=dict(payload.validated_data))
        return Response(PlanOut(plan).data)


@extend_schema_view(create=extend_schema(request=CalendarEntryIn,
                                         responses={201: CalendarEntryOut}))
class CalendarEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Technical calendar entries set by the units of the caller's subtree."""

    queryset = CalendarEntry.objects.none()
    serializer_class = CalendarEntryOut
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[CalendarEntry]:
        return CalendarEntry.objects.visible_to(self.request.user).select_related("unit")

    def create(self, request: Request) -> Response:
        payload = CalendarEntryIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        entry = services.calendar_entry_create(actor=request.user, **payload.validated_data)
        return Response(CalendarEntryOut(entry).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: CalendarEntry) -> None:
        services.calendar_entry_delete(actor=self.request.user, entry=instance)


class MeterViewSet(viewsets.ReadOnlyModelViewSet):
    """Meters of the items held in the caller's subtree."""

    queryset = Meter.objects.none()
    serializer_class = MeterOut

    def get_queryset(self) -> QuerySet[Meter]:
        return Meter.objects.visible_to(self.request.user).select_related("kind", "item")


@extend_schema_view(create=extend_schema(request=MeterReadingIn,
                                         responses={201: MeterReadingOut}))
class MeterReadingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Meter readings; a reading lower than the last needs `is_replacement`."""

    queryset = MeterReading.objects.none()
    serializer_class = MeterReadingOut
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[MeterReading]:
        return MeterReading.objects.visible_to(self.request.user).select_related("meter")

    def create(self, request: Request) -> Response:
        payload = MeterReadingIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        reading = services.meter_reading_record(actor=request.user, **payload.validated_data)
        return Response(MeterReadingOut(reading).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=WorkOrderOpenIn,
                                         responses={201: WorkOrderDetailOut}))
class WorkOrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Work orders of the caller's units or done by their facilities."""

    queryset = WorkOrder.objects.none()
    serializer_class = WorkOrderOut
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[WorkOrder]:
        return WorkOrder.objects.visible_to(self.request.user).select_related(
            "unit", "facility").prefetch_related(
            Prefetch("lines", queryset=WorkOrderLine.objects.select_related("item",
                                                                            "grade_change")),
            "parts", "technicians")

    def get_serializer_class(self):
        return WorkOrderOut if self.action == "list" else WorkOrderDetailOut

    def _answer(self, order: WorkOrder, code: int = status.HTTP_200_OK) -> Response:
        return Response(WorkOrderDetailOut(self.get_queryset().get(pk=order.pk)).data,
                        status=code)

    def create(self, request: Request) -> Response:
        """Opens a work order; a repair puts its items in repair."""
        payload = WorkOrderOpenIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        lines = [services.WorkLine(**line) for line in data.pop("lines")]
        order = services.work_order_open(actor=request.user, lines=lines, **data)
        return self._answer(order, status.HTTP_201_CREATED)

    @extend_schema(request=WorkOrderTechniciansIn, responses=WorkOrderDetailOut)
    @action(detail=True, methods=["post"])
    def technicians(self, request: Request, pk: str) -> Response:
        """Names the technicians; the answer carries the warnings of the staffing rule."""
        order = self.get_object()
        payload = WorkOrderTechniciansIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        services.work_order_technicians_set(actor=request.user, work_order=order,
                                            **payload.validated_data)
        return self._answer(order)

    @extend_schema(request=WorkOrderCloseIn, responses=WorkOrderDetailOut)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Closes it: parts and grade changes are posted to the ledger."""
        order = self.get_object()
        payload = WorkOrderCloseIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        order = services.work_order_close(actor=request.user, work_order=order,
                                          **payload.service_kwargs())
        return self._answer(order)


class DueViewSet(viewsets.GenericViewSet):
    """Maintenance due (or overdue, or soon due) in a unit's subtree, most urgent first."""

    queryset = MaintenancePlan.objects.none()
    serializer_class = DueOut
    pagination_class = Pagination

    @extend_schema(parameters=[DueIn], responses=DueOut(many=True))
    def list(self, request: Request) -> Response:
        params = query_params(DueIn, request)
        unit = unit_from_request(request.user, request.query_params.get("unit"))
        rows = selectors.due_list(
            unit, timezone.localdate(), state=params["state"], q=params["q"],
            kind_id=params["kind"].pk if params.get("kind") else None,
            type_id=params["type"].pk if params.get("type") else None)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DueOut(page, many=True).data)
