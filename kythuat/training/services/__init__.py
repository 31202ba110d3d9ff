"""Writes: one service per action, each in one transaction with its permission check and audit
row; bad input is refused with a Vietnamese message and changes nothing."""

from .contests import contest_create, contest_entry_add, contest_entry_remove, contest_event_add
from .courses import (
    course_create,
    course_update,
    plan_create,
    plan_item_add,
    plan_item_remove,
    trainee_add,
    trainee_remove,
    trainee_update,
)

__all__ = [
    "contest_create",
    "contest_entry_add",
    "contest_entry_remove",
    "contest_event_add",
    "course_create",
    "course_update",
    "plan_create",
    "plan_item_add",
    "plan_item_remove",
    "trainee_add",
    "trainee_remove",
    "trainee_update",
]
