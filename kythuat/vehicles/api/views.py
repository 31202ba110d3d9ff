"""Vehicles, drivers, trips, accidents, programmes and norms. The viewsets only route: reads
are scoped through `visible_to` and the selectors, writes go through the services."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.catalog.models import EquipmentType
from kythuat.core.api import ListFilterMixin, query_params
from kythuat.core.querystring import id_param
from kythuat.holdings.models import Item
from kythuat.org.selectors import default_unit

from .. import selectors, services
from ..models import Accident, Conversion, Driver, FuelNorm, Trip
from .filters import AccidentFilter, ConversionFilter, DriverFilter, TripFilter
from .serializers import (
    AccidentIn,
    AccidentOut,
    ComparisonIn,
    ComparisonOut,
    ConversionOut,
    DriverIn,
    DriverOut,
    FuelNormOut,
    ProgrammeOut,
    ProgrammeQueryIn,
    RegistrationIn,
    TripIn,
    TripOut,
    VehicleOut,
)


class VehicleViewSet(viewsets.ReadOnlyModelViewSet):
    """Vehicles held in the caller's subtree, with their current plate. Query: `unit`, `q`
    (plate or serial), `type`."""

    queryset = Item.objects.none()
    serializer_class = VehicleOut

    def get_queryset(self) -> QuerySet[Item]:
        params = self.request.query_params if self.action == "list" else {}
        unit = None
        if params.get("unit"):
            from kythuat.org.selectors import unit_from_request

            unit = unit_from_request(self.request.user, params["unit"])
        etype = params.get("type")
        return selectors.vehicle_list(
            user=self.request.user, unit=unit, q=params.get("q", ""),
            held=self.action == "list",
            type=id_param(etype))

    @extend_schema(
        parameters=[OpenApiParameter("unit", int), OpenApiParameter("q", str),
                    OpenApiParameter("type", int)])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RegistrationIn, responses={201: VehicleOut})
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str) -> Response:
        """Registers the vehicle under a plate; the previous registration ends that day."""
        item = self.get_object()
        payload = RegistrationIn(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        services.registration_create(actor=request.user, item=item, **payload.validated_data)
        return Response(VehicleOut(self.get_queryset().get(pk=item.pk)).data,
                        status=status.HTTP_201_CREATED)


class _CreateMixin:
    in_serializer: type
    create_service: staticmethod

    def create(self, request: Request, *args, **kwargs) -> Response:
        payload = self.in_serializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        record = type(self).create_service(actor=request.user, **payload.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


@extend_schema(request=DriverIn, responses={201: DriverOut}, methods=["POST"])
class DriverViewSet(_CreateMixin, ListFilterMixin, mixins.CreateModelMixin,
                    viewsets.ReadOnlyModelViewSet):
    """Drivers of the caller's subtree with their military driving licences."""

    queryset = Driver.objects.none()
    serializer_class = DriverOut
    filterset_class = DriverFilter
    in_serializer = DriverIn
    create_service = staticmethod(services.driver_create)

    def get_queryset(self) -> QuerySet[Driver]:
        return Driver.objects.visible_to(self.request.user).select_related(
            "unit", "licence_class", "person")


@extend_schema(request=TripIn, responses={201: TripOut}, methods=["POST"])
class TripViewSet(_CreateMixin, ListFilterMixin, mixins.CreateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    """Trips of the vehicles of the caller's subtree; POST records one (fuel within the tank,
    a driver with a valid licence)."""

    queryset = Trip.objects.none()
    serializer_class = TripOut
    filterset_class = TripFilter
    in_serializer = TripIn
    create_service = staticmethod(services.trip_create)

    def get_queryset(self) -> QuerySet[Trip]:
        return Trip.objects.visible_to(self.request.user).select_related("item__type",
                                                                         "driver__person")


@extend_schema(request=AccidentIn, responses={201: AccidentOut}, methods=["POST"])
class AccidentViewSet(_CreateMixin, ListFilterMixin, mixins.CreateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """Traffic accidents of the caller's subtree (one record is one accident)."""

    queryset = Accident.objects.none()
    serializer_class = AccidentOut
    filterset_class = AccidentFilter
    in_serializer = AccidentIn
    create_service = staticmethod(services.accident_create)

    def get_queryset(self) -> QuerySet[Accident]:
        return Accident.objects.visible_to(self.request.user).select_related("item__type")

    @extend_schema(parameters=[ComparisonIn], responses=ComparisonOut, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None)
    def comparison(self, request: Request) -> Response:
        """The three counts this year against last year, in total and per unit below."""
        params = query_params(ComparisonIn, request)
        unit = params.get("unit") or default_unit(request.user)
        year = params.get("year") or timezone.localdate().year
        total, rows = selectors.accident_comparison(user=request.user, unit=unit, year=year)
        return Response(ComparisonOut({"year": year, "total": total, "rows": rows}).data)


class FuelNormViewSet(viewsets.ReadOnlyModelViewSet):
    """Fuel norm (l/100 km) and tank capacity of the vehicle models."""

    queryset = FuelNorm.objects.none()
    serializer_class = FuelNormOut

    def get_queryset(self) -> QuerySet[FuelNorm]:
        types = EquipmentType.objects.visible_to(self.request.user)
        return FuelNorm.objects.filter(type__in=types).select_related("type").order_by(
            "type__symbol")


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Modernisation programmes of the caller's unit, the units above and below it. Progress
    counts the vehicles of `unit`'s subtree (the caller's whole subtree if omitted, every top
    unit for the system administrator), conversions between `start` and `end` when given."""

    serializer_class = ProgrammeOut

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user)

    @extend_schema(parameters=[ProgrammeQueryIn])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[ProgrammeQueryIn])
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        user = self.request.user
        params = query_params(ProgrammeQueryIn, self.request)
        unit = params["unit"] or (user.unit if user.unit_id else None)
        cache: dict = {}

        def progress(programme):
            if programme.pk not in cache:
                cache[programme.pk] = selectors.programme_progress(
                    user=user, programme=programme, unit=unit, start=params["start"],
                    end=params["end"])
            return cache[programme.pk]

        context["progress"] = progress
        return context


class ConversionViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Vehicles converted under the programmes, in the caller's subtree. Query: `unit`
    (with its subordinates), `programme`, `start` and `end` (the day of conversion)."""

    queryset = Conversion.objects.none()
    serializer_class = ConversionOut
    filterset_class = ConversionFilter

    def get_queryset(self) -> QuerySet[Conversion]:
        return selectors.programme_conversions(user=self.request.user, programme=None)
