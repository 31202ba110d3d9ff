"""Writes of the maintenance app: one business action per function, each in one transaction
with its own audit row."""

from .meters import meter_reading_record
from .reference import (
    calendar_entry_create,
    calendar_entry_delete,
    calendar_entry_update,
    plan_create,
    plan_update,
)
from .technicians import technician_warnings, work_order_technicians_set
from .work_orders import PartSpec, WorkLine, ensure_level_allowed, work_order_close, work_order_open

__all__ = [
    "PartSpec",
    "WorkLine",
    "calendar_entry_create",
    "calendar_entry_delete",
    "calendar_entry_update",
    "ensure_level_allowed",
    "meter_reading_record",
    "plan_create",
    "plan_update",
    "technician_warnings",
    "work_order_close",
    "work_order_open",
    "work_order_technicians_set",
]
