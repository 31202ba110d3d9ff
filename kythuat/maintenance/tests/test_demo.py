from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kythuat.holdings.models import Movement
from kythuat.maintenance.models import CalendarEntry, MaintenancePlan, MeterReading, WorkOrder
from kythuat.maintenance.selectors import DueState, due_list
from kythuat.org.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_has_plans_meters_work_orders_and_overdue_items(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("maintenance",))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    assert "Bảo dưỡng, sửa chữa: " in out.getvalue() + err.getvalue()
    assert CalendarEntry.objects.count() >= 3
    assert MaintenancePlan.objects.count() > 3
    assert MeterReading.objects.count() > 20
    division = Unit.objects.get(code="SD346")
    station_orders = WorkOrder.objects.filter(facility__owner_unit__code="SD346-TSC",
                                              category="repair")
    assert station_orders.filter(status="open").count() == 1
    closed = station_orders.filter(status="closed")
    assert closed.filter(lines__grade_change__isnull=False).exists()
    assert closed.filter(consumption__isnull=False).exists()
    assert Movement.objects.filter(kind="consumption", reason__contains="PCV").exists()
    today = timezone.localdate()
    region = Unit.objects.get(code="QK1")
    overdue = list(due_list(region, today, state=DueState.OVERDUE))
    assert overdue
    # A handful, late by weeks or months: the history records the maintenance that was done.
    assert len(overdue) <= 20
    assert all(row.last_done_on is not None for row in overdue)
    assert max(row.days_late or 0 for row in overdue) < 365
    assert any(row.due_by_meter for row in due_list(division, today))
    maintained = WorkOrder.objects.filter(category="maintenance", status="closed").count()
    assert maintained > 5
