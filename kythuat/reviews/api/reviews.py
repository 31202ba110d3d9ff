"""The review API: reviews (with their status and submissions), committee members, plan
entries and review kinds. ViewSets only route: reads call selectors, writes call services."""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.directives.models import Directive

# The shared base of scoped viewsets (payload() and answer()); its home should be core.api.
from kythuat.storage.api.views import ScopedViewSet

from .. import selectors
from ..filters import MemberFilter, PlanEntryFilter, ReviewFilter
from ..models import CommitteeMember, PlanEntry, Review, ReviewKind
from ..services import reviews as services
from .review_serializers import (
    CommitteeMemberIn,
    CommitteeMemberOut,
    PlanAllIn,
    PlanEntryIn,
    PlanEntryOut,
    ReviewIn,
    ReviewKindOut,
    ReviewOut,
    ReviewStatusIn,
    ReviewSubmissionsOut,
)


@extend_schema_view(
    create=extend_schema(request=ReviewIn, responses={201: ReviewOut}),
    partial_update=extend_schema(request=ReviewIn, responses=ReviewOut),
)
class ReviewViewSet(ScopedViewSet):
    """Reviews held by the caller's subtree, and those whose plan asks a unit of it for a
    report (read-only for them)."""

    queryset = Review.objects.none()
    serializer_class = ReviewOut
    filterset_class = ReviewFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Review]:
        user = self.request.user
        visible = Directive.objects.visible_to(user).only("pk").order_by("issued_on", "pk")
        return selectors.review_list(user=user).prefetch_related(
            Prefetch("directives", queryset=visible, to_attr="visible_directives"))

    def create(self, request: Request) -> Response:
        review = services.review_create(actor=request.user, **self.payload(ReviewIn))
        return self.answer(review, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        data = self.payload(ReviewIn, partial=True)
        data.pop("unit", None)  # a review stays with its unit
        return self.answer(services.review_update(actor=request.user, review=review,
                                                  data=data))

    @extend_schema(request=ReviewStatusIn, responses=ReviewOut)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        review = services.review_status_set(actor=request.user, review=self.get_object(),
                                            **self.payload(ReviewStatusIn))
        return self.answer(review)

    @extend_schema(request=PlanAllIn, responses={201: PlanEntryOut(many=True)})
    @action(detail=True, methods=["post"], url_path="plan-all")
    def plan_all(self, request: Request, pk: str) -> Response:
        entries = services.plan_subordinates(actor=request.user, review=self.get_object(),
                                             **self.payload(PlanAllIn))
        return Response(PlanEntryOut(entries, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ReviewSubmissionsOut)
    @action(detail=True, methods=["get"])
    def submissions(self, request: Request, pk: str) -> Response:
        """Each unit of the plan with its report: none, draft or issued; late, days late."""
        overview = selectors.review_submissions(user=request.user, review=self.get_object())
        return Response(ReviewSubmissionsOut(overview).data)


@extend_schema_view(
    create=extend_schema(request=CommitteeMemberIn, responses={201: CommitteeMemberOut}),
    partial_update=extend_schema(request=CommitteeMemberIn, responses=CommitteeMemberOut),
    destroy=extend_schema(responses={204: OpenApiResponse(description="The member is removed.")}),
)
class MemberViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """Steering committee and secretariat members of the reviews the caller may see
    (`?review=<id>`, `?body=committee|secretariat`)."""

    queryset = CommitteeMember.objects.none()
    serializer_class = CommitteeMemberOut
    filterset_class = MemberFilter

    def get_queryset(self) -> QuerySet[CommitteeMember]:
        return selectors.member_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        member = services.member_add(actor=request.user, **self.payload(CommitteeMemberIn))
        return self.answer(member, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        member = self.get_object()
        data = self.payload(CommitteeMemberIn, partial=True)
        data.pop("review", None)  # a member belongs to their review
        return self.answer(services.member_update(actor=request.user, member=member,
                                                  data=data))

    def perform_destroy(self, instance: CommitteeMember) -> None:
        services.member_remove(actor=self.request.user, member=instance)


@extend_schema_view(
    create=extend_schema(request=PlanEntryIn, responses={201: PlanEntryOut}),
    partial_update=extend_schema(request=PlanEntryIn, responses=PlanEntryOut),
    destroy=extend_schema(responses={204: OpenApiResponse(
        description="The unit is removed from the plan.")}),
)
class PlanEntryViewSet(mixins.DestroyModelMixin, ScopedViewSet):
    """The units asked for a report by the reviews the caller may see (`?review=<id>`)."""

    queryset = PlanEntry.objects.none()
    serializer_class = PlanEntryOut
    filterset_class = PlanEntryFilter

    def get_queryset(self) -> QuerySet[PlanEntry]:
        return selectors.plan_entry_list(user=self.request.user)

    def create(self, request: Request) -> Response:
        entry = services.plan_entry_add(actor=request.user, **self.payload(PlanEntryIn))
        return self.answer(entry, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        data = self.payload(PlanEntryIn, partial=True)
        data = {key: data[key] for key in ("deadline", "note") if key in data}
        return self.answer(services.plan_entry_update(actor=request.user, entry=entry,
                                                      data=data))

    def perform_destroy(self, instance: PlanEntry) -> None:
        services.plan_entry_remove(actor=self.request.user, entry=instance)


class ReviewKindViewSet(viewsets.ReadOnlyModelViewSet):
    """Kinds of review (reference data, army-wide)."""

    queryset = ReviewKind.objects.all()
    serializer_class = ReviewKindOut
