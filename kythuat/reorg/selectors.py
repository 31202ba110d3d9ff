"""Reads on reorganisations, scoped to the user; the preview of a decision."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kythuat.holdings.models import Movement
from kythuat.org.models import User

from .models import Reorganisation
from .services.apply import (
    Line,
    Plan,
    common_root,
    conservation,
    handover_ref,
    plan,
    totals,
    units_of,
)


def decision_list(*, user: User, filters: Mapping[str, str] | None = None
                  ) -> QuerySet[Reorganisation]:
    decisions = Reorganisation.objects.visible_to(user).select_related("issuer")
    status = (filters or {}).get("status")
    if status in Reorganisation.Status.values:
        decisions = decisions.filter(status=status)
    return decisions


def decision_handovers(user: User, decision: Reorganisation) -> QuerySet[Movement]:
    """The handover documents the applied decision posted, those the user may see."""
    if decision.status != Reorganisation.Status.APPLIED:
        return Movement.objects.none()
    return (Movement.objects.visible_to(user)
            .filter(decision_ref=handover_ref(decision), effective_date=decision.effective_on)
            .select_related("from_unit", "to_unit").order_by("pk"))


def visible_decision(user: User, pk: object) -> Reorganisation:
    return get_object_or_404(Reorganisation.objects.visible_to(user).select_related("issuer"),
                             pk=pk)


@dataclass
class Preview:
    plan: Plan
    lines: list[Line]

    @property
    def balances(self) -> bool:
        return all(line.balances for line in self.lines)


def preview(decision: Reorganisation, *, user: User | None) -> Preview:
    """What applying would do, and the conservation table: the totals of the affected subtree
    now, and what the continuing units would hold once every planned handover is posted.
    Raises ValidationError for what would stop the decision."""
    result = plan(decision, actor=user)
    units = units_of(decision)
    root = common_root(units)
    closing = [c.unit.pk for c in result.closings]
    before = totals(root)
    after: dict = defaultdict(Decimal, totals(root, exclude=closing))
    for found in result.items.values():
        for item in found:
            key = next((k for k in before if k[0] == item.type_id and k[2] == item.grade
                        and k[3] == item.usage_group_id), None)
            if key is not None:
                after[key] += 1
    for found in result.stock.values():
        for balance in found:
            key = next((k for k in before if k[0] == balance.type_id
                        and k[2] == balance.grade and k[3] == balance.usage_group_id), None)
            if key is not None:
                after[key] += balance.quantity
    return Preview(result, conservation(before, dict(after)))
