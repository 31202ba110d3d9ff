from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin, query_params
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..models import (
    ConditionReading,
    Facility,
    FacilityStandard,
    FundingSource,
    Inspection,
    Investment,
)
from ..selectors import SUMMARY_YEARS
from .filters import FacilityFilter, InspectionFilter, InvestmentFilter, ReadingFilter
from .serializers import (
    AcknowledgeIn,
    FacilityIn,
    FacilityOut,
    FacilityStandardOut,
    FundingSourceOut,
    InspectionCloseIn,
    InspectionIn,
    InspectionOut,
    InvestmentIn,
    InvestmentOut,
    ReadingIn,
    ReadingOut,
    SummaryIn,
    SummaryOut,
)


class ScopedViewSet(ListFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Lists and details scoped by a selector; writes go through the services."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def payload(self, serializer_class, *, partial: bool = False) -> dict:
        payload = serializer_class(data=self.request.data, partial=partial,
                                   context={"request": self.request})
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def answer(self, instance, code: int = status.HTTP_200_OK) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code)


@extend_schema_view(
    create=extend_schema(request=FacilityIn, responses={201: FacilityOut}),
    partial_update=extend_schema(request=FacilityIn, responses=FacilityOut),
)
class FacilityViewSet(ScopedViewSet):
    """Facilities owned by the units of the caller's subtree."""

    queryset = Facility.objects.none()
    serializer_class = FacilityOut
    filterset_class = FacilityFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Facility]:
        return selectors.facility_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        facility = services.facility_create(actor=request.user, **self.payload(FacilityIn))
        return self.answer(facility, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        facility = self.get_object()
        data = self.payload(FacilityIn, partial=True)
        data.pop("owner_unit", None)  # a facility changes owner by a handover
        return self.answer(services.facility_update(actor=request.user, facility=facility,
                                                    data=data))


class FacilityStandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Standards a facility may meet (reference data, army-wide)."""

    queryset = FacilityStandard.objects.all()
    serializer_class = FacilityStandardOut


class FundingSourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Funding sources of investments (reference data, army-wide)."""

    queryset = FundingSource.objects.all()
    serializer_class = FundingSourceOut


@extend_schema_view(
    create=extend_schema(request=InvestmentIn, responses={201: InvestmentOut}),
    partial_update=extend_schema(request=InvestmentIn, responses=InvestmentOut),
    destroy=extend_schema(responses={204: OpenApiResponse(description="The record is deleted.")}),
)
class InvestmentViewSet(ScopedViewSet):
    """Construction and investment records of the facilities of the caller's subtree."""

    queryset = Investment.objects.none()
    serializer_class = InvestmentOut
    filterset_class = InvestmentFilter

    def get_queryset(self) -> QuerySet[Investment]:
        return selectors.investment_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        investment = services.investment_create(actor=request.user,
                                                **self.payload(InvestmentIn))
        return self.answer(investment, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        investment = self.get_object()
        data = self.payload(InvestmentIn, partial=True)
        data.pop("facility", None)
        return self.answer(services.investment_update(actor=request.user,
                                                      investment=investment, data=data))

    def destroy(self, request: Request, pk: str) -> Response:
        services.investment_delete(actor=request.user, investment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[SummaryIn], responses=SummaryOut, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request: Request) -> Response:
        """Money invested by funding source and year, and facilities built, for a unit's
        subtree (by default the last eight years)."""
        params = query_params(SummaryIn, request)
        this_year = timezone.localdate().year
        first = params.get("year_from") or this_year - SUMMARY_YEARS + 1
        last = params.get("year_to") or this_year
        summary = selectors.investment_summary(
            unit=unit_from_request(request.user, params.get("unit")),
            year_from=min(first, last), year_to=max(first, last))
        return Response(SummaryOut(summary).data)


@extend_schema_view(
    create=extend_schema(request=InspectionIn, responses={201: InspectionOut}),
    partial_update=extend_schema(request=InspectionIn, responses=InspectionOut),
)
class InspectionViewSet(ScopedViewSet):
    """Inspections of the facilities of the caller's subtree."""

    queryset = Inspection.objects.none()
    serializer_class = InspectionOut
    filterset_class = InspectionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Inspection]:
        return selectors.inspection_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        inspection = services.inspection_create(actor=request.user,
                                                **self.payload(InspectionIn))
        return self.answer(inspection, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        inspection = self.get_object()
        data = self.payload(InspectionIn, partial=True)
        data.pop("facility", None)
        return self.answer(services.inspection_update(actor=request.user,
                                                      inspection=inspection, data=data))

    @extend_schema(request=InspectionCloseIn, responses=InspectionOut)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Marks the findings as fixed."""
        inspection = self.get_object()
        return self.answer(services.inspection_close(actor=request.user, inspection=inspection,
                                                     **self.payload(InspectionCloseIn)))


@extend_schema_view(create=extend_schema(request=ReadingIn, responses={201: ReadingOut}))
class ReadingViewSet(ScopedViewSet):
    """Temperature and humidity readings of the facilities of the caller's subtree."""

    queryset = ConditionReading.objects.none()
    serializer_class = ReadingOut
    filterset_class = ReadingFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ConditionReading]:
        return selectors.reading_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        reading = services.reading_record(actor=request.user, **self.payload(ReadingIn))
        return self.answer(reading, status.HTTP_201_CREATED)

    @extend_schema(request=AcknowledgeIn, responses=ReadingOut)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        """An officer has seen a reading out of limits: its alert ends."""
        reading = self.get_object()
        return self.answer(services.reading_acknowledge(actor=request.user, reading=reading,
                                                        **self.payload(AcknowledgeIn)))
