"""Writes on stocktakes. Each public function is one business action in one transaction with
its own audit row."""

from .approval import stocktake_approve
from .campaigns import (
    member_add,
    member_remove,
    stocktake_cancel,
    stocktake_create,
    stocktake_finish,
    stocktake_reopen,
    stocktake_start,
    stocktake_update,
)
from .counting import (
    LineCount,
    line_add,
    line_count,
    line_delete,
    sheet_fill_booked,
    sheet_import,
)

__all__ = [
    "LineCount",
    "line_add",
    "line_count",
    "line_delete",
    "member_add",
    "member_remove",
    "sheet_fill_booked",
    "sheet_import",
    "stocktake_approve",
    "stocktake_cancel",
    "stocktake_create",
    "stocktake_finish",
    "stocktake_reopen",
    "stocktake_start",
    "stocktake_update",
]
