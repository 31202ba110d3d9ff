"""The driving licence on a person's page (people/sections.py)."""

from django.utils.translation import gettext_lazy as _

from kythuat.people.sections import PersonSection, person_section

from .models import Driver, Trip


@person_section(order=60, title=_("Military driving licence"))
def driving_licence(person, user) -> PersonSection | None:
    driver = (Driver.objects.visible_to(user).filter(person=person)
              .select_related("licence_class").first())
    if driver is None:
        return None
    trips = Trip.objects.visible_to(user).filter(driver=driver)
    return PersonSection(template="vehicles/_person_licence.html", context={
        "driver": driver, "trip_count": trips.count(),
        "last_trip": trips.order_by("-trip_date").values_list("trip_date", flat=True).first()})
