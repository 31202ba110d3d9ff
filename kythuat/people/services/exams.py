"""Exams to raise a skill level (thi nâng bậc thợ): the session with its trades and committee,
the candidates with their eligibility computed from the rule (and an officer's override with a
reason), the marks, and the level decision — numbered once — that opens the new levels."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.documents import services as documents
from kythuat.documents.models import DocumentType
from kythuat.documents.selectors import letterhead
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import (
    Certificate,
    CertificateKind,
    ExamCandidate,
    ExamRule,
    ExamSession,
    PassRule,
    Person,
    Trade,
)
from .common import (
    day_text,
    ensure_in_subtree,
    line,
    months_between,
    not_future,
    required_day,
)
from .levels import current_level, open_level

CERTIFICATE_KIND = "bac-tho"


def _open(session: ExamSession) -> ExamSession:
    session = ExamSession.objects.select_for_update().get(pk=session.pk)
    if session.status != ExamSession.Status.OPEN:
        raise ValidationError(_("The level decision of this session has been issued; its "
                                "candidates and marks can no longer change."))
    return session


def ensure_officer(actor: User | None, unit: Unit) -> None:
    if actor is not None and not permissions.can_post(actor, unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may do this.")
                               % {"unit": unit.name})


@transaction.atomic
def session_create(*, actor: User | None, unit: Unit, name: str, held_on: dt.date,
                   trades: Iterable[Trade], committee: Iterable[Person] = ()) -> ExamSession:
    ensure_in_subtree(actor, unit)
    name = line(name, 200)
    if not name:
        raise ValidationError({"name": _("Enter the name of the exam session.")})
    required_day(held_on, "held_on", _("the date of the exam"))
    trades = list(trades)
    if not trades:
        raise ValidationError({"trades": _("Choose at least one trade examined.")})
    committee = list(committee)
    visible = set(Person.objects.visible_to(actor).filter(pk__in=[p.pk for p in committee])
                  .values_list("pk", flat=True)) if actor is not None else {
        p.pk for p in committee}
    if any(p.pk not in visible for p in committee):
        raise ValidationError({"committee": _(
            "Choose the committee among the people of your unit and the units under it.")})
    rule = PassRule.objects.filter(is_active=True).first()
    if rule is None:
        raise ValidationError(_("No pass rule is in use; ask the system administrator to add "
                                "one to the reference data."))
    session = ExamSession.objects.create(unit=unit, name=name, held_on=held_on,
                                         max_mark=rule.max_mark, theory_min=rule.theory_min,
                                         practice_min=rule.practice_min)
    session.trades.set(trades)
    session.committee.set(committee)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=session, unit=unit,
                 changes={**audit.snapshot(session, ["name", "held_on"]),
                          "trades": [None, [t.name for t in trades]]})
    return session


def rule_for(trade: Trade, level: int) -> ExamRule | None:
    band = trade.band(level)
    rules = ExamRule.objects.filter(is_active=True, band=band).filter(
        Q(trade=trade) | Q(trade__isnull=True)).order_by("trade")
    return min(rules, key=lambda r: r.trade_id is None, default=None)


@transaction.atomic
def candidate_add(*, actor: User | None, session: ExamSession, person: Person, trade: Trade,
                  training_evidence: str = "", theory_exempt: bool = False,
                  exemption_reason: str = "") -> ExamCandidate:
    """Enters a person for the next level of a trade; eligibility is computed on the exam's
    date from the level held and the rule."""
    session = _open(session)
    ensure_in_subtree(actor, session.unit, "session")
    if actor is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a person of your unit or a unit under it.")})
    if not person.unit.path.startswith(session.unit.path):
        raise ValidationError({"person": _(
            "%(person)s serves in %(unit)s, outside %(session_unit)s; enter only people of the "
            "unit holding the exam or its subordinates.") % {
            "person": person, "unit": person.unit.name, "session_unit": session.unit.name}})
    if not person.is_active:
        raise ValidationError({"person": _("%(person)s no longer serves.") % {"person": person}})
    if not session.trades.filter(pk=trade.pk).exists():
        raise ValidationError({"trade": _("%(trade)s is not examined in this session; choose "
                                          "one of its trades.") % {"trade": trade.name}})
    held = current_level(person, trade)
    if held is None:
        raise ValidationError({"trade": _(
            "%(person)s holds no level of %(trade)s; a first level is granted by a decision, "
            "not by this exam.") % {"person": person, "trade": trade.name}})
    if held.level >= trade.ladder_size:
        raise ValidationError({"trade": _(
            "%(person)s already holds the highest level of %(trade)s (%(level)s/%(size)s).")
            % {"person": person, "trade": trade.name, "level": held.level,
               "size": trade.ladder_size}})
    if ExamCandidate.objects.filter(session=session, person=person, trade=trade).exists():
        raise ValidationError({"person": _(
            "%(person)s is already a candidate of this session in %(trade)s.")
            % {"person": person, "trade": trade.name}})
    exemption_reason = line(exemption_reason, 300)
    if theory_exempt and not exemption_reason:
        raise ValidationError({"exemption_reason": _(
            "Write the reason for exempting the candidate from the theory test.")})
    rule = rule_for(trade, held.level)
    months = months_between(held.started_on, session.held_on)
    minimum = rule.min_months if rule else 0
    training = bool(rule and rule.training_required)
    evidence = line(training_evidence, 200)
    reasons = []
    if months < minimum:
        reasons.append(_("%(months)s months at level %(level)s, %(min)s required") % {
            "months": months, "level": held.level, "min": minimum})
    if training and not evidence:
        reasons.append(_("the required training course is not recorded"))
    candidate = ExamCandidate.objects.create(
        session=session, person=person, trade=trade, from_level=held.level,
        to_level=held.level + 1, level_since=held.started_on, months_at_level=months,
        min_months=minimum, training_required=training, training_evidence=evidence,
        eligible=not reasons, eligibility_note="; ".join(reasons)[:300],
        theory_exempt=bool(theory_exempt),
        exemption_reason=exemption_reason if theory_exempt else "")
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=candidate,
                 unit=session.unit, changes={"candidate": [None, str(candidate)],
                                             "eligible": [None, candidate.eligible]})
    return candidate


def _candidate(candidate: ExamCandidate) -> tuple[ExamSession, ExamCandidate]:
    session = _open(candidate.session)
    candidate = ExamCandidate.objects.select_for_update().get(pk=candidate.pk)
    return session, candidate


@transaction.atomic
def candidate_override(*, actor: User | None, candidate: ExamCandidate,
                       reason: str) -> ExamCandidate:
    """An officer admits a candidate the rule does not, with the reason."""
    session, candidate = _candidate(candidate)
    ensure_officer(actor, session.unit)
    reason = line(reason, 300)
    if not reason:
        raise ValidationError({"reason": _(
            "Write the reason for admitting the candidate although the rule does not.")})
    if candidate.eligible:
        raise ValidationError({"reason": _("The candidate is eligible by the rule; no "
                                           "override is needed.")})
    candidate.override_reason = reason
    candidate.override_by = actor if actor is not None and actor.pk else None
    candidate.save(update_fields=["override_reason", "override_by", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=candidate,
                 unit=session.unit, changes={"override_reason": [None, reason]})
    return candidate


def _mark(value: object, session: ExamSession, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        mark = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("%(label)s: enter a number.") % {"label": label}}) \
            from None
    if not mark.is_finite() or mark < 0 or mark > session.max_mark:
        raise ValidationError({field: _(
            "%(label)s %(mark)s is outside the scale; enter a mark from 0 to %(max)s.") % {
            "label": label, "mark": value, "max": f"{session.max_mark.normalize():f}"}})
    return mark.quantize(Decimal("0.01"))


def result_of(session: ExamSession, candidate: ExamCandidate) -> str:
    theory_ok = candidate.theory_exempt or (candidate.theory_mark is not None
                                           and candidate.theory_mark >= session.theory_min)
    if candidate.practice_mark is None or (not candidate.theory_exempt
                                           and candidate.theory_mark is None):
        return ExamCandidate.Result.PENDING
    if theory_ok and candidate.practice_mark >= session.practice_min:
        return ExamCandidate.Result.PASSED
    return ExamCandidate.Result.FAILED


@transaction.atomic
def candidate_mark(*, actor: User | None, candidate: ExamCandidate, theory_mark: object = None,
                   practice_mark: object = None) -> ExamCandidate:
    """The theory and practice marks; the result follows from the session's pass rule."""
    session, candidate = _candidate(candidate)
    ensure_in_subtree(actor, session.unit, "session")
    label = f"{candidate.person.full_name} ({candidate.trade.name})"
    if not candidate.admitted:
        raise ValidationError({"practice_mark": _(
            "%(who)s is not eligible (%(why)s); an officer must admit the candidate with a "
            "reason before the marks are entered.") % {"who": label,
                                                       "why": candidate.eligibility_note}})
    if session.held_on > timezone.localdate():
        raise ValidationError(_("The exam is dated %(date)s; marks are entered after it.")
                              % {"date": day_text(session.held_on)})
    theory = _mark(theory_mark, session, "theory_mark", _("Theory mark of %(who)s")
                   % {"who": label})
    practice = _mark(practice_mark, session, "practice_mark", _("Practice mark of %(who)s")
                     % {"who": label})
    if candidate.theory_exempt:
        theory = None
    old = [candidate.theory_mark, candidate.practice_mark, candidate.result]
    candidate.theory_mark, candidate.practice_mark = theory, practice
    candidate.result = result_of(session, candidate)
    candidate.save(update_fields=["theory_mark", "practice_mark", "result", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=candidate,
                 unit=session.unit, changes={
                     "theory_mark": [str(old[0]) if old[0] is not None else None,
                                     str(theory) if theory is not None else None],
                     "practice_mark": [str(old[1]) if old[1] is not None else None,
                                       str(practice) if practice is not None else None],
                     "result": [old[2], candidate.result]})
    return candidate


def _decision_number(actor: User | None, session: ExamSession, day: dt.date) -> tuple:
    head = letterhead(session.unit, day)
    if head.issuer is None or head.issuer.unit_id != session.unit_id:
        raise ValidationError({"decision_number": _(
            "%(unit)s has no issuer of its own in the register of numbers; enter the number of "
            "the decision, or record the unit's issuer first.") % {"unit": session.unit.name}})
    document_type = DocumentType.objects.filter(code="QĐ").first()
    if document_type is None:
        raise ValidationError({"decision_number": _(
            "The document type QĐ (decision) is missing from the reference data; enter the "
            "number of the decision, or ask the system administrator to add the type.")})
    issued = documents.number_issue(
        actor=actor, issuer=head.issuer, document_type=document_type,
        date=day, subject=_("Raising the skill level of the workers who passed %(name)s")
        % {"name": session.name}, reference="people.exam", once_key=f"exam-{session.pk}")
    return issued, issued.symbol


@transaction.atomic
def session_decide(*, actor: User | None, session: ExamSession, decision_date: dt.date,
                   decision_number: str = "") -> ExamSession:
    """The level decision: its number is taken once (from the register of the session's unit
    unless typed in), and every candidate who passed gets the next level from the decision's
    date, with the decision as evidence and a certificate number. A second call answers the
    session as decided."""
    session = ExamSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    ensure_officer(actor, session.unit)
    if session.status == ExamSession.Status.DECIDED:
        return session
    required_day(decision_date, "decision_date", _("the date of the decision"))
    not_future(decision_date, "decision_date", _("The date of the decision"))
    if decision_date < session.held_on:
        raise ValidationError({"decision_date": _(
            "The decision must be dated on or after the exam (%(date)s).")
            % {"date": day_text(session.held_on)}})
    candidates = list(session.candidates.select_related("person", "trade")
                      .select_for_update(of=("self",)))
    pending = [c for c in candidates if c.admitted and c.result == ExamCandidate.Result.PENDING]
    if pending:
        raise ValidationError(_(
            "%(count)s admitted candidates have no result yet (%(names)s); enter their marks "
            "first.") % {"count": len(pending),
                         "names": ", ".join(c.person.full_name for c in pending[:5])})
    passed = [c for c in candidates if c.result == ExamCandidate.Result.PASSED]
    if not passed:
        raise ValidationError(_("No candidate passed; there is no level to decide."))
    number = line(decision_number, 60)
    issued = None
    if not number:
        issued, number = _decision_number(actor, session, decision_date)
    with translation.override("vi"):  # stored text: always in Vietnamese
        evidence = _("Decision %(number)s of %(date)s (%(session)s)") % {
            "number": number, "date": day_text(decision_date), "session": session.name}
    kind = CertificateKind.objects.filter(code=CERTIFICATE_KIND).first()
    for index, candidate in enumerate(passed, start=1):
        level = open_level(person=candidate.person, trade=candidate.trade,
                           level=candidate.to_level, started_on=decision_date,
                           evidence=evidence)
        candidate.skill_level = level
        candidate.certificate_number = f"{number}-{index:03d}"[:60]
        candidate.save(update_fields=["skill_level", "certificate_number", "updated_at"])
        if kind is not None:
            Certificate.objects.create(person=candidate.person, kind=kind,
                                       number=candidate.certificate_number,
                                       issued_on=decision_date, issued_by=session.unit.name,
                                       trade=candidate.trade, level=candidate.to_level,
                                       note=session.name[:300])
    session.status = ExamSession.Status.DECIDED
    session.decision_date = decision_date
    session.decision_number = number
    session.issued_number = issued
    session.save(update_fields=["status", "decision_date", "decision_number", "issued_number",
                                "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=session,
                 unit=session.unit, changes={"status": ["open", "decided"],
                                             "decision": [None, f"{number} "
                                                          f"{day_text(decision_date)}"],
                                             "raised": [None, len(passed)]})
    return session
