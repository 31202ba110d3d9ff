"""Writes on commendations: proposals (draft, submit, refuse) and decisions (create, issue with
their number). Each is one transaction with its audit row; a refused write changes nothing."""

from .common import RecipientSpec
from .decisions import decision_create, decision_from_proposal, decision_issue
from .proposals import (
           ensure_can_decide,
           proposal_create,
           proposal_refuse,
           proposal_submit,
           proposal_update,
)

__all__ = ["RecipientSpec", "decision_create", "decision_from_proposal", "decision_issue",
           "ensure_can_decide", "proposal_create", "proposal_refuse", "proposal_submit",
           "proposal_update"]
