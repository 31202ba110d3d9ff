from .balances import FULL_KEY, subtree_balances_as_of
from .inbox import InboxCounts, drafts_returned, drafts_to_post, inbox_counts
from .items import item_history, item_list, item_state_as_of, lot_list, movement_list
from .periods import closes_covering, period_bounds
from .reports import period_report
from .strength import strength_rows

__all__ = [
    "FULL_KEY",
    "InboxCounts",
    "closes_covering",
    "drafts_returned",
    "drafts_to_post",
    "inbox_counts",
    "item_history",
    "item_list",
    "item_state_as_of",
    "lot_list",
    "movement_list",
    "period_bounds",
    "period_report",
    "strength_rows",
    "subtree_balances_as_of",
]
