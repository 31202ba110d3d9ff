"""Writes of the reorganisation app: one function per action."""

from .apply import apply_due, decision_apply, plan
from .decisions import (
    change_add,
    change_delete,
    decision_announce,
    decision_cancel,
    decision_create,
    decision_update,
    succession_add,
    succession_delete,
)

__all__ = ["apply_due", "change_add", "change_delete", "decision_announce", "decision_apply",
           "decision_cancel", "decision_create", "decision_update", "plan", "succession_add",
           "succession_delete"]
