"""Writes: one service per step of the lifecycle (NĐ 13/2012, TT 18/2013), each in one
transaction with its permission check and audit row; an illegal step is refused with a
Vietnamese message and changes nothing."""

from .councils import (
    MemberSpec,
    council_close,
    council_create,
    council_member_add,
    dossier_send,
    score_submit,
)
from .decisions import (
    adoption_record,
    award_grant,
    dossier_recognise,
    dossier_refuse,
    measured_benefit_set,
    take_decision_number,
)
from .initiatives import AuthorSpec, initiative_register, initiative_update

__all__ = [
    "AuthorSpec",
    "MemberSpec",
    "adoption_record",
    "award_grant",
    "council_close",
    "council_create",
    "council_member_add",
    "dossier_recognise",
    "dossier_refuse",
    "dossier_send",
    "initiative_register",
    "initiative_update",
    "measured_benefit_set",
    "score_submit",
    "take_decision_number",
]
