"""Reads: proposals, decisions and commendations as the user may see them, the counts by form,
and the indicators shown beside a proposal."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from kythuat.indicators import registry
from kythuat.indicators.links import records_url
from kythuat.indicators.periods import Period
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids
from kythuat.reviews.models import Review

from .filters import CommendationFilter, DecisionFilter, ProposalFilter
from .models import Commendation, CommendationDecision, CommendationProposal, RecipientKind


def proposal_list(*, user: User, filters: Mapping[str, str] | None = None
                  ) -> QuerySet[CommendationProposal]:
    proposals = (CommendationProposal.objects.visible_to(user)
                 .select_related("proposer", "awarding_unit", "form")
                 .annotate(recipient_count=Count("recipients"))
                 .order_by("-created_at", "-pk"))
    return ProposalFilter(filters, queryset=proposals, user=user).qs


def visible_proposal(user: User, pk: object) -> CommendationProposal:
    proposals = CommendationProposal.objects.visible_to(user).select_related(
        "proposer", "awarding_unit", "awarding_unit__kind", "form", "review")
    return get_object_or_404(proposals, pk=pk)


def decision_list(*, user: User, filters: Mapping[str, str] | None = None
                  ) -> QuerySet[CommendationDecision]:
    decisions = (CommendationDecision.objects.visible_to(user)
                 .select_related("unit", "issuer", "form", "number", "review")
                 .annotate(recipient_count=Count("commendations"))
                 .order_by("-decided_on", "-pk"))
    return DecisionFilter(filters, queryset=decisions, user=user).qs


def visible_decision(user: User, pk: object) -> CommendationDecision:
    decisions = CommendationDecision.objects.visible_to(user).select_related(
        "unit", "unit__kind", "issuer", "issuer__profile", "form", "number", "review",
        "proposal")
    return get_object_or_404(decisions, pk=pk)


def commendation_list(*, user: User, filters: Mapping[str, str] | None = None
                      ) -> QuerySet[Commendation]:
    """The commendations awarded (decisions issued), newest first."""
    commendations = (Commendation.objects.visible_to(user).filter(awarded_on__isnull=False)
                     .select_related("unit", "form", "decision", "decision__unit",
                                     "decision__unit__kind", "decision__number")
                     .order_by("-awarded_on", "decision_id", "order", "pk"))
    return CommendationFilter(filters, queryset=commendations, user=user).qs


@dataclass(frozen=True)
class FormCount:
    form: str
    collectives: int
    individuals: int

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


def counts_by_form(commendations: QuerySet[Commendation]) -> list[FormCount]:
    """Collectives and individuals by form, for the list as filtered."""
    counts: dict[str, dict[str, int]] = {}
    rows = (commendations.order_by().values("form__name", "form__order", "kind")
            .annotate(n=Count("pk")).order_by("form__order", "form__name"))
    for row in rows:
        counts.setdefault(row["form__name"], {})[row["kind"]] = row["n"]
    return [FormCount(name, found.get(RecipientKind.COLLECTIVE, 0),
                      found.get(RecipientKind.INDIVIDUAL, 0)) for name, found in counts.items()]


def review_commendations(*, review: Review, unit: Unit) -> QuerySet[Commendation]:
    """The commendations handed out at a review (their decision is linked to it and issued) to
    recipients of the unit's subtree."""
    return (Commendation.objects.filter(decision__review=review, awarded_on__isnull=False,
                                        unit__in=subtree_ids(unit))
            .select_related("unit", "form", "decision", "decision__unit", "decision__number")
            .order_by("decision__decided_on", "decision_id", "order", "pk"))


@dataclass(frozen=True)
class Support:
    """An indicator shown beside a proposal: its value for the unit over the period."""

    code: str
    name: str
    unit: Unit
    value: Decimal | None
    unit_of_measure: str
    url: str


def proposal_support(proposal: CommendationProposal) -> list[Support]:
    """Each supporting indicator for each collective recipient (or the proposer when the
    proposal has none), over the period of the achievements, computed live."""
    units = [r.unit for r in proposal.recipients.select_related("unit")
             if r.kind == RecipientKind.COLLECTIVE] or [proposal.proposer]
    period = Period(proposal.period_start, proposal.period_end)
    result = []
    with registry.memo():
        for code in proposal.indicator_codes:
            try:
                indicator = registry.get(code)
            except KeyError:
                continue
            for unit in units:
                value = registry.compute(code, unit, period, breakdown=False).total
                result.append(Support(code, str(indicator.name), unit, value,
                                      str(indicator.unit), records_url(code, unit, period)))
    return result
