"""Planning and applying a decision in one transaction.

`plan()` reads only: it resolves every change and every record of each closing unit to a
successor and refuses what cannot be applied. `decision_apply()` carries the plan out: units
created, renamed (the old name kept), re-parented; holdings handed over by transfer documents
posted at the effective date (the ledger stays the only way holdings move); facilities, people,
drivers and open work re-assigned; users moved or disabled; closing units given `valid_to`; the
lineage written. A conservation check compares, for every type, grade and usage group, the
totals of the affected subtree before and after, and refuses the whole decision if a line does
not balance.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import Tracking
from kythuat.holdings.choices import HELD_STATUSES, MovementKind
from kythuat.holdings.models import Balance, Item
from kythuat.holdings.services import movements as movement_services
from kythuat.holdings.services.periods import ensure_period_open
from kythuat.holdings.services.rules import LineSpec
from kythuat.maintenance.models import WorkOrder
from kythuat.org import services as org_services
from kythuat.org.models import PATH_STEP, Lineage, Unit, UnitName, User
from kythuat.people.models import Assignment, Person
from kythuat.storage.models import Facility
from kythuat.vehicles.models import Driver

from ..models import Change, Reorganisation, Succession
from .decisions import ensure_can_edit, ensure_in_scope

R = Succession.Records


@dataclass
class Target:
    """A successor: an existing unit, or one the decision creates (known by its change)."""

    unit: Unit | None = None
    change: Change | None = None

    @property
    def name(self) -> str:
        if self.unit is not None:
            return self.unit.name
        return self.change.name if self.change else "—"

    @property
    def key(self) -> tuple:
        return ("unit", self.unit.pk) if self.unit is not None else ("new", self.change.pk)


@dataclass
class Move:
    records: str
    what: str
    source: Unit
    target: Target
    count: int = 1


@dataclass
class Closing:
    change: Change
    unit: Unit
    heir: Target
    children: list[Unit] = field(default_factory=list)  # re-parented to the heir


@dataclass
class Plan:
    decision: Reorganisation
    closings: list[Closing] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    # Resolved record assignments, used by the apply step.
    items: dict = field(default_factory=dict)  # (source, target key, facility) → [Item]
    stock: dict = field(default_factory=dict)  # (source, target key, facility) → [Balance]
    facilities: list = field(default_factory=list)  # (Facility, Target)
    people: list = field(default_factory=list)  # (queryset, Target)
    users: list = field(default_factory=list)  # (User, Target | None)
    targets: dict = field(default_factory=dict)  # key → Target


def _target(successor: Unit | None, successor_change: Change | None) -> Target:
    if successor_change is not None:
        return Target(unit=successor_change.unit, change=successor_change)
    return Target(unit=successor)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def handover_ref(decision: Reorganisation) -> str:
    """The decision as its handover documents cite it (their "decision" field)."""
    return f"{decision.number} ({_day(decision.signed_on)})"


def units_of(decision: Reorganisation) -> list[Unit]:
    units: list[Unit] = []
    for change in decision.changes.select_related("unit", "parent", "successor"):
        units += [u for u in (change.unit, change.parent, change.successor) if u is not None]
        for rule in change.successions.select_related("successor"):
            if rule.successor is not None:
                units.append(rule.successor)
    return units


def _check_closings(decision: Reorganisation, changes: list[Change]) -> None:
    day = decision.effective_on
    closing_ids = [c.unit_id for c in changes if c.kind in Change.CLOSING]
    seen: set[int] = set()
    for change in changes:
        if change.kind not in Change.CLOSING:
            continue
        unit = change.unit
        if unit.pk in seen or (unit.valid_to is not None and unit.valid_to < day):
            closed = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else _day(day)
            raise ValidationError(_("%(unit)s is already dissolved (from %(date)s); a unit is "
                                    "dissolved only once. Remove this change.")
                                  % {"unit": unit.name, "date": closed},
                                  code="dissolved_twice")
        seen.add(unit.pk)
        other = (Change.objects.filter(unit=unit, kind__in=Change.CLOSING,
                                       reorganisation__status__in=[
                                           Reorganisation.Status.ANNOUNCED,
                                           Reorganisation.Status.APPLIED])
                 .exclude(reorganisation=decision).select_related("reorganisation").first())
        if other is not None:
            raise ValidationError(_("%(unit)s is already dissolved by decision %(number)s; a "
                                    "unit is dissolved only once. Remove this change or cancel "
                                    "that decision.") % {"unit": unit.name,
                                                         "number": other.reorganisation.number},
                                  code="dissolved_twice")
        if unit.valid_from >= day:
            raise ValidationError(_("%(unit)s starts on %(date)s; it cannot close on the same "
                                    "day.") % {"unit": unit.name, "date": _day(unit.valid_from)},
                                  code="too_early")
        targets = [_target(change.successor, change.successor_change)]
        targets += [_target(r.successor, r.successor_change) for r in change.successions.all()]
        for target in targets:
            if target.unit is None:
                continue
            if target.unit.pk in closing_ids:
                if unit.users.filter(is_active=True).exists():
                    raise ValidationError(_(
                        "The users of %(unit)s would be left without a unit: their successor "
                        "%(successor)s is dissolved by the same decision. Name a successor that "
                        "goes on.") % {"unit": unit.name, "successor": target.unit.name},
                        code="users_without_unit")
                raise ValidationError(_("%(successor)s is dissolved by the same decision; name "
                                        "a successor of %(unit)s that goes on.")
                                      % {"successor": target.unit.name, "unit": unit.name},
                                      code="successor_closing")
            if not target.unit.is_active(day):
                raise ValidationError(_("The successor %(successor)s does not exist on "
                                        "%(date)s.") % {"successor": target.unit.name,
                                                        "date": _day(day)},
                                      code="successor_inactive")


def _check_reparenting(changes: list[Change]) -> None:
    """No unit ends up below itself once every re-parenting of the decision is done."""
    moved = {c.unit_id: c.parent for c in changes if c.kind == Change.Kind.REPARENT}
    for change in changes:
        if change.kind != Change.Kind.REPARENT:
            continue
        seen = {change.unit_id}
        parent: Unit | None = change.parent
        while parent is not None:
            if parent.pk in seen or (change.unit.contains(parent) and parent.pk not in moved):
                raise ValidationError(_("Re-parenting %(unit)s under %(parent)s makes a cycle: "
                                        "a unit would be below itself. Choose a parent outside "
                                        "its branch.") % {"unit": change.unit.name,
                                                          "parent": change.parent.name},
                                      code="cycle")
            seen.add(parent.pk)
            parent = moved.get(parent.pk, parent.parent)


def _rule_for(rules: list[Succession], records: str, *, facility: int | None = None,
              type_id: int | None = None, item: int | None = None) -> Succession | None:
    best = None
    for rule in rules:
        if rule.records != records:
            continue
        if item is not None and item in (rule.items or []):
            return rule
        if rule.items:
            continue
        if rule.type_id and rule.type_id != type_id:
            continue
        if rule.facility_id and rule.facility_id != facility:
            continue
        score = (rule.type_id is not None) * 2 + (rule.facility_id is not None)
        if best is None or score > best[0]:
            best = (score, rule)
    return best[1] if best else None


def _resolve(change: Change, rules: list[Succession], records: str, label: str,
             **key) -> Target:
    rule = _rule_for(rules, records, **key)
    if rule is not None:
        return _target(rule.successor, rule.successor_change)
    if change.kind == Change.Kind.SPLIT:
        raise ValidationError(_("%(unit)s is split but no successor is named for its "
                                "%(records)s (%(what)s). Add a successor rule for them.")
                              % {"unit": change.unit.name, "records": R(records).label,
                                 "what": label}, code="no_successor")
    return _target(change.successor, change.successor_change)


def _plan_closing(plan: Plan, change: Change, handled: set[int]) -> None:
    unit = change.unit
    rules = list(change.successions.select_related("successor", "successor_change__unit",
                                                   "facility", "type"))
    heir = _target(change.successor, change.successor_change)
    closing = Closing(change, unit, heir)
    plan.closings.append(closing)

    def note(records: str, what: str, target: Target, count: int = 1) -> None:
        plan.targets[target.key] = target
        plan.moves.append(Move(R(records).label, what, unit, target, count))

    items = Item.objects.filter(unit=unit, status__in=HELD_STATUSES).select_related(
        "type", "facility")
    grouped: dict = defaultdict(list)
    for item in items:
        target = _resolve(change, rules, R.HOLDINGS, item.type.name, facility=item.facility_id,
                          type_id=item.type_id, item=item.pk)
        plan.targets[target.key] = target
        grouped[(unit.pk, target.key, item.facility_id)].append(item)
    for key, found in grouped.items():
        plan.items[key] = found
        note(R.HOLDINGS, _("%(count)s items") % {"count": len(found)},
             plan.targets[key[1]], len(found))
    stock: dict = defaultdict(list)
    for balance in (Balance.objects.filter(unit=unit, quantity__gt=0)
                    .exclude(type__tracking=Tracking.SERIAL).select_related("type", "lot")):
        target = _resolve(change, rules, R.HOLDINGS, balance.type.name,
                          facility=balance.facility_id, type_id=balance.type_id)
        plan.targets[target.key] = target
        stock[(unit.pk, target.key, balance.facility_id)].append(balance)
    for key, found in stock.items():
        plan.stock[key] = found
        note(R.HOLDINGS, _("%(count)s quantity lines") % {"count": len(found)},
             plan.targets[key[1]], len(found))
    for facility in Facility.objects.filter(owner_unit=unit):
        target = _resolve(change, rules, R.FACILITIES, facility.name, facility=facility.pk)
        plan.facilities.append((facility, target))
        note(R.FACILITIES, facility.name, target)
    for records, queryset in ((R.PEOPLE, Person.objects.filter(unit=unit, is_active=True)),
                              (R.VEHICLES, Driver.objects.filter(unit=unit, is_active=True)),
                              (R.OPEN_WORK, WorkOrder.objects.filter(
                                  unit=unit, status=WorkOrder.Status.OPEN))):
        count = queryset.count()
        if count:
            target = _resolve(change, rules, records, R(records).label)
            plan.people.append((queryset, target, records))
            note(records, str(count), target, count)
    policy = plan.decision.users
    for user in unit.users.filter(is_active=True):
        plan.users.append((user, heir if policy == Reorganisation.Users.MOVE else None))
    children = unit.children.filter(Q(valid_to__isnull=True)
                                    | Q(valid_to__gte=plan.decision.effective_on))
    for child in children:
        if child.pk in handled:
            continue
        if change.kind == Change.Kind.SPLIT:
            raise ValidationError(_("%(unit)s is split but its subordinate %(child)s is not "
                                    "placed; re-parent or dissolve it in this decision.")
                                  % {"unit": unit.name, "child": child.name},
                                  code="child_not_placed")
        closing.children.append(child)


def plan(decision: Reorganisation, *, actor: User | None = None) -> Plan:
    """What applying the decision would do; raises ValidationError on what would stop it."""
    ensure_can_edit(actor, decision)
    changes = list(decision.changes.select_related(
        "unit", "parent", "successor", "successor_change", "unit_kind"))
    if not changes:
        raise ValidationError(_("The decision has no changes; add at least one."),
                              code="no_changes")
    units = units_of(decision)
    ensure_in_scope(actor, units)
    for change in changes:
        if change.kind != Change.Kind.CREATE and change.unit is not None and (
                change.unit.valid_to is not None
                and change.unit.valid_to < decision.effective_on
                and change.kind not in Change.CLOSING):
            raise ValidationError(_("%(unit)s no longer exists on %(date)s.")
                                  % {"unit": change.unit.name,
                                     "date": _day(decision.effective_on)}, code="unit_gone")
    _check_closings(decision, changes)
    _check_reparenting(changes)
    try:
        ensure_period_open(decision.effective_on, *units)
    except ValidationError as error:
        raise ValidationError(_("The effective date %(date)s falls inside a closed period: %("
                              "reason)s A reorganisation never rewrites closed books.")
                              % {"date": _day(decision.effective_on),
                                 "reason": " ".join(error.messages)},
                              code="period_closed") from None
    result = Plan(decision)
    handled = {c.unit_id for c in changes
               if c.unit_id and c.kind in (*Change.CLOSING, Change.Kind.REPARENT)}
    for change in changes:
        if change.kind in Change.CLOSING:
            _plan_closing(result, change, handled)
    return result


# Applying ---------------------------------------------------------------------------------


def common_root(units: list[Unit]) -> Unit:
    """The lowest unit above (or equal to) all the given units."""
    paths = [u.path for u in units]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:-PATH_STEP]
    return Unit.objects.get(path=prefix)


def totals(root: Unit, exclude: list[int] = ()) -> dict[tuple, Decimal]:
    """On-hand quantity by (type, grade, usage group) in the subtree, from the balances."""
    rows = (Balance.objects.filter(unit__path__startswith=root.path, quantity__gt=0)
            .exclude(unit__in=exclude)
            .values("type_id", "type__name", "grade", "usage_group_id", "usage_group__name")
            .annotate(total=Sum("quantity")).order_by())
    return {(r["type_id"], r["type__name"], r["grade"], r["usage_group_id"],
             r["usage_group__name"]): r["total"] for r in rows}


@dataclass
class Line:
    type: str
    grade: int
    usage_group: str
    before: Decimal
    after: Decimal

    @property
    def balances(self) -> bool:
        return self.before == self.after


def conservation(before: dict, after: dict) -> list[Line]:
    return [Line(key[1], key[2], key[4], before.get(key, Decimal(0)), after.get(key, Decimal(0)))
            for key in sorted(set(before) | set(after), key=lambda k: (k[1], k[2], k[4]))]


def _check_conservation(lines: list[Line]) -> None:
    wrong = [line for line in lines if not line.balances]
    if wrong:
        line = wrong[0]
        raise ValidationError(_(
            "Nothing was applied: the totals do not balance for %(type)s, grade %(grade)s, "
            "%(group)s: %(before)s before, %(after)s after (%(count)s lines do not balance). "
            "Check the successor rules of the holdings.")
            % {"type": line.type, "grade": line.grade, "group": line.usage_group,
               "before": line.before, "after": line.after, "count": len(wrong)},
            code="not_conserved")


def _handover(actor: User | None, decision: Reorganisation, source: Unit, target: Unit,
              facility_id: int | None, lines: list[LineSpec], moved_facilities: dict) -> None:
    """One transfer document from the closing unit to a successor; a facility that goes to
    the same successor keeps its contents in place."""
    from_facility = Facility.objects.get(pk=facility_id) if facility_id else None
    to_facility = None
    if facility_id and moved_facilities.get(facility_id) == target.pk:
        to_facility = Facility.objects.get(pk=facility_id)
        to_facility.owner_unit = target  # it belongs to the successor from this document on
    reason = _("Handover under decision %(number)s: %(unit)s is reorganised.") % {
        "number": decision.number, "unit": source.name}
    movement_services.movement_record(
        actor=None if actor is None else actor, lines=lines, kind=MovementKind.TRANSFER,
        effective_date=decision.effective_on, from_unit=source, to_unit=target,
        from_facility=from_facility, to_facility=to_facility, reason=reason[:500],
        decision_ref=handover_ref(decision))


def _move(unit: Unit, parent: Unit, decision: Reorganisation) -> None:
    """Re-parents a unit from the effective date; org keeps where it was (UnitMove), so "as it
    was" reports put it back there."""
    org_services.unit_move(actor=None, unit=unit, new_parent=parent, on=decision.effective_on,
                           decision=decision.number)


def _close_unit(unit: Unit, day: dt.date) -> None:
    Unit.objects.filter(pk=unit.pk).update(valid_to=day - dt.timedelta(days=1),
                                           updated_at=timezone.now())


@transaction.atomic
def decision_apply(*, actor: User | None, decision: Reorganisation,
                   today: dt.date | None = None) -> Reorganisation:
    """Applies a due decision in one transaction; nothing is changed if any check fails."""
    decision = Reorganisation.objects.select_for_update().select_related("issuer").get(
        pk=decision.pk)
    today = today or timezone.localdate()
    if decision.status not in (Reorganisation.Status.DRAFT, Reorganisation.Status.ANNOUNCED):
        raise ValidationError(_("Decision %(number)s is %(status)s; only a draft or announced "
                                "decision can be applied.")
                              % {"number": decision.number,
                                 "status": decision.get_status_display()}, code="not_applicable")
    if decision.effective_on > today:
        raise ValidationError(_("Decision %(number)s takes effect on %(date)s; it is applied "
                                "on that day, not before.")
                              % {"number": decision.number, "date": _day(decision.effective_on)},
                              code="not_due")
    result = plan(decision, actor=actor)
    day = decision.effective_on
    units = units_of(decision)
    root = common_root(units)
    before = totals(root)
    created: dict[int, Unit] = {}
    changes = list(decision.changes.select_related("unit", "parent", "unit_kind"))
    for change in changes:
        if change.kind == Change.Kind.CREATE:
            unit = org_services.unit_create(actor=None, parent=change.parent, code=change.code,
                                            name=change.name, kind=change.unit_kind,
                                            short_name=change.short_name, valid_from=day)
            created[change.pk] = unit
            change.unit = unit
            change.save(update_fields=["unit"])
            audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=unit,
                         unit=unit, note=decision.number)
    # A created successor named by several records is several Target objects: resolve each.
    for target in [*result.targets.values(), *(t for _f, t in result.facilities),
                   *(t for _q, t, _r in result.people), *(m.target for m in result.moves)]:
        if target.unit is None:
            target.unit = created[target.change.pk]
    for closing in result.closings:
        if closing.heir.unit is None:
            closing.heir.unit = created[closing.heir.change.pk]
    for change in changes:
        if change.kind == Change.Kind.RENAME:
            _rename(actor, decision, change)
        elif change.kind == Change.Kind.REPARENT:
            unit = Unit.objects.get(pk=change.unit_id)
            _move(unit, change.parent, decision)
            audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=unit, unit=unit,
                         changes={"parent": [unit.parent_id, change.parent_id]},
                         note=decision.number)
    moved_facilities = {f.pk: t.unit.pk for f, t in result.facilities}
    for (source_id, key, facility_id), found in result.items.items():
        lines = [LineSpec(type=item.type, item=item) for item in found]
        _handover(actor, decision, Unit.objects.get(pk=source_id), result.targets[key].unit,
                  facility_id, lines, moved_facilities)
    for (source_id, key, facility_id), found in result.stock.items():
        lines = [LineSpec(type=b.type, quantity=b.quantity, grade=b.grade,
                          usage_group=b.usage_group, lot=b.lot) for b in found]
        _handover(actor, decision, Unit.objects.get(pk=source_id), result.targets[key].unit,
                  facility_id, lines, moved_facilities)
    for facility, target in result.facilities:
        Facility.objects.filter(pk=facility.pk).update(owner_unit=target.unit)
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=facility,
                     unit=target.unit, changes={"owner_unit": [facility.owner_unit_id,
                                                               target.unit.pk]},
                     note=decision.number)
    for queryset, target, records in result.people:
        if records == R.PEOPLE:
            _move_people(queryset, target.unit, decision)
        else:
            queryset.update(unit=target.unit)
    for user, target in result.users:
        if target is None:
            User.objects.filter(pk=user.pk).update(is_active=False)
        else:
            User.objects.filter(pk=user.pk).update(unit=target.unit)
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=user,
                     unit=target.unit if target else user.unit,
                     changes={"unit": [user.unit_id, target.unit.pk if target else None]}
                     if target else {"is_active": [True, False]}, note=decision.number)
    for closing in result.closings:
        for child in closing.children:
            _move(Unit.objects.get(pk=child.pk), Unit.objects.get(pk=closing.heir.unit.pk),
                  decision)
        _close_unit(closing.unit, day)
        _write_lineage(closing, result, decision)
        audit.record(actor=actor, action=AuditEvent.Action.CLOSED, target=closing.unit,
                     unit=closing.unit, note=f"{decision.number}: {closing.change}")
    after = totals(common_root([Unit.objects.get(pk=root.pk)]),
                   exclude=[c.unit.pk for c in result.closings])
    _check_conservation(conservation(before, after))
    decision.status = Reorganisation.Status.APPLIED
    decision.applied_by = actor if actor and actor.pk else None
    decision.applied_at = timezone.now()
    decision.save(update_fields=["status", "applied_by", "applied_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.issuer, changes={"status": [Reorganisation.Status.ANNOUNCED,
                                                           Reorganisation.Status.APPLIED]})
    return decision


def _rename(actor: User | None, decision: Reorganisation, change: Change) -> None:
    unit = Unit.objects.get(pk=change.unit_id)
    last = unit.former_names.order_by("-valid_to").first()
    start = last.valid_to + dt.timedelta(days=1) if last else unit.valid_from
    day = decision.effective_on
    if start < day:
        UnitName.objects.create(unit=unit, name=unit.name, short_name=unit.short_name,
                                valid_from=start, valid_to=day - dt.timedelta(days=1),
                                decision=decision.number)
    before = [unit.name, unit.short_name]
    unit.name = change.name
    unit.short_name = change.short_name or unit.short_name
    unit.save(update_fields=["name", "short_name", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=unit, unit=unit,
                 changes={"name": [before[0], unit.name]}, note=decision.number)


def _move_people(queryset, unit: Unit, decision: Reorganisation) -> None:
    """People go to the successor; their open assignment ends the day before and a new one
    starts on the effective date, so the history keeps where they served. A few queries
    however many people move."""
    day = decision.effective_on
    people = list(queryset)
    current: dict[int, Assignment] = {}
    for assignment in Assignment.objects.filter(person__in=people, ended_on__isnull=True):
        current.setdefault(assignment.person_id, assignment)  # the first, as .first() would
    now = timezone.now()
    ended = [a for a in current.values() if a.started_on < day]
    for assignment in ended:
        assignment.ended_on, assignment.updated_at = day - dt.timedelta(days=1), now
    Assignment.objects.bulk_update(ended, ["ended_on", "updated_at"])
    Assignment.objects.bulk_create([
        Assignment(person=person, unit=unit, position=person.position, started_on=day,
                   order_number=decision.number[:60])
        for person in people
        if person.pk not in current or current[person.pk].started_on < day])
    Person.objects.filter(pk__in=[p.pk for p in people]).update(unit=unit)


def _write_lineage(closing: Closing, result: Plan, decision: Reorganisation) -> None:
    kind = {Change.Kind.MERGE: Lineage.Kind.MERGE, Change.Kind.SPLIT: Lineage.Kind.SPLIT,
            Change.Kind.DISSOLVE: Lineage.Kind.DISSOLVE}[closing.change.kind]
    heir = closing.heir.unit
    successors = {heir.pk: heir}
    for move in result.moves:
        if move.source.pk == closing.unit.pk and move.target.unit is not None:
            successors.setdefault(move.target.unit.pk, move.target.unit)
    for pk, successor in successors.items():
        Lineage.objects.create(predecessor=closing.unit, successor=successor, kind=kind,
                               on=decision.effective_on, is_heir=pk == heir.pk,
                               decision=decision.number, decision_id=decision.pk)


def apply_due(*, today: dt.date | None = None) -> tuple[list[Reorganisation], list[tuple]]:
    """Applies every announced decision whose effective date has come (the scheduled run);
    returns those applied and (decision, messages) for those refused."""
    today = today or timezone.localdate()
    applied, refused = [], []
    for decision in Reorganisation.objects.filter(
            status=Reorganisation.Status.ANNOUNCED, effective_on__lte=today).order_by(
            "effective_on", "pk"):
        try:
            applied.append(decision_apply(actor=None, decision=decision, today=today))
        except ValidationError as error:
            refused.append((decision, error.messages))
    return applied, refused
