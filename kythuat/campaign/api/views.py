"""The Campaign 50 API: phases, objectives and criteria (army-wide), steering committees, score
sheets with the self-assessment and the higher level's scoring, emulation blocks with their
ranking, and pledges. Writes go through the services; bad input answers 400 in Vietnamese."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin
from kythuat.core.querystring import id_param

from .. import selectors, services
from ..filters import SheetFilter
from ..models import (
    Criterion,
    EmulationBlock,
    Objective,
    Phase,
    Pledge,
    Sheet,
    SteeringCommittee,
)
from . import serializers as s


def payload(request: Request, serializer_class) -> dict:
    data = serializer_class(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


@extend_schema_view(grid=extend_schema(request=s.CriteriaGridIn,
                                       responses=s.CriterionOut(many=True)))
class PhaseViewSet(viewsets.ReadOnlyModelViewSet):
    """The phases of the campaign with each level's label (the same for the whole army)."""

    serializer_class = s.PhaseOut
    queryset = Phase.objects.none()

    def get_queryset(self) -> QuerySet[Phase]:
        return (Phase.objects.visible_to(self.request.user).select_related("campaign")
                .prefetch_related("labels__level"))

    @action(detail=True, methods=["post"])
    def grid(self, request: Request, pk: str) -> Response:
        """Replaces the criteria of a level (system administrator): each objective's criteria
        must add up to its points and the objectives to the phase's total."""
        phase = self.get_object()
        data = payload(request, s.CriteriaGridIn)
        groups = services.grid_save(actor=request.user, phase=phase, level=data["level"],
                                    groups=data["groups"])
        criteria = Criterion.objects.filter(group__in=groups).select_related("group__objective")
        return Response(s.CriterionOut(criteria, many=True).data)


class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ObjectiveOut
    queryset = Objective.objects.all()


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("phase", int), OpenApiParameter("level", int)]))
class CriterionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The criteria of a phase (and a level: the kind of unit scored)."""

    serializer_class = s.CriterionOut
    queryset = Criterion.objects.none()

    def get_queryset(self) -> QuerySet[Criterion]:
        criteria = Criterion.objects.select_related("group__objective").order_by(
            "group__phase", "group__level", "group__objective__number", "order")
        for name in ("phase", "level"):
            if value := id_param(self.request.query_params.get(name)):
                criteria = criteria.filter(**{f"group__{name}": value})
        return criteria


@extend_schema_view(create=extend_schema(request=s.CommitteeIn, responses={201: s.CommitteeOut}))
class CommitteeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CommitteeOut
    queryset = SteeringCommittee.objects.none()

    def get_queryset(self) -> QuerySet[SteeringCommittee]:
        return (SteeringCommittee.objects.visible_to(self.request.user)
                .select_related("unit").prefetch_related("members"))

    def create(self, request: Request) -> Response:
        committee = services.committee_create(actor=request.user, **payload(request,
                                                                          s.CommitteeIn))
        return Response(s.CommitteeOut(committee).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(request=s.SheetOpenIn, responses={201: s.SheetOut}),
    assess=extend_schema(request=s.SheetAssessIn, responses=s.SheetOut),
    submit=extend_schema(request=None, responses=s.SheetOut),
    review=extend_schema(request=s.SheetReviewIn, responses=s.SheetOut),
)
class SheetViewSet(ListFilterMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Score sheets of the caller's unit, the units below it and the units above it."""

    serializer_class = s.SheetOut
    filterset_class = SheetFilter
    queryset = Sheet.objects.none()

    def get_queryset(self) -> QuerySet[Sheet]:
        return selectors.sheet_list(user=self.request.user).prefetch_related(
            "scores__criterion")

    def answer(self, sheet: Sheet, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=sheet.pk)).data,
                        status=code)

    def create(self, request: Request) -> Response:
        """Opens a unit's sheet for a year: one line per criterion of its level."""
        sheet = services.sheet_open(actor=request.user, **payload(request, s.SheetOpenIn))
        return self.answer(sheet, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: str) -> Response:
        """The unit's own scores, explanations and references to the records."""
        sheet = self.get_object()
        entries = {e.pop("criterion"): e for e in payload(request, s.SheetAssessIn)["entries"]}
        return self.answer(services.sheet_assess(actor=request.user, sheet=sheet,
                                                 entries=entries))

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self.answer(services.sheet_submit(actor=request.user, sheet=self.get_object()))

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        """The higher level's scores and reasons; `close` freezes the computed scores."""
        sheet = self.get_object()
        data = payload(request, s.SheetReviewIn)
        entries = {e.pop("criterion"): e for e in data.get("entries", [])}
        return self.answer(services.sheet_review(actor=request.user, sheet=sheet,
                                                 entries=entries, close=data["close"]))


@extend_schema_view(
    create=extend_schema(request=s.BlockIn, responses={201: s.BlockOut}),
    ranking=extend_schema(parameters=[OpenApiParameter("year", int)],
                          responses=s.BlockRankOut(many=True)),
)
class BlockViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Emulation blocks of the caller's unit and the units below it."""

    serializer_class = s.BlockOut
    queryset = EmulationBlock.objects.none()

    def get_queryset(self) -> QuerySet[EmulationBlock]:
        return (EmulationBlock.objects.visible_to(self.request.user)
                .select_related("phase", "superior", "level").prefetch_related("members"))

    def create(self, request: Request) -> Response:
        block = services.block_create(actor=request.user, **payload(request, s.BlockIn))
        return Response(s.BlockOut(block).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, pk: str) -> Response:
        """The members ranked by the sum of their frozen higher-level scores."""
        block = self.get_object()
        years = selectors.block_years(block)
        value = request.query_params.get("year", "")
        year = int(value) if value.isdigit() and int(value) in years else years[0]
        return Response(s.BlockRankOut(selectors.block_ranking(block, year), many=True).data)


@extend_schema_view(create=extend_schema(request=s.PledgeIn, responses={201: s.PledgeOut}))
class PledgeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Pledges of the caller's unit and the units below it; each item is a target."""

    serializer_class = s.PledgeOut
    queryset = Pledge.objects.none()

    def get_queryset(self) -> QuerySet[Pledge]:
        return (Pledge.objects.visible_to(self.request.user).select_related("unit")
                .prefetch_related("items"))

    def create(self, request: Request) -> Response:
        pledge = services.pledge_create(actor=request.user, **payload(request, s.PledgeIn))
        return Response(s.PledgeOut(get_object_or_404(self.get_queryset(), pk=pledge.pk)).data,
                        status=status.HTTP_201_CREATED)
