"""Drivers become people (issue 11): the migration keeps every driver, assignment and trip and
gives each driver a person; the screens and the API read the name from the person."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from kythuat.people.models import Assignment, Person
from kythuat.people.sections import sections_for
from kythuat.vehicles import services
from kythuat.vehicles.models import Driver, Trip

BEFORE = [("vehicles", "0002_reference_data")]
AFTER = [("vehicles", "0003_driver_person")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_gives_every_driver_a_person_and_keeps_trips(org):
    old = _migrate(BEFORE)
    Unit = old.get_model("org", "Unit")
    Driver0 = old.get_model("vehicles", "Driver")
    Trip0 = old.get_model("vehicles", "Trip")
    Assignment0 = old.get_model("vehicles", "DriverAssignment")
    Item0 = old.get_model("holdings", "Item")
    Licence = old.get_model("vehicles", "LicenceClass")
    org.rifles(org.province_a, "XE-1")  # any item will do as the vehicle of the old rows
    item = Item0.objects.get(serial="XE-1")
    unit = Unit.objects.get(pk=org.province_a.pk)
    licence = Licence.objects.get(code="C")
    names = [("Nguyễn Văn Lái", "Thượng sĩ", True), ("Trần Văn Xe", "Trung sĩ", False)]
    drivers = [Driver0.objects.create(
        unit=unit, full_name=name, rank=rank, licence_number=f"QS-{i}", licence_class=licence,
        licence_issued_on=dt.date(2020, 1, 1), licence_expires_on=dt.date(2030, 1, 1),
        is_active=active) for i, (name, rank, active) in enumerate(names)]
    Assignment0.objects.create(item=item, driver=drivers[0], started_on=dt.date(2021, 3, 1))
    Trip0.objects.create(unit=unit, item=item, driver=drivers[0], order_number="L-1",
                         trip_date=dt.date(2021, 2, 1), route="A – B", km=Decimal(12),
                         fuel_litres=Decimal(3))
    people_before = Person.objects.count()

    _migrate(AFTER)

    assert Driver.objects.count() == 2
    assert Trip.objects.filter(driver_id=drivers[0].pk).count() == 1
    assert Person.objects.count() == people_before + 2
    migrated = {d.full_name: d for d in Driver.objects.select_related("person")}
    assert {(d.full_name, d.rank, d.person.is_active) for d in migrated.values()} == set(names)
    lai = migrated["Nguyễn Văn Lái"].person
    assert lai.unit == org.province_a
    assert lai.category.code == "hsq-bs"
    assignment = Assignment.objects.get(person=lai)
    # The first trip is the first day the records show the driver in the unit.
    assert (assignment.unit, assignment.started_on, assignment.ended_on) == (
        org.province_a, dt.date(2021, 2, 1), None)


@pytest.mark.django_db
def test_new_driver_with_a_name_becomes_a_person(org, fleet):
    driver = services.driver_create(
        actor=org.users["clerk_a"], unit=org.province_a, full_name="Đỗ Văn Mới",
        rank="Hạ sĩ", licence_number="qs-77", licence_class=fleet.class_c,
        licence_issued_on=dt.date(2024, 1, 1), licence_expires_on=dt.date(2034, 1, 1))
    assert (driver.person.full_name, driver.person.unit, driver.person.rank) == (
        "Đỗ Văn Mới", org.province_a, "Hạ sĩ")
    assert driver.person.assignments.filter(ended_on__isnull=True).count() == 1


@pytest.mark.django_db
def test_driver_form_picks_a_person_of_the_unit(client, org, fleet):
    person = fleet.driver_a.person
    other = services.driver_create(actor=None, unit=org.province_a, full_name="Tạm",
                                   licence_number="T-1", licence_class=fleet.class_c,
                                   licence_issued_on=dt.date(2024, 1, 1),
                                   licence_expires_on=dt.date(2034, 1, 1))
    free = other.person
    other.delete()  # the person stays, without a licence
    client.force_login(org.users["clerk_a"])
    response = client.post(reverse("vehicles:driver-create"), {
        "unit": org.province_a.pk, "person": free.pk, "licence_number": "Q-5",
        "licence_class": fleet.class_c.pk, "licence_issued_on": "01/01/2024",
        "licence_expires_on": "01/01/2034"})
    assert response.status_code == 302
    assert Driver.objects.get(licence_number="Q-5").person == free
    # A person who already drives is not offered, and a second licence is refused.
    count = Driver.objects.count()
    response = client.post(reverse("vehicles:driver-create"), {
        "unit": org.province_a.pk, "person": person.pk, "licence_number": "Q-6",
        "licence_class": fleet.class_c.pk, "licence_issued_on": "01/01/2024",
        "licence_expires_on": "01/01/2034"})
    assert response.status_code == 200
    assert Driver.objects.count() == count


@pytest.mark.django_db
def test_driver_screens_and_export_show_the_persons_name(client, org, fleet):
    client.force_login(org.users["officer_a"])
    listing = client.get(reverse("vehicles:driver-list"), {"q": "nguyen van an"})
    assert "Nguyễn Văn An" in listing.content.decode()
    page = client.get(fleet.driver_a.get_absolute_url())
    assert page.status_code == 200
    assert fleet.driver_a.person.get_absolute_url() in \
        page.content.decode()
    assert client.get(reverse("vehicles:driver-export")).status_code == 200


@pytest.mark.django_db
def test_person_page_section_shows_the_licence_and_trips(org, fleet):
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-9", dt.date(2026, 1, 5), 40, 16)
    sections = {str(t): s for t, s in sections_for(fleet.driver_a.person,
                                                         org.users["officer_a"])}
    section = next(s for s in sections.values() if "driver" in s.context)
    assert section.context["driver"] == fleet.driver_a
    assert section.context["trip_count"] == 1
    assert not any("driver" in s.context for _t, s in sections_for(
        fleet.driver_a.person, org.users["officer_b"]))
