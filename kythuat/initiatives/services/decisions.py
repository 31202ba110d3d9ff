"""After the council: the recognition decision (or the refusal with its reason), the award,
the adoptions by other units, and the benefit measured from the records."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType
from kythuat.documents import services as documents
from kythuat.documents.models import DocumentType
from kythuat.documents.selectors import letterhead
from kythuat.indicators import registry
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import Adoption, Award, AwardClass, Dossier, Initiative, MeasuredBenefit
from ..reference import points_text
from .common import day_text, ensure_officer, is_above_or_self, line, not_future, text


def _decision_message() -> str:
    return _("Only an officer of %(unit)s or a unit above it may record the decisions on its "
             "council's dossiers.")


def _decidable(dossier: Dossier) -> Dossier:
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related(
        "council", "council__level", "council__unit", "initiative").get(pk=dossier.pk)
    if dossier.council.is_open:
        raise ValidationError(_("The council has not closed yet: an initiative is recognised "
                                "or refused only after the council's vote is closed."))
    if dossier.outcome != Dossier.Outcome.PENDING:
        raise ValidationError(_("This dossier has already been decided (%(outcome)s).")
                              % {"outcome": dossier.get_outcome_display()})
    return dossier


def take_decision_number(*, actor: User | None, dossier: Dossier, day: dt.date) -> str:
    """The decision's number from the register of the council's unit, taken once: the dossier
    row is locked and a number already taken for it is answered again."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related(
        "council__unit", "initiative").get(pk=dossier.pk)
    if dossier.decision_number:
        return dossier.decision_number
    head = letterhead(dossier.council.unit, day)
    if head.issuer is None:
        raise ValidationError({"decision_number": _(
            "%(unit)s has no issuer in the register of numbers; enter the decision's number, "
            "or record the unit's issuer first.") % {"unit": dossier.council.unit.name}})
    issued = documents.number_issue(
        actor=actor, issuer=head.issuer, document_type=DocumentType.objects.get(code="QĐ"),
        date=day, subject=_("Recognising the initiative: %(title)s")
        % {"title": dossier.initiative.title}, reference="initiatives.recognition",
        once_key=str(dossier.pk))
    dossier.issued_number = issued
    dossier.decision_number = issued.symbol
    dossier.save(update_fields=["issued_number", "decision_number", "updated_at"])
    return issued.symbol


@transaction.atomic
def dossier_recognise(*, actor: User | None, dossier: Dossier, decision_date: dt.date,
                      decision_number: str = "") -> Dossier:
    """Recognises the initiative at the council's level by a decision; without a number typed
    in, the number is taken from the register of the council's unit."""
    dossier = _decidable(dossier)
    council = dossier.council
    ensure_officer(actor, council.unit, _decision_message())
    if not dossier.passed:
        raise ValidationError(_("The council did not pass this initiative (result %(score)s, "
                                "pass mark %(mark)s); it can only be refused.") % {
            "score": points_text(dossier.score), "mark": points_text(council.pass_mark)})
    if decision_date is None or decision_date < council.closed_on:
        raise ValidationError({"decision_date": _(
            "The decision must be dated on or after the council's close (%(date)s).")
            % {"date": day_text(council.closed_on)}})
    not_future(decision_date, "decision_date", _("The decision date"))
    dossier.decision_date = decision_date
    dossier.decision_number = line(decision_number, 60)
    dossier.save(update_fields=["decision_date", "decision_number", "updated_at"])
    if not dossier.decision_number:
        take_decision_number(actor=actor, dossier=dossier, day=decision_date)
        dossier.refresh_from_db()
    dossier.outcome = Dossier.Outcome.RECOGNISED
    dossier.save(update_fields=["outcome", "updated_at"])
    initiative = (Initiative.objects.select_for_update(of=("self",)).select_related("level")
                  .get(pk=dossier.initiative_id))
    old = [initiative.status, initiative.level.name if initiative.level else None]
    initiative.status = Initiative.Status.RECOGNISED
    if initiative.level is None or initiative.level.order < council.level.order:
        initiative.level = council.level
    if initiative.recognised_on is None or decision_date < initiative.recognised_on:
        initiative.recognised_on = decision_date
    initiative.save(update_fields=["status", "level", "recognised_on", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=initiative,
                 unit=initiative.unit, changes={
                     "status": [old[0], initiative.status],
                     "level": [old[1], initiative.level.name],
                     "decision": [None, f"{dossier.decision_number} {day_text(decision_date)}"]})
    return dossier


@transaction.atomic
def dossier_refuse(*, actor: User | None, dossier: Dossier, reason: str,
                   decision_date: dt.date | None = None) -> Dossier:
    """Refuses recognition at the council's level, with the reason. An initiative already
    recognised lower down stays recognised there."""
    dossier = _decidable(dossier)
    council = dossier.council
    ensure_officer(actor, council.unit, _decision_message())
    reason = text(reason)
    if not reason:
        raise ValidationError({"reason": _("Write the reason the initiative is not "
                                           "recognised; the authors are told it.")})
    not_future(decision_date, "decision_date", _("The decision date"))
    dossier.outcome = Dossier.Outcome.REFUSED
    dossier.reason = reason
    dossier.decision_date = decision_date or council.closed_on
    dossier.save(update_fields=["outcome", "reason", "decision_date", "updated_at"])
    initiative = Initiative.objects.select_for_update().get(pk=dossier.initiative_id)
    old = initiative.status
    initiative.status = (Initiative.Status.RECOGNISED if initiative.level_id
                         else Initiative.Status.REFUSED)
    initiative.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=initiative,
                 unit=initiative.unit, changes={"status": [old, initiative.status]},
                 note=_("Not recognised by %(council)s: %(reason)s")
                 % {"council": council.name, "reason": reason[:300]})
    return dossier


@transaction.atomic
def award_grant(*, actor: User | None, dossier: Dossier, award_class: AwardClass,
                decision_number: str, decision_date: dt.date) -> Award:
    """The award that follows a recognition, with the amount of its class (copied, so a later
    change of the class's amount does not change what was paid)."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related(
        "council__unit", "initiative").get(pk=dossier.pk)
    ensure_officer(actor, dossier.council.unit, _(
        "Only an officer of %(unit)s or a unit above it may award the initiatives its council "
        "recognised."))
    if dossier.outcome != Dossier.Outcome.RECOGNISED:
        raise ValidationError(_("An initiative is awarded only after it is recognised by a "
                                "decision; record the recognition first."))
    if Award.objects.filter(dossier=dossier).exists():
        raise ValidationError(_("This recognition has already been awarded."))
    if not award_class.is_active:
        raise ValidationError({"award_class": _("The award class %(name)s is no longer in use.")
                               % {"name": award_class.name}})
    number = line(decision_number, 60)
    if not number:
        raise ValidationError({"decision_number": _("Enter the number of the award "
                                                    "decision.")})
    if decision_date is None or decision_date < dossier.decision_date:
        raise ValidationError({"decision_date": _(
            "The award decision must be dated on or after the recognition (%(date)s).")
            % {"date": day_text(dossier.decision_date)}})
    not_future(decision_date, "decision_date", _("The decision date"))
    award = Award.objects.create(dossier=dossier, initiative=dossier.initiative,
                                 award_class=award_class, amount_vnd=award_class.amount_vnd,
                                 decision_number=number, decision_date=decision_date)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=award,
                 unit=dossier.initiative.unit,
                 changes=audit.snapshot(award, ["amount_vnd", "decision_number",
                                                "decision_date"]))
    return award


def is_own_unit(initiative: Initiative, unit: Unit) -> bool:
    """The initiative's unit (or a unit inside it) or an author's unit: not "elsewhere"."""
    if is_above_or_self(initiative.unit, unit):
        return True
    return initiative.authors.filter(unit=unit).exists()


@transaction.atomic
def adoption_record(*, actor: User | None, initiative: Initiative, unit: Unit,
                    adopted_on: dt.date, result: str = "") -> Adoption:
    """A unit applies a recognised initiative; one unit records one adoption of it."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    permissions.ensure_can_draft(actor, unit)
    if initiative.level_id is None:
        raise ValidationError(_("Only a recognised initiative is recorded as applied by other "
                                "units; the initiative has not been recognised yet."))
    if adopted_on is None or adopted_on < initiative.registered_on:
        raise ValidationError({"adopted_on": _(
            "The date applied must be on or after the initiative's registration (%(date)s).")
            % {"date": day_text(initiative.registered_on)}})
    not_future(adopted_on, "adopted_on", _("The date applied"))
    if Adoption.objects.filter(initiative=initiative, unit=unit).exists():
        raise ValidationError({"unit": _(
            "%(unit)s has already recorded applying this initiative; one unit is counted "
            "once.") % {"unit": unit.name}})
    adoption = Adoption.objects.create(initiative=initiative, unit=unit, adopted_on=adopted_on,
                                       result=text(result),
                                       is_elsewhere=not is_own_unit(initiative, unit))
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=adoption, unit=unit,
                 changes=audit.snapshot(adoption, ["adopted_on", "is_elsewhere"]))
    return adoption


@transaction.atomic
def measured_benefit_set(*, actor: User | None, initiative: Initiative, unit: Unit,
                         indicator_code: str, before_start: dt.date, before_end: dt.date,
                         after_start: dt.date, after_end: dt.date, per_code: str = "",
                         per_scale: int = 100, equipment_type: EquipmentType | None = None
                         ) -> MeasuredBenefit:
    """Names the records that show the benefit: an indicator of a unit (and a type), before and
    after the initiative."""
    permissions.ensure_can_draft(actor, initiative.unit)
    if actor is not None and not permissions.can_view_unit(actor, unit):
        raise ValidationError({"unit": _("Choose a unit you can see.")})
    if equipment_type is not None and actor is not None and not EquipmentType.objects.visible_to(
            actor).filter(pk=equipment_type.pk).exists():
        raise ValidationError({"equipment_type": _("Choose an equipment type from the list.")})
    errors = {}
    for name, code in (("indicator_code", indicator_code), ("per_code", per_code)):
        if code and code not in registry.REGISTRY:
            errors[name] = _("%(code)s is not an indicator of the registry; choose one from "
                             "the list.") % {"code": code}
    if not indicator_code:
        errors["indicator_code"] = _("Choose the indicator that shows the benefit.")
    if not before_start or not before_end or before_end < before_start:
        errors["before_end"] = _("The period before must end on or after its start.")
    if not after_start or not after_end or after_end < after_start:
        errors["after_end"] = _("The period after must end on or after its start.")
    elif before_end and after_start <= before_end:
        errors["after_start"] = _("The period after must start after the period before ends.")
    if not 1 <= (per_scale or 0) <= 1_000_000:
        errors["per_scale"] = _("Enter a whole number from 1 to 1,000,000, e.g. 100 for "
                                "\"per 100 km\".")
    if errors:
        raise ValidationError(errors)
    values = {"unit": unit, "indicator_code": indicator_code, "per_code": per_code or "",
              "per_scale": per_scale, "equipment_type": equipment_type,
              "before_start": before_start, "before_end": before_end,
              "after_start": after_start, "after_end": after_end}
    measured, created = MeasuredBenefit.objects.update_or_create(initiative=initiative,
                                                                 defaults=values)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED if created
                 else AuditEvent.Action.CHANGED, target=initiative, unit=initiative.unit,
                 changes={"measured": [None, f"{indicator_code} {unit.code}"]})
    return measured
