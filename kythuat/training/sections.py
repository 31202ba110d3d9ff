"""Sections of a person's page: the courses they were trained in and their contest results,
as far as the user sees them."""

from django.utils.translation import gettext_lazy as _

from kythuat.people.sections import PersonSection, person_section

from .models import ContestEntry, Trainee


@person_section(order=50, title=_("Training courses"))
def courses(person, user) -> PersonSection | None:
    rows = list(Trainee.objects.visible_to(user).filter(person=person)
                .select_related("course", "course__unit").order_by("-course__starts_on"))
    if not rows:
        return None
    return PersonSection(template="training/_person_courses.html", context={"trainees": rows})


@person_section(order=55, title=_("Contest results"))
def contest_results(person, user) -> PersonSection | None:
    rows = list(ContestEntry.objects.visible_to(user).filter(person=person)
                .select_related("contest", "contest__level", "event", "prize")
                .order_by("-contest__held_on"))
    if not rows:
        return None
    return PersonSection(template="training/_person_contests.html", context={"entries": rows})
