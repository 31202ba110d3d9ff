"""Proposals (hồ sơ đề nghị): drafted by the proposing unit, submitted to a superior unit,
then decided there (a decision awards all or some recipients) or refused with a reason."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.indicators import registry
from kythuat.org import permissions
from kythuat.org.models import Unit, User
from kythuat.reviews.models import Review

from ..models import CommendationForm, CommendationProposal, ProposalRecipient
from .common import (
    RecipientSpec,
    check_form,
    check_period,
    check_review,
    clean_recipients,
    line,
    recipient_fields,
    text,
)

FIELDS = ["awarding_unit", "form", "title", "summary", "period_start", "period_end",
          "indicator_codes", "review", "source"]


def _clean(values: dict[str, Any], *, actor: User | None, proposer: Unit,
           proposal: CommendationProposal | None = None) -> dict[str, Any]:
    values["title"] = line(values.get("title"), 300)
    values["summary"] = text(values.get("summary"))
    values["source"] = line(values.get("source"), 200)
    awarding: Unit = values["awarding_unit"]
    form: CommendationForm = values["form"]
    if awarding is None or awarding.pk == proposer.pk or not awarding.contains(proposer):
        raise ValidationError({"awarding_unit": _(
            "Choose a unit above %(unit)s to ask for the commendation.")
            % {"unit": proposer.name}})
    check_form(form, awarding, current=proposal.form if proposal else None)
    if not values["title"]:
        raise ValidationError({"title": _("Enter the subject of the proposal.")})
    if not values["summary"]:
        raise ValidationError({"summary": _(
            "Summarise the achievements the commendation is proposed for.")})
    check_period(values.get("period_start"), values.get("period_end"))
    codes = list(dict.fromkeys(str(code).strip() for code in values.get("indicator_codes") or ()
                               if str(code).strip()))
    for code in codes:
        try:
            registry.get(code)
        except KeyError:
            raise ValidationError({"indicator_codes": _(
                "There is no indicator with the code %(code)s; choose indicators from the "
                "list.") % {"code": code}}) from None
    values["indicator_codes"] = codes
    check_review(actor, values.get("review"))
    return values


def _write_recipients(proposal: CommendationProposal, specs: list[RecipientSpec]) -> list[str]:
    proposal.recipients.all().delete()
    rows = [ProposalRecipient(proposal=proposal, **recipient_fields(spec, order))
            for order, spec in enumerate(specs, start=1)]
    ProposalRecipient.objects.bulk_create(rows)
    return [row.label for row in rows]


@transaction.atomic
def proposal_create(*, actor: User | None, proposer: Unit, awarding_unit: Unit,
                    form: CommendationForm, title: str, summary: str, period_start: dt.date,
                    period_end: dt.date, recipients: Iterable[RecipientSpec],
                    indicator_codes: Iterable[str] = (), review: Review | None = None,
                    source: str = "") -> CommendationProposal:
    permissions.ensure_can_draft(actor, proposer)
    values = _clean({"awarding_unit": awarding_unit, "form": form, "title": title,
                     "summary": summary, "period_start": period_start,
                     "period_end": period_end, "indicator_codes": list(indicator_codes),
                     "review": review, "source": source}, actor=actor, proposer=proposer)
    specs = clean_recipients(recipients, form=form, root=proposer)
    proposal = CommendationProposal(proposer=proposer, created_by=actor if actor else None,
                                    **values)
    proposal.full_clean()
    proposal.save()
    names = _write_recipients(proposal, specs)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=proposal,
                 unit=proposer, changes={**audit.snapshot(proposal, FIELDS),
                                         "recipients": [None, names]})
    return proposal


def _ensure_draft(proposal: CommendationProposal) -> None:
    if not proposal.is_draft:
        raise ValidationError(_("Only a draft proposal can be changed or submitted; this one "
                                "is %(status)s.") % {"status": proposal.get_status_display()})


@transaction.atomic
def proposal_update(*, actor: User | None, proposal: CommendationProposal,
                    data: dict[str, Any],
                    recipients: Iterable[RecipientSpec] | None = None) -> CommendationProposal:
    """Changes a draft; `recipients`, when given, replaces its recipients."""
    permissions.ensure_can_draft(actor, proposal.proposer)
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal.pk)
    _ensure_draft(proposal)
    current = {name: getattr(proposal, name) for name in FIELDS}
    values = _clean({**current, **{k: v for k, v in data.items() if k in FIELDS}},
                    actor=actor, proposer=proposal.proposer, proposal=proposal)
    specs = None
    if recipients is not None:
        specs = clean_recipients(recipients, form=values["form"], root=proposal.proposer)
    else:  # the recipients kept must still suit the form
        clean_recipients([RecipientSpec(unit=r.unit, kind=r.kind, full_name=r.full_name,
                                        rank=r.rank, position=r.position,
                                        achievement=r.achievement)
                          for r in proposal.recipients.select_related("unit")],
                         form=values["form"], root=proposal.proposer)
    changes = model_update(instance=proposal, fields=FIELDS, data=values)
    if specs is not None:
        before = [r.label for r in proposal.recipients.select_related("unit")]
        after = _write_recipients(proposal, specs)
        if before != after:
            changes["recipients"] = [before, after]
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=proposal,
                     unit=proposal.proposer, changes=changes)
    return proposal


@transaction.atomic
def proposal_submit(*, actor: User | None, proposal: CommendationProposal
                    ) -> CommendationProposal:
    """Sends the proposal to the awarding unit, which sees it from then on."""
    permissions.ensure_can_post(actor, proposal.proposer)
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal.pk)
    _ensure_draft(proposal)
    if not proposal.recipients.exists():
        raise ValidationError(_("Name at least one recipient before submitting."))
    check_form(proposal.form, proposal.awarding_unit)
    proposal.status = CommendationProposal.Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=proposal,
                 unit=proposal.proposer, changes={"status": ["draft", proposal.status]})
    return proposal


def ensure_can_decide(actor: User | None, proposal: CommendationProposal) -> None:
    if actor is not None and not permissions.can_post(actor, proposal.awarding_unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may decide on "
                                 "this proposal.") % {"unit": proposal.awarding_unit.name})


@transaction.atomic
def proposal_refuse(*, actor: User | None, proposal: CommendationProposal,
                    reason: str) -> CommendationProposal:
    ensure_can_decide(actor, proposal)
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != CommendationProposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be refused; this one is "
                                "%(status)s.") % {"status": proposal.get_status_display()})
    reason = text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing the proposal.")})
    proposal.status = CommendationProposal.Status.REFUSED
    proposal.refusal_reason = reason
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "refusal_reason", "decided_at", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=proposal,
                 unit=proposal.awarding_unit,
                 changes={"status": ["submitted", proposal.status]}, note=reason[:500])
    return proposal
