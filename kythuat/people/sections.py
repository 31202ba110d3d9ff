"""Sections of a person's page that other apps add (training, contests, licences,
commendations), so the people app imports none of them (`kythuat.core.sections`).

    @person_section(order=50, title=_("Training courses"))
    def courses(person, user) -> PersonSection | None: ...

The function returns the template and its context, or None when it has nothing to show; the
module is imported from its app's `AppConfig.ready()`."""

from kythuat.core.sections import Section as PersonSection
from kythuat.core.sections import Sections

PERSON_PAGE = Sections()
person_section = PERSON_PAGE.section
sections_for = PERSON_PAGE.build

__all__ = ["PERSON_PAGE", "PersonSection", "person_section", "sections_for"]
