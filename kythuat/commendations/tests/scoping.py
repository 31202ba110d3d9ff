"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

The outside records are Lạng Sơn's: a proposal of one of its communes sent to the province, a
draft decision of the province and an issued one with its commendation."""

import datetime as dt

from kythuat.commendations.models import Commendation, CommendationDecision, CommendationProposal

OBJECT: dict = {
    "commendations:proposal-detail": "com_proposal",
    "commendations:proposal-edit": "com_proposal",
    "commendations:proposal-submit": "com_proposal",
    "commendations:proposal-decide": "com_proposal",
    "commendations:decision-detail": "com_issued",
    "commendations:decision-issue": "com_draft",
    "commendations:decision-docx": "com_issued",
    "commendation-proposal-detail": "com_proposal",
    "commendation-proposal-submit": "com_proposal",
    "commendation-proposal-decide": "com_proposal",
    "commendation-decision-detail": "com_issued",
    "commendation-decision-issue": "com_draft",
    "commendation-detail": "com_commendation",
}
LIST: dict = {
    "commendations:commendation-list": {"unit": True},
    "commendations:commendation-export": {"unit": True},
    "commendations:proposal-list": {"unit": True, "q": "secret"},
    "commendations:decision-list": {"unit": True},
    "commendation-proposal-list": None,
    "commendation-decision-list": None,
    "commendation-list": None,
    "commendation-form-list": None,
    "commendation-form-detail": "reference",
}


def _form_id() -> int:
    from kythuat.commendations.models import CommendationForm

    return CommendationForm.objects.get(code="giay-khen").pk


CREATE: dict = {
    "commendations:proposal-create": (CommendationProposal, lambda w: {
        "proposer": w["commune_a"].pk, "awarding_unit": w["unit"].pk, "form": _form_id(),
        "title": "X", "summary": "X", "period_start": "01/01/2025", "period_end": "31/12/2025",
        "r-TOTAL_FORMS": "1", "r-INITIAL_FORMS": "0", "r-0-kind": "collective",
        "r-0-unit": w["commune_a"].pk}),
    "commendations:decision-create": (CommendationDecision, lambda w: {
        "issuer": w["com_issuer"].pk, "form": _form_id(), "decided_on": "05/01/2026",
        "r-TOTAL_FORMS": "1", "r-INITIAL_FORMS": "0", "r-0-kind": "collective",
        "r-0-unit": w["commune_a"].pk}),
    "commendation-proposal-list": (CommendationProposal, lambda w: {
        "proposer": w["commune_a"].pk, "awarding_unit": w["unit"].pk, "form": _form_id(),
        "title": "X", "summary": "X", "period_start": "2025-01-01", "period_end": "2025-12-31",
        "recipients": [{"unit": w["commune_a"].pk}]}),
    "commendation-decision-list": (CommendationDecision, lambda w: {
        "issuer": w["com_issuer"].pk, "form": _form_id(), "decided_on": "2026-01-05",
        "recipients": [{"unit": w["commune_a"].pk}]}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.commendations import services
    from kythuat.commendations.models import CommendationForm
    from kythuat.commendations.services import RecipientSpec
    from kythuat.documents import services as documents
    from kythuat.documents.models import FormatProfile

    org = world["org"]
    form = CommendationForm.objects.get(code="giay-khen")
    world["commune_a"] = org.commune_a
    issuer = documents.issuer_create(
        actor=None, unit=org.province_a, profile=FormatProfile.objects.get(code="state"),
        name="SECRET-A Bộ Chỉ huy quân sự tỉnh", abbreviation="BCHX", place="Lạng Sơn",
        valid_from=dt.date(2020, 1, 1))
    world["com_issuer"] = issuer
    proposal = services.proposal_create(
        actor=None, proposer=org.commune_a, awarding_unit=org.province_a, form=form,
        title="SECRET-A đề nghị", summary="SECRET-A thành tích",
        period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
        recipients=[RecipientSpec(unit=org.commune_a)])
    world["com_proposal"] = services.proposal_submit(actor=None, proposal=proposal)
    recipients = [RecipientSpec(unit=org.commune_a, kind="individual",
                                full_name="SECRET-A Nguyễn Văn A", rank="Trung úy")]
    issued = services.decision_create(actor=None, issuer=issuer, form=form,
                                      decided_on=dt.date(2026, 1, 5), recipients=recipients,
                                      title="SECRET-A khen thưởng")
    world["com_issued"] = services.decision_issue(actor=None, decision=issued)
    world["com_commendation"] = Commendation.objects.get(decision=issued)
    world["com_draft"] = services.decision_create(
        actor=None, issuer=issuer, form=form, decided_on=dt.date(2026, 1, 6),
        recipients=recipients, title="SECRET-A dự thảo")
