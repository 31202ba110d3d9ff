"""Drivers become people (issue 11): each driver gets a required one-to-one person of the
people app, created from the driver's unit, name and rank, with an open assignment; the
driver keeps only the licence. No driver, vehicle assignment, trip or accident is touched
other than by the new column, so none is lost."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Min

from kythuat.core.text import fold

# The people reference data (people/0003) names soldiers with a technical duty "hsq-bs";
# get_or_create keeps this migration right if that list was edited before it runs.
CATEGORY = ("hsq-bs", "Hạ sĩ quan – binh sĩ có chức danh kỹ thuật")
POSITION = "Lái xe"


def _joined(driver, DriverAssignment, Trip) -> dt.date:
    """The first day the records show the driver in the unit: the first vehicle assignment or
    trip, or the day the driver was recorded."""
    days = [DriverAssignment.objects.filter(driver=driver).aggregate(d=Min("started_on"))["d"],
            Trip.objects.filter(driver=driver).aggregate(d=Min("trip_date"))["d"],
            driver.created_at.date() if driver.created_at else None]
    return min(d for d in days if d is not None) if any(days) else dt.date.today()


def drivers_to_people(apps, schema_editor):
    Driver = apps.get_model("vehicles", "Driver")
    DriverAssignment = apps.get_model("vehicles", "DriverAssignment")
    Trip = apps.get_model("vehicles", "Trip")
    Person = apps.get_model("people", "Person")
    Assignment = apps.get_model("people", "Assignment")
    Category = apps.get_model("people", "PersonCategory")
    category, _created = Category.objects.get_or_create(
        code=CATEGORY[0], defaults={"name": CATEGORY[1], "order": 50})
    for driver in Driver.objects.filter(person__isnull=True).order_by("pk").iterator():
        person = Person.objects.create(
            unit_id=driver.unit_id, full_name=driver.full_name, rank=driver.rank,
            category=category, position=POSITION, is_active=driver.is_active,
            search_text=fold(f"{driver.full_name} {driver.rank} {POSITION}"))
        Assignment.objects.create(person=person, unit_id=driver.unit_id, position=POSITION,
                                  started_on=_joined(driver, DriverAssignment, Trip))
        Driver.objects.filter(pk=driver.pk).update(person=person)
    if schema_editor.connection.vendor == "postgresql":
        # The rows just written must be checked now, or PostgreSQL refuses the ALTER TABLE
        # below ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def people_to_drivers(apps, schema_editor):
    """Back: the name and rank return to the driver; the people stay (they may have other
    records by now)."""
    Driver = apps.get_model("vehicles", "Driver")
    for driver in Driver.objects.select_related("person").iterator():
        Driver.objects.filter(pk=driver.pk).update(full_name=driver.person.full_name,
                                                   rank=driver.person.rank)


class Migration(migrations.Migration):
    dependencies = [
        ("vehicles", "0002_reference_data"),
        ("people", "0003_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="driver",
            name="person",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="driver", to="people.person",
                                       verbose_name="person"),
        ),
        migrations.RunPython(drivers_to_people, people_to_drivers),
        migrations.AlterField(
            model_name="driver",
            name="person",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT,
                                       related_name="driver", to="people.person",
                                       verbose_name="person"),
        ),
        migrations.AlterModelOptions(
            name="driver",
            options={"ordering": ["unit__path", "person__full_name"], "verbose_name": "driver",
                     "verbose_name_plural": "drivers"},
        ),
        migrations.RemoveField(model_name="driver", name="full_name"),
        migrations.RemoveField(model_name="driver", name="rank"),
    ]
