"""Writes of Campaign 50 (see each module)."""

from .setup import block_create, committee_create, grid_save, pledge_create
from .sheets import (
                     criteria_of,
                     live_computed,
                     sheet_assess,
                     sheet_open,
                     sheet_review,
                     sheet_submit,
                     sheets_review,
)

__all__ = ["block_create", "committee_create", "criteria_of", "grid_save", "live_computed",
           "pledge_create", "sheet_assess", "sheet_open", "sheet_review", "sheet_submit",
           "sheets_review"]
