from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core.api import ListFilterMixin

# The shared base of scoped viewsets (payload() and answer()); its home should be core.api.
from kythuat.storage.api.views import ScopedViewSet

from .. import selectors, services
from ..filters import CommendationFilter, DecisionFilter, ProposalFilter
from ..models import (
    Commendation,
    CommendationDecision,
    CommendationForm,
    CommendationProposal,
    ProposalRecipient,
)
from .serializers import (
    CommendationDecisionIn,
    CommendationDecisionOut,
    CommendationFormOut,
    CommendationIssueIn,
    CommendationOut,
    CommendationProposalDecideIn,
    CommendationProposalIn,
    CommendationProposalOut,
    specs,
)


class CommendationFormViewSet(viewsets.ReadOnlyModelViewSet):
    """Commendation forms and the unit kinds that may award each (reference data)."""

    queryset = CommendationForm.objects.prefetch_related("allowed_kinds")
    serializer_class = CommendationFormOut


@extend_schema_view(
    create=extend_schema(request=CommendationProposalIn, responses={201: CommendationProposalOut}),
    partial_update=extend_schema(request=CommendationProposalIn, responses=CommendationProposalOut),
)
class ProposalViewSet(ScopedViewSet):
    """Proposals of the caller's subtree, and those sent to it once submitted."""

    queryset = CommendationProposal.objects.none()
    serializer_class = CommendationProposalOut
    filterset_class = ProposalFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[CommendationProposal]:
        recipients = ProposalRecipient.objects.select_related("unit")
        return selectors.proposal_list(user=self.request.user).prefetch_related(
            Prefetch("recipients", queryset=recipients))

    def create(self, request: Request) -> Response:
        data = self.payload(CommendationProposalIn)
        proposal = services.proposal_create(actor=request.user,
                                            recipients=specs(data.pop("recipients", [])),
                                            **data)
        return self.answer(proposal, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        data = self.payload(CommendationProposalIn, partial=True)
        data.pop("proposer", None)  # a proposal stays with the unit that drafted it
        rows = data.pop("recipients", None)
        return self.answer(services.proposal_update(
            actor=request.user, proposal=proposal, data=data,
            recipients=specs(rows) if rows is not None else None))

    @extend_schema(request=None, responses=CommendationProposalOut)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self.answer(services.proposal_submit(actor=request.user,
                                                    proposal=self.get_object()))

    @extend_schema(request=CommendationProposalDecideIn,
                   responses={200: CommendationProposalOut, 201: CommendationDecisionOut})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Refuses the proposal with a reason, or makes a draft decision for the recipients
        chosen (all when none is named), to be issued on the decision."""
        proposal = self.get_object()
        data = self.payload(CommendationProposalDecideIn)
        if data["outcome"] == "refuse":
            return self.answer(services.proposal_refuse(actor=request.user, proposal=proposal,
                                                        reason=data.get("reason", "")))
        if not data.get("issuer") or not data.get("decided_on"):
            raise ValidationError(_("Give the issuer and the date of the decision."))
        chosen = proposal.recipients.all()
        if data.get("recipients"):
            chosen = chosen.filter(pk__in=data["recipients"])
        decision = services.decision_from_proposal(
            actor=request.user, proposal=proposal, issuer=data["issuer"],
            decided_on=data["decided_on"], recipients=list(chosen))
        answer = selectors.decision_list(user=request.user).get(pk=decision.pk)
        return Response(CommendationDecisionOut(answer).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=CommendationDecisionIn,
                                         responses={201: CommendationDecisionOut}))
class DecisionViewSet(ScopedViewSet):
    """Decisions of the caller's subtree and those awarding its units."""

    queryset = CommendationDecision.objects.none()
    serializer_class = CommendationDecisionOut
    filterset_class = DecisionFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[CommendationDecision]:
        rows = Commendation.objects.select_related("unit").order_by("order", "pk")
        return selectors.decision_list(user=self.request.user).prefetch_related(
            Prefetch("commendations", queryset=rows))

    def create(self, request: Request) -> Response:
        data = self.payload(CommendationDecisionIn)
        decision = services.decision_create(actor=request.user,
                                            recipients=specs(data.pop("recipients")), **data)
        return self.answer(decision, status.HTTP_201_CREATED)

    @extend_schema(request=CommendationIssueIn, responses=CommendationDecisionOut)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        """Takes the number once (a retry returns the same number) and awards the
        recipients."""
        data = self.payload(CommendationIssueIn)
        decision = services.decision_issue(actor=request.user, decision=self.get_object(),
                                           symbol=data.get("symbol", ""))
        return self.answer(decision)


class CommendationViewSet(ListFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Commendations awarded by issued decisions: to the caller's units, or by them."""

    queryset = Commendation.objects.none()
    serializer_class = CommendationOut
    filterset_class = CommendationFilter

    def get_queryset(self) -> QuerySet[Commendation]:
        return selectors.commendation_list(user=self.request.user)
