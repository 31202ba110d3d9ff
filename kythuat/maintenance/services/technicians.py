"""The technicians of a work order: naming them (people the user sees, of the work order's
unit or of the facility doing the work) and the warning when none of them holds the trade and
level the repair level asks for (`TechnicianRule`, reference data) on the work date."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org import permissions
from kythuat.org.models import User
from kythuat.org.querysets import subtree_ids
from kythuat.people.models import Person, SkillLevel

from ..models import TechnicianRule, WorkOrder

MAX_TECHNICIANS = 30


def eligible_technicians(*, user: User | None, work_order: WorkOrder) -> QuerySet[Person]:
    """Serving people of the work order's unit or of the facility's unit, with their subtrees,
    among those the user sees."""
    people = Person.objects.all() if user is None else Person.objects.visible_to(user)
    facility_unit = work_order.facility.owner_unit
    return (people.filter(Q(unit__in=subtree_ids(work_order.unit))
                          | Q(unit__in=subtree_ids(facility_unit)), is_active=True)
            .select_related("unit").order_by("unit__path", "full_name"))


@transaction.atomic
def work_order_technicians_set(*, actor: User | None, work_order: WorkOrder,
                               technicians: Iterable[Person]) -> WorkOrder:
    """Names the technicians who do (or did) the work; replaces the previous list."""
    permissions.ensure_can_draft(actor, work_order.unit)
    chosen = list(dict.fromkeys(technicians))
    if len(chosen) > MAX_TECHNICIANS:
        raise ValidationError({"technicians": _("Name at most %(count)s technicians.")
                                              % {"count": MAX_TECHNICIANS}},
                              code="too_many_technicians")
    allowed = set(eligible_technicians(user=actor, work_order=work_order)
                  .filter(pk__in=[p.pk for p in chosen]).values_list("pk", flat=True))
    outside = [p for p in chosen if p.pk not in allowed]
    if outside:
        raise ValidationError({"technicians": _(
            "%(people)s cannot work on this order: choose serving people of %(unit)s or of "
            "%(facility)s, or of a unit below them.")
            % {"people": ", ".join(str(p) for p in outside), "unit": work_order.unit.name,
               "facility": work_order.facility.owner_unit.name}},
            code="technician_outside")
    before = sorted(str(p) for p in work_order.technicians.all())
    work_order.technicians.set(chosen)
    after = sorted(str(p) for p in chosen)
    if before != after:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=work_order,
                     unit=work_order.unit, changes={"technicians": [before, after]})
    return work_order


@dataclass(frozen=True)
class StaffingWarning:
    code: str
    message: str


def rules_for(work_order: WorkOrder) -> list[TechnicianRule]:
    """The rules of the work order's repair level for the branches of the equipment on it (a
    branch without its own rule takes the level's rule for any branch)."""
    if work_order.category != WorkOrder.Category.REPAIR or work_order.repair_level_id is None:
        return []
    rules = list(TechnicianRule.objects.filter(repair_level_id=work_order.repair_level_id,
                                               is_active=True).select_related("trade", "branch"))
    by_branch = {r.branch_id: r for r in rules}
    branches = set(work_order.lines.values_list("type__branch_id", flat=True))
    found = {by_branch.get(b) or by_branch.get(None) for b in branches}
    return sorted((r for r in found if r is not None), key=lambda r: r.pk)


def work_day(work_order: WorkOrder) -> dt.date:
    return work_order.closed_on or work_order.opened_on


def technician_warnings(work_order: WorkOrder) -> list[StaffingWarning]:
    """What the work order page and the API show: for each rule of the repair level, a warning
    when none of the named technicians holds a level in its trade at least the minimum, current
    on the work date."""
    rules = rules_for(work_order)
    if not rules:
        return []
    day = work_day(work_order)
    people = [p.pk for p in work_order.technicians.all()]
    if not people:
        return [StaffingWarning("no_technicians", _(
            "No technician is named. A %(level)s needs a %(trade)s at level %(min)s or above.")
            % {"level": work_order.repair_level.name.lower(), "trade": rules[0].trade.name.lower(),
               "min": rules[0].min_level})]
    held = SkillLevel.objects.filter(person__in=people, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    warnings = []
    for rule in rules:
        if not held.filter(trade=rule.trade, level__gte=rule.min_level).exists():
            warnings.append(StaffingWarning("level_not_held", _(
                "None of the technicians named holds %(trade)s at level %(min)s/%(size)s or "
                "above on %(day)s, which a %(level)s asks for; check the technicians or have "
                "the work checked by a qualified worker.")
                % {"trade": rule.trade.name.lower(), "min": rule.min_level,
                   "size": rule.trade.ladder_size, "day": day.strftime("%d/%m/%Y"),
                   "level": work_order.repair_level.name.lower()}))
    return warnings
