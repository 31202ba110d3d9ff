"""Writes that set a phase up: the criteria of a level (saved as a whole, so the weights always
add up), the steering committees, the emulation blocks and the pledges. Each one checks who
may act, validates, writes and records its audit event in one transaction."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.text import nfc, strip_control
from kythuat.directives.models import Clause
from kythuat.indicators import registry
from kythuat.org.models import Unit, UnitKind, User
from kythuat.targets import services as targets

from .. import permissions
from ..models import (
    CommitteeMember,
    Criterion,
    CriterionGroup,
    EmulationBlock,
    Objective,
    Phase,
    Pledge,
    PledgeItem,
    Sheet,
    SteeringCommittee,
)

MAX_POINTS = Decimal(10000)
FILE_TYPES = {".pdf", ".doc", ".docx", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".xls", ".xlsx"}
FILE_MAX_MB = 20


def text(value: Any, limit: int | None = None) -> str:
    cleaned = " ".join(strip_control(nfc(str(value or ""))).split())
    return cleaned[:limit] if limit else cleaned


def number(value: Any, field: str, *, label: str) -> Decimal | None:
    """A number typed or sent; None when empty; a Vietnamese message when it is not one."""
    if value in (None, ""):
        return None
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        result = Decimal("NaN")
    if not result.is_finite() or abs(result) >= Decimal(10) ** 15:
        raise ValidationError({field: _("%(label)s: enter a number, for example 10 or 7,5.")
                               % {"label": label}}, code="not_a_number")
    return result


def check_file(upload: Any, field: str) -> None:
    if not isinstance(upload, UploadedFile):
        return
    name = (upload.name or "").lower()
    if not any(name.endswith(suffix) for suffix in FILE_TYPES):
        raise ValidationError({field: _(
            "Attach a PDF, Word, Excel or image file (.pdf, .doc, .docx, .xls, .xlsx, .jpg, "
            ".png, .tif).")}, code="file_type")
    if upload.size and upload.size > FILE_MAX_MB * 1024 * 1024:
        raise ValidationError({field: _("The attached file is larger than %(size)s MB; scan it "
                                        "at a lower resolution.") % {"size": FILE_MAX_MB}},
                              code="file_size")


def _objective(phase: Phase, value: Any) -> Objective:
    if isinstance(value, Objective):
        return value
    digits = str(value)
    found = (phase.campaign.objectives.filter(number=int(digits)).first()
             if digits.isascii() and digits.isdigit() and len(digits) < 5 else None)
    if found is None:
        raise ValidationError({"objective": _("There is no objective %(number)s in the "
                                              "campaign; use a number from 1 to 4.")
                               % {"number": str(value)[:10]}}, code="unknown_objective")
    return found


def _criterion(phase: Phase, data: Mapping[str, Any], group_label: str) -> Criterion:
    name = text(data.get("name"), 400)
    label = _("Criterion %(number)s") % {"number": text(data.get("number"), 10) or "?"}
    if not name or not text(data.get("number")):
        raise ValidationError({"criteria": _("%(group)s: give every criterion a number and a "
                                             "name.") % {"group": group_label}})
    max_points = number(data.get("max_points"), "max_points", label=label)
    if max_points is None or not 0 < max_points < MAX_POINTS:
        raise ValidationError({"max_points": _("%(label)s: give its maximum points, a number "
                                               "above 0.") % {"label": label}})
    rule = data.get("rule") or Criterion.Rule.SELF
    if rule not in Criterion.Rule.values:
        raise ValidationError({"rule": _("%(label)s: choose the scoring rule among computed "
                                         "with a threshold, computed between a baseline and a "
                                         "target, or self-assessed.") % {"label": label}})
    measure = data.get("measure") or Criterion.Measure.VALUE
    if measure not in Criterion.Measure.values:
        raise ValidationError({"measure": _("%(label)s: measure the value of the year or its "
                                            "change against the previous year.")
                               % {"label": label}})
    code = text(data.get("indicator_code"), 100)
    values = {name_: number(data.get(name_), name_, label=label)
              for name_ in ("threshold", "baseline", "target")}
    if rule != Criterion.Rule.SELF:
        try:
            registry.get(code)
        except KeyError:
            raise ValidationError({"indicator_code": _(
                "%(label)s is computed: choose its indicator from the list of indicators "
                "(“%(code)s” is not one).") % {"label": label, "code": code}}) from None
        if rule == Criterion.Rule.THRESHOLD and values["threshold"] is None:
            raise ValidationError({"threshold": _("%(label)s: give the threshold that earns "
                                                  "the full points.") % {"label": label}})
        if rule == Criterion.Rule.LINEAR and (
                values["baseline"] is None or values["target"] is None
                or values["baseline"] == values["target"]):
            raise ValidationError({"target": _(
                "%(label)s: give a baseline (no points) and a different target (full "
                "points).") % {"label": label}})
    else:
        code, measure = "", Criterion.Measure.VALUE
    return Criterion(number=text(data.get("number"), 10), name=name, max_points=max_points,
                     rule=rule, indicator_code=code, measure=measure,
                     guidance=strip_control(nfc(str(data.get("guidance") or ""))).strip(),
                     order=int(data.get("order") or 0), **values)


def _points_text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@transaction.atomic
def grid_save(*, actor: User | None, phase: Phase, level: UnitKind,
              groups: Sequence[Mapping[str, Any]]) -> list[CriterionGroup]:
    """Replaces the criteria of a level in a phase. Each group (an objective, its points and
    its criteria) must add up to its points and the groups to the phase's total."""
    permissions.ensure(permissions.can_manage_criteria(actor), _(
        "Only the system administrator may set the criteria of a phase."))
    if Sheet.objects.filter(phase=phase, unit__kind=level).exists():
        raise ValidationError(_("Units of the level %(level)s already have score sheets in "
                                "this phase; its criteria can no longer change.")
                              % {"level": level.name}, code="grid_in_use")
    if not groups:
        raise ValidationError(_("Give at least one objective with its criteria."),
                              code="no_groups")
    built: list[tuple[Objective, Decimal, list[Criterion]]] = []
    seen: set[int] = set()
    for data in groups:
        objective = _objective(phase, data.get("objective"))
        label = _("Objective %(number)s") % {"number": objective.number}
        if objective.pk in seen:
            raise ValidationError({"objective": _("%(group)s is given twice; give each "
                                                  "objective once.") % {"group": label}})
        seen.add(objective.pk)
        total = number(data.get("points"), "points", label=label)
        if total is None or not 0 < total < MAX_POINTS:
            raise ValidationError({"points": _("%(group)s: give the points of the objective, "
                                               "a number above 0.") % {"group": label}})
        criteria = [_criterion(phase, item, label) for item in data.get("criteria") or []]
        if not criteria:
            raise ValidationError({"criteria": _("%(group)s has no criterion; give at least "
                                                 "one.") % {"group": label}})
        added = sum((c.max_points for c in criteria), Decimal(0))
        if added != total:
            raise ValidationError({"points": _(
                "The criteria of objective %(number)s add up to %(sum)s points, not the "
                "%(total)s points of the objective; change the weights so that they add up to "
                "%(total)s.") % {"number": objective.number, "sum": _points_text(added),
                                  "total": _points_text(total)}}, code="weights")
        built.append((objective, total, criteria))
    grand = sum((total for _o, total, _c in built), Decimal(0))
    if grand != phase.total_points:
        raise ValidationError({"points": _(
            "The objectives add up to %(sum)s points, not the %(total)s points of the phase; "
            "change the points of the objectives so that they add up to %(total)s.")
            % {"sum": _points_text(grand), "total": _points_text(phase.total_points)}},
            code="weights")
    old = CriterionGroup.objects.filter(phase=phase, level=level)
    before = Criterion.objects.filter(group__in=old).count()
    old.delete()
    made = []
    for objective, total, criteria in built:
        group = CriterionGroup.objects.create(phase=phase, level=level, objective=objective,
                                              points=total)
        for order, criterion in enumerate(criteria, start=1):
            criterion.group = group
            criterion.order = criterion.order or order * 10
        Criterion.objects.bulk_create(criteria)
        made.append(group)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=phase,
                 changes={"criteria": [before, sum(len(c) for _o, _t, c in built)]},
                 note=_("Criteria of the level %(level)s") % {"level": level.name})
    return made


@transaction.atomic
def committee_create(*, actor: User | None, unit: Unit, phase: Phase, name: str = "",
                     decision_ref: str = "", established_on: dt.date | None = None,
                     members: Sequence[Mapping[str, Any]] = ()) -> SteeringCommittee:
    """Records a unit's Ban Chỉ đạo 50 for a phase with its members."""
    permissions.ensure_can_write_for(actor, unit)
    if SteeringCommittee.objects.filter(unit=unit, phase=phase).exists():
        raise ValidationError(_("%(unit)s already has a steering committee for %(phase)s; "
                                "change that one instead.")
                              % {"unit": unit.name, "phase": phase.label}, code="duplicate")
    rows = []
    for index, data in enumerate(members, start=1):
        role = data.get("role") or CommitteeMember.Role.MEMBER
        if not text(data.get("name")):
            raise ValidationError({"members": _("Member %(n)s: enter the member's full name.")
                                   % {"n": index}})
        if role not in CommitteeMember.Role.values:
            raise ValidationError({"members": _("Member %(n)s: choose the role among head, "
                                                "deputy head, standing member, member and "
                                                "secretary.") % {"n": index}})
        rows.append(CommitteeMember(name=text(data.get("name"), 120),
                                    rank=text(data.get("rank"), 60),
                                    position=text(data.get("position"), 200), role=role,
                                    order=index * 10))
    if sum(1 for row in rows if row.role == CommitteeMember.Role.HEAD) > 1:
        raise ValidationError({"members": _("A steering committee has one head; make the "
                                            "others deputy heads or members.")})
    committee = SteeringCommittee.objects.create(
        unit=unit, phase=phase, name=text(name, 200) or _("Campaign 50 steering committee"),
        decision_ref=text(decision_ref, 200), established_on=established_on)
    for row in rows:
        row.committee = committee
    CommitteeMember.objects.bulk_create(rows)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=committee, unit=unit,
                 changes={**audit.snapshot(committee, ["name", "decision_ref", "phase"]),
                          "members": [None, [str(row) for row in rows]]})
    return committee


@transaction.atomic
def block_create(*, actor: User | None, phase: Phase, superior: Unit, level: UnitKind,
                 name: str, members: Sequence[Unit], awards: int = 1) -> EmulationBlock:
    """Groups units of one kind directly under one superior into an emulation block."""
    permissions.ensure_can_write_for(actor, superior)
    members = list({unit.pk: unit for unit in members}.values())
    if len(members) < 2:
        raise ValidationError({"members": _("An emulation block needs at least two units.")})
    for unit in members:
        if unit.parent_id != superior.pk or unit.kind_id != level.pk:
            raise ValidationError({"members": _(
                "%(unit)s is not a %(level)s directly under %(superior)s; a block holds units "
                "of the same kind under one superior.")
                % {"unit": unit.name, "level": level.name, "superior": superior.name}})
    if not text(name):
        raise ValidationError({"name": _("Enter the name of the block.")})
    if not 0 <= int(awards) <= len(members):
        raise ValidationError({"awards": _("Propose at most as many units as the block has.")})
    block = EmulationBlock.objects.create(phase=phase, superior=superior, level=level,
                                          name=text(name, 200), awards=int(awards))
    block.members.set(members)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=block, unit=superior,
                 changes={**audit.snapshot(block, ["name", "phase", "level"]),
                          "members": [None, [unit.name for unit in members]]})
    return block


@transaction.atomic
def pledge_create(*, actor: User | None, unit: Unit, phase: Phase, clause: Clause, title: str,
                  signed_on: dt.date, items: Sequence[Mapping[str, Any]],
                  document: UploadedFile | None = None) -> Pledge:
    """A unit signs its pledge for the phase: each item becomes a target of the unit on the
    plan's clause, over the years of the phase as the unit's level labels them."""
    permissions.ensure_can_write_for(actor, unit)
    if not text(title):
        raise ValidationError({"title": _("Enter the title of the pledge.")})
    if not items:
        raise ValidationError({"items": _("A pledge has at least one item: an indicator and "
                                          "its goal.")})
    check_file(document, "document")
    years = phase.years(unit.kind)
    pledge = Pledge.objects.create(unit=unit, phase=phase, clause=clause, title=text(title, 300),
                                   signed_on=signed_on, document=document or "")
    for data in items:
        form = data.get("form") or "absolute"
        code = text(data.get("indicator_code"), 100)
        try:
            measure = registry.get(code).unit_code
        except KeyError:
            measure = ""
        target = targets.target_assign(
            actor=actor, clause=clause, indicator_code=code, unit=unit,
            start=dt.date(years[0], 1, 1), deadline=dt.date(years[-1], 12, 31), form=form,
            stated_value=data.get("stated_value"),
            stated_unit=data.get("stated_unit") or ("percent" if form == "change_percent"
                                                    else measure),
            note=text(data.get("note"), 500))
        PledgeItem.objects.create(pledge=pledge, target=target)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=pledge, unit=unit,
                 changes={**audit.snapshot(pledge, ["title", "signed_on", "phase", "clause"]),
                          "items": [None, len(items)]})
    return pledge


