import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.commendations import services
from kythuat.commendations.annexes import commendations_annex
from kythuat.commendations.models import (
    Commendation,
    CommendationDecision,
    CommendationProposal,
)
from kythuat.commendations.services import RecipientSpec
from kythuat.documents import services as documents
from kythuat.documents.models import DocumentType, IssuedNumber
from kythuat.reviews.models import Review, ReviewKind

from .conftest import DAY, form

pytestmark = pytest.mark.django_db


def counts():
    return (CommendationProposal.objects.count(), CommendationDecision.objects.count(),
            Commendation.objects.count(), IssuedNumber.objects.count())


def test_a_form_not_allowed_for_the_awarding_units_kind_is_refused(org, issuers, decide):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        decide(form=form("bang-khen"))  # Lạng Sơn is a Bộ CHQS tỉnh: no bằng khen
    message = caught.value.message_dict["form"][0]
    assert org.province_a.name in message
    assert "Bằng khen" in message
    assert counts() == before


def test_a_form_not_allowed_is_refused_for_a_proposal_too(org, propose):
    with pytest.raises(ValidationError) as caught:
        propose(form=form("bang-khen"))
    assert "form" in caught.value.message_dict
    assert not CommendationProposal.objects.exists()


def test_the_region_may_award_a_bang_khen(org, issuers, decide):
    decision = decide(issuer=issuers.region, form=form("bang-khen"))
    assert decision.unit == org.hq


def test_a_recipient_outside_the_subtree_is_refused(org, propose, decide):
    outside = [RecipientSpec(unit=org.province_b)]
    before = counts()
    with pytest.raises(ValidationError) as caught:
        propose(recipients=outside)
    assert org.province_b.name in caught.value.message_dict["recipients"][0]
    with pytest.raises(ValidationError):
        decide(recipients=outside)
    assert counts() == before


def test_a_period_that_ends_before_it_starts_is_refused(propose):
    with pytest.raises(ValidationError) as caught:
        propose(period_start=dt.date(2025, 12, 31), period_end=dt.date(2025, 1, 1))
    assert "31/12/2025" in caught.value.message_dict["period_end"][0]
    assert not CommendationProposal.objects.exists()


def test_the_awarding_unit_must_be_above_the_proposer(org, propose):
    with pytest.raises(ValidationError) as caught:
        propose(awarding_unit=org.province_b)
    assert "awarding_unit" in caught.value.message_dict


def test_an_individual_needs_a_name_and_a_form_its_kind(org, propose):
    with pytest.raises(ValidationError):
        propose(recipients=[RecipientSpec(unit=org.commune_a, kind="individual")])
    with pytest.raises(ValidationError):
        propose(form=form("chien-si-thi-dua-co-so"),
                recipients=[RecipientSpec(unit=org.commune_a)])  # a title for individuals
    assert not CommendationProposal.objects.exists()


def test_an_unknown_indicator_is_refused(propose):
    with pytest.raises(ValidationError) as caught:
        propose(indicator_codes=["không.có"])
    assert "indicator_codes" in caught.value.message_dict


def test_the_number_is_taken_once_under_retries(org, decide):
    decision = decide()
    stale = CommendationDecision.objects.get(pk=decision.pk)
    first = services.decision_issue(actor=org.users["officer_a"], decision=decision)
    again = services.decision_issue(actor=org.users["officer_a"], decision=stale)
    third = services.decision_issue(actor=org.users["officer_a"], decision=first)
    assert first.number_id == again.number_id == third.number_id
    assert IssuedNumber.objects.count() == 1
    assert first.number_symbol == "01/QĐ-BCH"
    assert set(Commendation.objects.values_list("awarded_on", flat=True)) == {DAY}


def test_a_number_already_used_is_refused_and_nothing_changes(org, issuers, decide):
    taken = documents.number_issue(actor=None, issuer=issuers.a,
                                   document_type=DocumentType.objects.get(code="QĐ"), date=DAY,
                                   subject="Quyết định khen thưởng (giấy)")
    first = services.decision_issue(actor=None, decision=decide(), symbol=taken.symbol)
    assert first.number == taken
    second = decide()
    with pytest.raises(ValidationError) as caught:
        services.decision_issue(actor=None, decision=second, symbol=taken.symbol)
    assert taken.symbol in caught.value.message_dict["symbol"][0]
    second.refresh_from_db()
    assert second.number is None
    assert second.status == "draft"
    assert not Commendation.objects.filter(decision=second, awarded_on__isnull=False).exists()
    with pytest.raises(ValidationError):
        services.decision_issue(actor=None, decision=second, symbol="99/QĐ-BCH")
    assert IssuedNumber.objects.count() == 1


def test_a_clerk_cannot_issue_and_a_viewer_cannot_propose(org, decide, propose):
    decision = decide()
    with pytest.raises(PermissionDenied):
        services.decision_issue(actor=org.users["clerk_a"], decision=decision)
    with pytest.raises(PermissionDenied):
        propose(actor=org.users["viewer_a"])
    assert CommendationDecision.objects.get().number is None


def test_a_proposal_is_submitted_decided_in_part_then_issued(org, issuers, propose):
    proposal = propose(actor=org.users["clerk_commune"])
    services.proposal_submit(actor=org.users["officer_a"], proposal=proposal)
    first = proposal.recipients.order_by("order").first()
    decision = services.decision_from_proposal(
        actor=org.users["officer_a"], proposal=proposal, issuer=issuers.a, decided_on=DAY,
        recipients=[first])
    proposal.refresh_from_db()
    assert proposal.status == "submitted"  # decided when the decision is issued
    services.decision_issue(actor=org.users["officer_a"], decision=decision)
    proposal.refresh_from_db()
    assert proposal.status == "partly"
    assert AuditEvent.objects.filter(target_type="commendations.commendationproposal").count() >= 3


def test_a_refusal_needs_a_reason(org, propose):
    proposal = services.proposal_submit(actor=None, proposal=propose())
    with pytest.raises(ValidationError):
        services.proposal_refuse(actor=org.users["officer_a"], proposal=proposal, reason=" ")
    refused = services.proposal_refuse(actor=org.users["officer_a"], proposal=proposal,
                                       reason="Chưa đủ thời gian xét")
    assert refused.status == "refused"
    with pytest.raises(PermissionDenied):  # the proposer cannot decide its own proposal
        services.proposal_refuse(actor=org.users["clerk_commune"], proposal=proposal,
                                 reason="x")


def test_a_submitted_proposal_cannot_be_changed(propose):
    proposal = services.proposal_submit(actor=None, proposal=propose())
    with pytest.raises(ValidationError):
        services.proposal_update(actor=None, proposal=proposal, data={"title": "Khác"})


@pytest.mark.parametrize(("persona", "visible"), [
    ("officer_hq", True), ("officer_a", True), ("clerk_commune", True), ("officer_b", False)])
def test_commendations_are_seen_by_the_recipients_and_the_awarding_side(
        org, issuers, decide, persona, visible):
    decision = decide(issuer=issuers.region, form=form("bang-khen"),
                      recipients=[RecipientSpec(unit=org.commune_a)])
    services.decision_issue(actor=None, decision=decision)
    user = org.users[persona]
    assert Commendation.objects.visible_to(user).exists() is visible
    assert CommendationDecision.objects.visible_to(user).exists() is visible


def test_a_draft_proposal_stays_with_the_proposer(org, propose):
    propose(proposer=org.province_a, awarding_unit=org.hq,
            recipients=[RecipientSpec(unit=org.province_a)])
    assert CommendationProposal.objects.visible_to(org.users["officer_a"]).exists()
    assert CommendationProposal.objects.visible_to(org.users["officer_hq"]).exists()
    assert not CommendationProposal.objects.visible_to(org.users["officer_b"]).exists()
    assert not CommendationProposal.objects.visible_to(org.users["clerk_commune"]).exists()


def test_the_annex_lists_exactly_the_reviews_commendations(org, issuers, decide):
    kind = ReviewKind.objects.get(code="final_15y")
    review = Review.objects.create(unit=org.province_a, kind=kind, title="Tổng kết 15 năm",
                                   period_start=dt.date(2007, 11, 29),
                                   period_end=dt.date(2022, 12, 31))
    report = SimpleNamespace(review=review, unit=org.province_a)
    assert commendations_annex(report) is None
    linked = decide(review=review)
    services.decision_issue(actor=None, decision=linked)
    services.decision_issue(actor=None, decision=decide())  # not handed out at the review
    decide(review=review)  # a draft: nothing is awarded yet
    table = commendations_annex(report)
    labels = sorted(row[1] for row in table.rows)
    assert labels == sorted(c.label for c in linked.commendations.all())
    assert len(table.rows) == 2
    assert table.header
    region_report = SimpleNamespace(review=review, unit=org.province_b)
    assert commendations_annex(region_report) is None
