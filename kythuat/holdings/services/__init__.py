"""Writes on the holdings ledger. Each public function is one business action in one
transaction with its own audit row."""

from .guards import posting_guard
from .movements import (
    LineSpec,
    movement_create,
    movement_delete,
    movement_post,
    movement_record,
    movement_return,
    movement_reverse,
    movement_update,
)
from .periods import ensure_period_open, period_close
from .records import authorized_strength_set, item_update, lot_update

__all__ = [
    "LineSpec",
    "authorized_strength_set",
    "ensure_period_open",
    "item_update",
    "lot_update",
    "movement_create",
    "movement_delete",
    "movement_post",
    "movement_record",
    "movement_return",
    "movement_reverse",
    "movement_update",
    "period_close",
    "posting_guard",
]
