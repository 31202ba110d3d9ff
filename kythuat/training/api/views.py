"""Training plans, courses, contests and their reference lists. The viewsets only route: reads
go through the selectors, writes through the services (with their Vietnamese messages)."""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.storage.api.views import ScopedViewSet

from .. import selectors, services
from ..filters import ContestFilter, CourseFilter, PlanFilter
from ..models import ContestEntry, ContestLevel, Prize, Trainee
from .serializers import (
    ContestEntryIn,
    ContestEventIn,
    ContestIn,
    ContestLevelOut,
    ContestOut,
    CourseIn,
    CourseOut,
    PlanItemIn,
    PrizeOut,
    TraineeIn,
    TrainingPlanIn,
    TrainingPlanOut,
)


@extend_schema_view(create=extend_schema(request=TrainingPlanIn,
                                         responses={201: TrainingPlanOut}))
class TrainingPlanViewSet(ScopedViewSet):
    """Yearly technical training plans of the caller's subtree with their subjects."""

    serializer_class = TrainingPlanOut
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.plan_list(user=self.request.user).prefetch_related("items")

    def create(self, request: Request) -> Response:
        plan = services.plan_create(actor=request.user, **self.payload(TrainingPlanIn))
        return self.answer(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanItemIn, responses=TrainingPlanOut)
    @action(detail=True, methods=["post"])
    def subjects(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        services.plan_item_add(actor=request.user, plan=plan, **self.payload(PlanItemIn))
        return self.answer(plan)


TRAINEES = Trainee.objects.select_related("person").order_by("person__full_name")


@extend_schema_view(create=extend_schema(request=CourseIn, responses={201: CourseOut}))
class CourseViewSet(ScopedViewSet):
    """Training courses of the caller's subtree with their trainees, hours and results."""

    serializer_class = CourseOut
    filterset_class = CourseFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.course_list(user=self.request.user).prefetch_related(
            Prefetch("trainees", queryset=TRAINEES))

    def create(self, request: Request) -> Response:
        course = services.course_create(actor=request.user, **self.payload(CourseIn))
        return self.answer(course, status.HTTP_201_CREATED)

    @extend_schema(request=TraineeIn, responses=CourseOut)
    @action(detail=True, methods=["post"])
    def trainees(self, request: Request, pk: str) -> Response:
        course = self.get_object()
        data = self.payload(TraineeIn)
        services.trainee_add(actor=request.user, course=course, person=data["person"],
                             hours_attended=data["hours"], result=data["result"],
                             note=data["note"])
        return self.answer(course)


ENTRIES = ContestEntry.objects.select_related("event", "person", "unit", "prize")


@extend_schema_view(create=extend_schema(request=ContestIn, responses={201: ContestOut}))
class ContestViewSet(ScopedViewSet):
    """Contests organised in the caller's subtree or in which its units took part, with
    their events and results."""

    serializer_class = ContestOut
    filterset_class = ContestFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.contest_list(user=self.request.user).prefetch_related(
            "events", Prefetch("entries", queryset=ENTRIES))

    def create(self, request: Request) -> Response:
        contest = services.contest_create(actor=request.user, **self.payload(ContestIn))
        return self.answer(contest, status.HTTP_201_CREATED)

    @extend_schema(request=ContestEventIn, responses=ContestOut)
    @action(detail=True, methods=["post"])
    def events(self, request: Request, pk: str) -> Response:
        contest = self.get_object()
        services.contest_event_add(actor=request.user, contest=contest,
                                   **self.payload(ContestEventIn))
        return self.answer(contest)

    @extend_schema(request=ContestEntryIn, responses=ContestOut)
    @action(detail=True, methods=["post"])
    def results(self, request: Request, pk: str) -> Response:
        contest = self.get_object()
        services.contest_entry_add(actor=request.user, contest=contest,
                                   **self.payload(ContestEntryIn))
        return self.answer(contest)


class ContestLevelViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ContestLevel.objects.all()
    serializer_class = ContestLevelOut


class PrizeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Prize.objects.all()
    serializer_class = PrizeOut
