"""Writes of the people app, one function per action."""

from .exams import (
    candidate_add,
    candidate_mark,
    candidate_override,
    session_create,
    session_decide,
)
from .levels import skill_level_grant, skill_level_raise
from .people import person_create, person_leave, person_move, person_update
from .records import certificate_add, establishment_set

__all__ = [
    "candidate_add", "candidate_mark", "candidate_override", "certificate_add",
    "establishment_set", "person_create", "person_leave", "person_move", "person_update",
    "session_create", "session_decide", "skill_level_grant", "skill_level_raise",
]
