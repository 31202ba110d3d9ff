"""Sections that other apps add to an equipment type's page (what is on hand by grade is the
holdings app's), so the catalogue imports none of them (`kythuat.core.sections`)."""

from kythuat.core.sections import Sections

TYPE_PAGE = Sections()
