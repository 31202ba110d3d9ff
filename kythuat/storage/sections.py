"""Sections that other apps add to a facility's page (what it holds is the holdings app's),
so the storage app imports none of them (`kythuat.core.sections`)."""

from kythuat.core.sections import Sections

FACILITY_PAGE = Sections()
