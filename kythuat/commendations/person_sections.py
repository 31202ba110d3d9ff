"""The commendations of a person, on the person's page (people.sections)."""

from django.utils.translation import gettext_lazy as _

from kythuat.people.sections import PersonSection, person_section

from .models import Commendation


@person_section(order=80, title=_("Commendations"))
def commendations(person, user) -> PersonSection | None:
    rows = list(Commendation.objects.visible_to(user)
                .filter(person=person, awarded_on__isnull=False)
                .select_related("decision", "decision__number", "form")
                .order_by("-awarded_on"))
    if not rows:
        return None
    return PersonSection("commendations/_person_commendations.html", {"commendations": rows})
