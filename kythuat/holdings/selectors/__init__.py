from .balances import FULL_KEY, subtree_balances_as_of
from .items import item_history, item_list, item_state_as_of, lot_list, movement_list
from .periods import closes_covering, period_bounds
from .reports import period_report
from .strength import strength_rows

__all__ = [
    "FULL_KEY",
    "closes_covering",
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
