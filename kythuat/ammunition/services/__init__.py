"""Writes on ammunition lots. Each public function is one business action in one transaction
with its own audit row; lot status changes go through here only."""

from .disposal import (
    disposal_batch_approve,
    disposal_batch_create,
    disposal_batch_delete,
    disposal_line_add,
    disposal_line_remove,
    disposal_write_off_create,
    disposal_write_off_link,
)
from .lots import lot_isolate, lot_release, lot_test_record, shelf_life_extend

__all__ = [
    "disposal_batch_approve",
    "disposal_batch_create",
    "disposal_batch_delete",
    "disposal_line_add",
    "disposal_line_remove",
    "disposal_write_off_create",
    "disposal_write_off_link",
    "lot_isolate",
    "lot_release",
    "lot_test_record",
    "shelf_life_extend",
]
