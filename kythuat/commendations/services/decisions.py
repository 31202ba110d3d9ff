"""Decisions (quyết định khen thưởng): recorded as a draft by the awarding unit, then issued,
which takes their number and symbol from the register once and awards their recipients."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.documents.models import DocumentType, IssuedNumber, Issuer
from kythuat.documents.selectors import issuer_lineage
from kythuat.documents.services import number_issue
from kythuat.org import permissions
from kythuat.org.models import User
from kythuat.reviews.models import Review

from ..models import (
    Commendation,
    CommendationDecision,
    CommendationForm,
    CommendationProposal,
    ProposalRecipient,
)
from .common import (
    RecipientSpec,
    check_form,
    check_review,
    clean_recipients,
    day_text,
    line,
    recipient_fields,
    text,
)
from .proposals import ensure_can_decide

DOCUMENT_TYPE = "QĐ"
FIELDS = ["issuer", "form", "title", "decided_on", "basis", "signer_prefix", "signer_title",
          "signer_name", "review", "proposal"]


def ensure_can_issue(actor: User | None, decision: CommendationDecision) -> None:
    if actor is not None and not permissions.can_post(actor, decision.unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may record or issue its "
              "commendation decisions.") % {"unit": decision.unit.name})


def default_title(form: CommendationForm) -> str:
    return _("On awarding %(form)s") % {"form": form.name}


@transaction.atomic
def decision_create(*, actor: User | None, issuer: Issuer, form: CommendationForm,
                    decided_on: dt.date, recipients: Iterable[RecipientSpec], title: str = "",
                    basis: str = "", signer_prefix: str = "", signer_title: str = "",
                    signer_name: str = "", review: Review | None = None,
                    proposal: CommendationProposal | None = None,
                    proposed: Iterable[ProposalRecipient | None] = ()) -> CommendationDecision:
    """A draft decision of the issuer's unit; `proposed` pairs each recipient with the proposed
    recipient it answers (when made from a proposal)."""
    unit = issuer.unit
    if actor is not None and not Issuer.objects.visible_to(actor).filter(pk=issuer.pk).exists():
        raise ValidationError({"issuer": _("Choose an issuer of your unit or of a unit below "
                                           "it.")})
    permissions.ensure_can_post(actor, unit)
    if decided_on is None:
        raise ValidationError({"decided_on": _("Enter the date of the decision.")})
    if not issuer.is_valid_on(decided_on):
        raise ValidationError({"issuer": _(
            "%(issuer)s was not in use on %(date)s; choose the issuer's name of that date.")
            % {"issuer": issuer.name, "date": day_text(decided_on)}})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _(
            "A decision cannot be dated in the future; enter today's date or an earlier one.")})
    check_form(form, unit)
    check_review(actor, review)
    if proposal is not None and (proposal.awarding_unit_id != unit.pk or proposal.status
                                 != CommendationProposal.Status.SUBMITTED):
        raise ValidationError({"proposal": _(
            "The decision can answer only a submitted proposal addressed to %(unit)s.")
            % {"unit": unit.name}})
    specs = clean_recipients(recipients, form=form, root=unit)
    decision = CommendationDecision(
        unit=unit, issuer=issuer, form=form, decided_on=decided_on,
        title=line(title, 300) or default_title(form), basis=text(basis),
        signer_prefix=line(signer_prefix, 10), signer_title=line(signer_title, 150),
        signer_name=line(signer_name, 150), review=review, proposal=proposal,
        created_by=actor if actor else None)
    decision.full_clean()
    decision.save()
    links = list(proposed)
    rows = [Commendation(decision=decision, form=form,
                         proposed=links[index] if index < len(links) else None,
                         person=spec.person, **recipient_fields(spec, index + 1))
            for index, spec in enumerate(specs)]
    Commendation.objects.bulk_create(rows)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=decision, unit=unit,
                 changes={**audit.snapshot(decision, FIELDS),
                          "recipients": [None, [row.label for row in rows]]})
    return decision


@transaction.atomic
def decision_from_proposal(*, actor: User | None, proposal: CommendationProposal,
                           issuer: Issuer, decided_on: dt.date,
                           recipients: Iterable[ProposalRecipient], form: CommendationForm
                           | None = None, **values) -> CommendationDecision:
    """The awarding unit's draft decision on a submitted proposal, for all or some of the
    proposed recipients (the proposal is decided when the decision is issued)."""
    ensure_can_decide(actor, proposal)
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal.pk)
    chosen = [r for r in recipients if r.proposal_id == proposal.pk]
    if not chosen:
        raise ValidationError({"recipients": _(
            "Choose at least one proposed recipient to award, or refuse the proposal.")})
    specs = [RecipientSpec(unit=r.unit, kind=r.kind, full_name=r.full_name, rank=r.rank,
                           position=r.position, achievement=r.achievement) for r in chosen]
    return decision_create(actor=actor, issuer=issuer, form=form or proposal.form,
                           decided_on=decided_on, recipients=specs,
                           review=values.pop("review", None) or proposal.review,
                           proposal=proposal, proposed=chosen, **values)


def _registered_number(decision: CommendationDecision, symbol: str) -> IssuedNumber:
    """A number already taken in the register (by hand, for a paper decision) and used by no
    other document."""
    symbol = line(symbol, 60)
    number = (IssuedNumber.objects.filter(issuer__in=issuer_lineage(decision.issuer),
                                          symbol__iexact=symbol,
                                          date__year=decision.decided_on.year)
              .select_related("document_type").first())
    if number is None:
        raise ValidationError({"symbol": _(
            "%(symbol)s is not in the register of %(issuer)s for %(year)s; take the number in "
            "the register first, or leave it empty to take the next number.") % {
            "symbol": symbol, "issuer": decision.issuer.name, "year": decision.decided_on.year}})
    for relation in IssuedNumber._meta.related_objects:
        if relation.one_to_one and relation.related_model._base_manager.filter(
                **{relation.field.name: number}).exists():
            raise ValidationError({"symbol": _(
                "The number %(symbol)s is already used by another document; each number serves "
                "one document only. Check the number, or leave it empty to take the next "
                "number.") % {"symbol": number.symbol}})
    if number.document_type.code != DOCUMENT_TYPE:
        raise ValidationError({"symbol": _(
            "%(symbol)s was taken for a %(type)s, not for a decision; choose a decision "
            "number (QĐ).") % {"symbol": number.symbol, "type": number.document_type.name}})
    if number.date != decision.decided_on:
        raise ValidationError({"symbol": _(
            "%(symbol)s is dated %(date)s in the register; the decision must have the same "
            "date.") % {"symbol": number.symbol, "date": day_text(number.date)}})
    return number


@transaction.atomic
def decision_issue(*, actor: User | None, decision: CommendationDecision,
                   symbol: str = "") -> CommendationDecision:
    """Issues the decision: its number and symbol are taken once (a second click or a retry
    returns the decision with the number it already has), its recipients are awarded on its
    date and the proposal it answers is decided. `symbol`: a number already taken in the
    register for it."""
    ensure_can_issue(actor, decision)
    # The row lock makes a second click wait for the first and then see its number.
    decision = (CommendationDecision.objects.select_for_update(of=("self",))
                .select_related("issuer", "unit", "form", "number").get(pk=decision.pk))
    if decision.number_id is not None:
        return decision
    if not decision.commendations.exists():
        raise ValidationError(_("The decision names no recipient; it cannot be issued."))
    check_form(decision.form, decision.unit, current=decision.form)
    if decision.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _(
            "A decision cannot be dated in the future; enter today's date or an earlier one.")})
    if symbol and symbol.strip():
        number = _registered_number(decision, symbol)
    else:
        try:
            document_type = DocumentType.objects.get(code=DOCUMENT_TYPE)
        except DocumentType.DoesNotExist:
            raise ValidationError(_("The document type QĐ (decision) is missing from the "
                                    "reference data; ask the system administrator to add "
                                    "it.")) from None
        number = number_issue(actor=actor, issuer=decision.issuer, document_type=document_type,
                              date=decision.decided_on, subject=decision.title,
                              reference=f"commendations:decision:{decision.pk}")
    decision.number = number
    decision.status = CommendationDecision.Status.ISSUED
    decision.issued_at = timezone.now()
    decision.issued_by = actor if actor is not None and actor.pk else None
    decision.save(update_fields=["number", "status", "issued_at", "issued_by", "updated_at"])
    decision.commendations.update(awarded_on=decision.decided_on)
    if decision.proposal_id:
        _settle(decision.proposal)
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=decision,
                 unit=decision.unit, changes={"status": ["draft", "issued"],
                                              "number": [None, number.symbol]})
    return decision


def _settle(proposal: CommendationProposal) -> None:
    """A proposal is approved in full when every proposed recipient has been awarded by an
    issued decision, in part otherwise."""
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal.pk)
    proposed = set(proposal.recipients.values_list("pk", flat=True))
    awarded = set(Commendation.objects.filter(proposed__in=proposed, awarded_on__isnull=False)
                  .values_list("proposed", flat=True))
    status = (CommendationProposal.Status.APPROVED if proposed <= awarded
              else CommendationProposal.Status.PARTLY)
    old = proposal.status
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at", "updated_at"])
    audit.record(actor=None, action=AuditEvent.Action.CHANGED, target=proposal,
                 unit=proposal.proposer, changes={"status": [old, status]})
