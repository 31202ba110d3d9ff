"""The demo seeds plans, courses with trainees, two contests with prizes, and names the
technicians of repair work orders, through the services."""

from io import StringIO

import pytest
from django.core.management import call_command

from kythuat.maintenance.models import WorkOrder
from kythuat.training.models import Contest, ContestEntry, Course, Trainee, TrainingPlan

pytestmark = pytest.mark.django_db


def test_demo_trains_the_people_seeded_before(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS",
                        ("maintenance", "vehicles", "people", "training"))
    call_command("seed_demo", "--small", "--force", stdout=StringIO(), stderr=StringIO())
    assert TrainingPlan.objects.exists()
    assert Trainee.objects.exists()
    # Every trainee serves in the course unit's subtree (the service's rule held).
    for trainee in Trainee.objects.select_related("course__unit", "person__unit")[:200]:
        assert trainee.person.unit.path.startswith(trainee.course.unit.path)
    assert set(Contest.objects.values_list("level__code", flat=True)) == {
        "quan-khu", "su-doan-tinh"}
    assert ContestEntry.objects.filter(prize__code="nhat").count() >= 2
    assert Course.objects.filter(ends_on__gte=Contest.objects.earliest("held_on").held_on)
    assert WorkOrder.objects.filter(technicians__isnull=False).exists()
