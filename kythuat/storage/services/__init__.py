"""Writes on facilities and their records; each one checks who may act, validates, writes and
records its audit event in one transaction."""

from .facilities import FACILITY_FIELDS, facility_create, facility_update
from .inspections import inspection_close, inspection_create, inspection_update
from .investments import investment_create, investment_delete, investment_update
from .readings import reading_acknowledge, reading_record

__all__ = [
    "FACILITY_FIELDS",
    "facility_create",
    "facility_update",
    "inspection_close",
    "inspection_create",
    "inspection_update",
    "investment_create",
    "investment_delete",
    "investment_update",
    "reading_acknowledge",
    "reading_record",
]
