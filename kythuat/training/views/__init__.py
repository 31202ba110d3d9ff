from .contests import (
    contest_create,
    contest_detail,
    contest_entry_add,
    contest_entry_remove,
    contest_event_add,
    contest_export,
    contest_list,
)
from .courses import (
    course_create,
    course_detail,
    course_edit,
    course_export,
    course_list,
    plan_create,
    plan_detail,
    plan_item_add,
    plan_item_remove,
    plan_list,
    trainee_add,
    trainee_edit,
    trainee_remove,
)

__all__ = [
    "contest_create", "contest_detail", "contest_entry_add", "contest_entry_remove",
    "contest_event_add", "contest_export", "contest_list", "course_create", "course_detail",
    "course_edit", "course_export", "course_list", "plan_create", "plan_detail",
    "plan_item_add", "plan_item_remove", "plan_list", "trainee_add", "trainee_edit",
    "trainee_remove",
]
