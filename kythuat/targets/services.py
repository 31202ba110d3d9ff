"""Writes on targets: assign, allocate to the direct subordinates, change, remove. Each one
checks who may act, validates, writes and records its audit event in one transaction.

The baseline is computed from the indicator registry for the base period and frozen; the goal is
derived from the value as written (25 depots; 95 %; −5 % against the baseline) and frozen too.
Neither is ever typed over: a change of form or value derives the goal again, a change of the
base period computes the baseline again, each with its audit row.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.directives.models import Clause, Directive
from kythuat.indicators import registry
from kythuat.indicators.registry import Indicator, Kind, Period
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from .models import PERCENT, Target

GOAL_PLACES = Decimal("0.01")
# Whole digits a figure may have: SQLite keeps decimals as floats, exact to about 15 digits, and
# a longer one cannot be read back into the field's 24 digits (a 500 on every later read).
MAX_WHOLE = Decimal(10) ** 15
AUDITED = ["clause", "indicator_code", "unit", "parent", "start", "deadline", "baseline",
           "baseline_start", "baseline_end", "baseline_source", "baseline_reason", "form",
           "stated_value", "stated_unit", "goal", "note"]
UPDATABLE = ("deadline", "form", "stated_value", "stated_unit", "note", "baseline_start",
             "baseline_end", "baseline", "baseline_reason")


def indicator_for(code: str) -> Indicator:
    try:
        return registry.get(code)
    except KeyError:
        raise ValidationError(
            {"indicator_code": _("There is no indicator “%(code)s”; choose one from the list of "
                                 "indicators.") % {"code": str(code)[:100]}},
            code="unknown_indicator") from None


def default_base_period(indicator: Indicator, start: dt.date, deadline: dt.date) -> Period:
    """A flow: the period of the same length just before the start; a stock or a ratio: the
    value as at the day before the start."""
    if indicator.kind == Kind.FLOW:
        return Period(start, deadline).before()
    day = start - dt.timedelta(days=1)
    return Period(day, day)


def _too_long(field: str) -> ValidationError:
    return ValidationError(
        {field: _("Enter a number with at most 15 digits before the decimal point.")},
        code="too_many_digits")


def derive_goal(form: str, stated: Decimal, baseline: Decimal | None) -> Decimal:
    if form == Target.Form.ABSOLUTE:
        return stated
    if baseline is None:
        raise ValidationError(
            {"form": _("There is no baseline to change from (nothing was measured in the base "
                       "period); write the target as an absolute value instead.")},
            code="no_baseline")
    try:
        if form == Target.Form.CHANGE_AMOUNT:
            goal = baseline + stated
        else:
            goal = (baseline * (1 + stated / 100)).quantize(GOAL_PLACES)
    except InvalidOperation:  # more digits than the context holds
        raise _too_long("stated_value") from None
    if abs(goal) >= MAX_WHOLE:
        raise _too_long("stated_value")
    return goal


def _check_unit_of_measure(indicator: Indicator, form: str, stated_unit: str) -> None:
    if form == Target.Form.CHANGE_PERCENT:
        if stated_unit != PERCENT:
            raise ValidationError(
                {"stated_unit": _("A change in per cent is written in per cent; choose “per "
                                  "cent” as the unit of the value.")},
                code="unit_mismatch")
        return
    if stated_unit != indicator.unit_code:
        raise ValidationError(
            {"stated_unit": _("The indicator “%(indicator)s” is measured in %(unit)s, so the "
                              "target must be written in %(unit)s; to write it in per cent, "
                              "choose a change in per cent against the baseline.")
             % {"indicator": indicator.name, "unit": indicator.unit}},
            code="unit_mismatch")


FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are typing slips (and overflow the arithmetic)


def _check_year(day: dt.date | None, field: str) -> None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            {field: _("Enter a date between %(first)s and %(last)s.")
             % {"first": FIRST_YEAR, "last": LAST_YEAR}}, code="date_out_of_range")


def _check_dates(start: dt.date, deadline: dt.date) -> None:
    _check_year(start, "start")
    _check_year(deadline, "deadline")
    if deadline < start:
        raise ValidationError(
            {"deadline": _("The deadline (%(deadline)s) is before the start (%(start)s); choose "
                           "a deadline on or after the start.")
             % {"deadline": deadline.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")}},
            code="deadline_before_start")


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number, for example 25 or −5.")},
                              code="not_a_number")
    if abs(number) >= MAX_WHOLE:
        raise _too_long(field)
    return number


def _clause_visible(actor: User | None, clause: Clause) -> bool:
    """A directive reaches its issuer's subtree (sent down) and ancestors (they supervise)."""
    if actor is None:
        return True
    return Directive.objects.visible_down_and_up(actor).filter(pk=clause.directive_id).exists()


def _baseline(indicator: Indicator, unit: Unit, period: Period, *, entered: Any,
              reason: str) -> tuple[Decimal | None, str, str]:
    """(baseline, source, reason): computed from the registry, or entered with a reason where
    the indicator's figures are entered by units."""
    if entered not in (None, ""):
        if not indicator.entered:
            raise ValidationError(
                {"baseline": _("The baseline of “%(indicator)s” is computed from the records; "
                               "leave it empty (choose another base period to change it).")
                 % {"indicator": indicator.name}},
                code="baseline_is_computed")
        if not (reason or "").strip():
            raise ValidationError(
                {"baseline_reason": _("Give the reason for the entered baseline: where the "
                                      "figure comes from.")}, code="baseline_reason_missing")
        return _decimal(entered, "baseline"), Target.BaselineSource.ENTERED, reason.strip()
    value = registry.compute(indicator.code, unit, period, breakdown=False).total
    return value, Target.BaselineSource.COMPUTED, ""


def _base_period(indicator: Indicator, start: dt.date, deadline: dt.date,
                 baseline_start: dt.date | None, baseline_end: dt.date | None) -> Period:
    _check_year(baseline_start, "baseline_start")
    _check_year(baseline_end, "baseline_end")
    if baseline_start is None and baseline_end is None:
        return default_base_period(indicator, start, deadline)
    if baseline_start is None or baseline_end is None:
        raise ValidationError(
            {"baseline_start": _("Give both the start and the end of the base period, or "
                                 "neither to use the default one.")}, code="base_period_half")
    if baseline_end < baseline_start:
        raise ValidationError(
            {"baseline_end": _("The base period ends before it starts; choose an end on or "
                               "after its start.")}, code="base_period_reversed")
    return Period(baseline_start, baseline_end)


def _save(target: Target) -> None:
    try:
        target.full_clean()
        with transaction.atomic():
            target.save()
    except IntegrityError:  # a concurrent assignment of the same target
        raise ValidationError(
            _("This unit already has a target on this indicator under this clause; change "
              "that target instead."), code="duplicate") from None


@transaction.atomic
def target_assign(*, actor: User | None, clause: Clause, indicator_code: str, unit: Unit,
                  start: dt.date, deadline: dt.date, form: str, stated_value: Any,
                  stated_unit: str, baseline_start: dt.date | None = None,
                  baseline_end: dt.date | None = None, baseline: Any = None,
                  baseline_reason: str = "", note: str = "",
                  parent: Target | None = None) -> Target:
    """Sets a target for a unit under a clause; `parent` makes it a share of that target."""
    if actor is not None and not _clause_visible(actor, clause):
        raise PermissionDenied(_("You cannot see this directive, so you cannot set targets "
                                 "under it."))
    permissions.ensure_can_assign_target(actor, unit)
    today = timezone.localdate()
    if not unit.is_active(today):  # the screens offer only active units; the API too
        raise ValidationError({"unit": _("%(unit)s did not exist on %(date)s.")
                               % {"unit": unit.name, "date": today.strftime("%d/%m/%Y")}},
                              code="unit_inactive")
    if not clause.directive.unit.contains(unit):
        raise ValidationError(
            {"unit": _("%(unit)s is not under %(issuer)s, which issued this directive; choose "
                       "the issuing unit or a unit below it.")
             % {"unit": unit.name, "issuer": clause.directive.unit.name}},
            code="unit_outside_directive")
    indicator = indicator_for(indicator_code)
    if parent is not None and (unit.parent_id != parent.unit_id
                               or (parent.clause_id, parent.indicator_code)
                               != (clause.pk, indicator.code)):
        raise ValidationError(
            {"unit": _("%(unit)s is not a direct subordinate of %(parent)s; a target is split "
                       "only among the units directly below it.")
             % {"unit": unit.name, "parent": parent.unit.name}}, code="not_direct_subordinate")
    if form not in Target.Form.values:
        raise ValidationError({"form": _("Choose the form of the target from the list.")},
                              code="bad_form")
    _check_dates(start, deadline)
    _check_unit_of_measure(indicator, form, stated_unit)
    stated = _decimal(stated_value, "stated_value")
    period = _base_period(indicator, start, deadline, baseline_start, baseline_end)
    value, source, reason = _baseline(indicator, unit, period, entered=baseline,
                                      reason=baseline_reason)
    target = Target(
        clause=clause, indicator_code=indicator.code, unit=unit, parent=parent, start=start,
        deadline=deadline, baseline=value, baseline_start=period.start,
        baseline_end=period.end, baseline_source=source, baseline_reason=reason, form=form,
        stated_value=stated, stated_unit=stated_unit, goal=derive_goal(form, stated, value),
        note=(note or "").strip(), assigned_by=actor if actor is not None else None)
    _save(target)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=target, unit=unit,
                 changes=audit.snapshot(target, AUDITED))
    return target


@transaction.atomic
def target_allocate(*, actor: User | None, target: Target,
                    shares: Sequence[tuple[Unit, Any]] | Mapping[Unit, Any],
                    note: str = "") -> list[Target]:
    """Splits a unit's target among its direct subordinates: one child target per share, in
    the parent's form and unit, each with its own baseline computed for the same base period."""
    permissions.ensure_can_assign_target(actor, target.unit)
    pairs = list(shares.items()) if isinstance(shares, Mapping) else list(shares)
    if not pairs:
        raise ValidationError(_("Give at least one subordinate unit and its share."),
                              code="no_shares")
    seen: set[int] = set()
    for unit, _value in pairs:
        if unit.parent_id != target.unit_id:
            raise ValidationError(
                {"unit": _("%(unit)s is not a direct subordinate of %(parent)s; a target is "
                           "split only among the units directly below it.")
                 % {"unit": unit.name, "parent": target.unit.name}},
                code="not_direct_subordinate")
        if unit.pk in seen:
            raise ValidationError({"unit": _("%(unit)s is given twice; give each unit once.")
                                   % {"unit": unit.name}}, code="unit_twice")
        seen.add(unit.pk)
    indicator = indicator_for(target.indicator_code)
    children = []
    for unit, value in pairs:
        children.append(target_assign(
            actor=actor, clause=target.clause, indicator_code=indicator.code, unit=unit,
            start=target.start, deadline=target.deadline, form=target.form, stated_value=value,
            stated_unit=target.stated_unit, baseline_start=target.baseline_start,
            baseline_end=target.baseline_end, note=note, parent=target))
    return children


@transaction.atomic
def target_update(*, actor: User | None, target: Target, data: Mapping[str, Any]) -> Target:
    """Changes the deadline, the value as written, the base period or the note; the goal is
    derived again and a changed base period computes the baseline again. An empty `baseline`
    (None or "") keeps the frozen one."""
    permissions.ensure_can_assign_target(actor, target.unit)
    unknown = set(data) - set(UPDATABLE)
    if unknown:
        raise TypeError(f"Fields that cannot be changed: {sorted(unknown)}")
    indicator = indicator_for(target.indicator_code)
    values = {field: getattr(target, field) for field in UPDATABLE}
    values.update(data)
    _check_dates(target.start, values["deadline"])
    if values["form"] not in Target.Form.values:
        raise ValidationError({"form": _("Choose the form of the target from the list.")},
                              code="bad_form")
    _check_unit_of_measure(indicator, values["form"], values["stated_unit"])
    stated = _decimal(values["stated_value"], "stated_value")
    period = _base_period(indicator, target.start, values["deadline"],
                          values["baseline_start"], values["baseline_end"])
    base_changed = (period.start, period.end) != (target.baseline_start, target.baseline_end)
    typed = data.get("baseline")
    if typed not in (None, "") or target.baseline_source == Target.BaselineSource.ENTERED:
        entered = typed if typed not in (None, "") else target.baseline
        baseline, source, reason = _baseline(indicator, target.unit, period, entered=entered,
                                             reason=values["baseline_reason"])
    elif base_changed:
        baseline, source, reason = _baseline(indicator, target.unit, period, entered=None,
                                             reason="")
    else:  # frozen: later records never change it
        baseline, source, reason = target.baseline, target.baseline_source, ""
    changes = model_update(instance=target, fields=AUDITED, data={
        "deadline": values["deadline"], "form": values["form"], "stated_value": stated,
        "stated_unit": values["stated_unit"], "note": (values["note"] or "").strip(),
        "baseline_start": period.start, "baseline_end": period.end, "baseline": baseline,
        "baseline_source": source, "baseline_reason": reason,
        "goal": derive_goal(values["form"], stated, baseline)})
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=target,
                     unit=target.unit, changes=changes)
    return target


@transaction.atomic
def target_delete(*, actor: User | None, target: Target) -> None:
    permissions.ensure_can_assign_target(actor, target.unit)
    if target.children.exists():
        raise ValidationError(
            _("This target has been split among subordinate units; remove their targets "
              "first."), code="has_children")
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=target, unit=target.unit,
                 changes={field: [getattr(target, field), None] for field in
                          ("indicator_code", "unit", "baseline", "goal")})
    target.delete()
