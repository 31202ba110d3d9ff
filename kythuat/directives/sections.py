"""Sections that other apps add to a directive's page (its targets and their progress are the
targets app's), so directives import none of them (`kythuat.core.sections`)."""

from kythuat.core.sections import Sections

DIRECTIVE_PAGE = Sections()
