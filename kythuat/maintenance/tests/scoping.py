"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

import datetime as dt
from decimal import Decimal

from kythuat.maintenance.models import (
    CalendarEntry,
    MaintenanceKind,
    MaintenancePlan,
    MeterKind,
    MeterReading,
    WorkOrder,
)

OBJECT: dict = {
    "maintenance:item-panel": "item", "maintenance:meter-reading-create": "item",
    "maintenance:meter-detail": "meter",
    "maintenance:work-order-detail": "work_order", "maintenance:work-order-close": "work_order",
    "maintenance:work-order-technicians": "work_order",
    "maintenance:work-order-word": "work_order", "work-order-technicians": "work_order",
    "maintenance:plan-edit": "plan",
    "maintenance:calendar-edit": "calendar_entry", "maintenance:calendar-delete": "calendar_entry",
    "maintenance-plan-detail": "plan", "calendar-entry-detail": "calendar_entry",
    "meter-detail": "meter", "meter-reading-detail": "meter_reading",
    "work-order-detail": "work_order", "work-order-close": "work_order",
}
LIST: dict = {
    "maintenance:due-list": {"unit": True}, "maintenance:due-export": {"unit": True},
    "maintenance:work-order-list": {"unit": True},
    "maintenance:work-order-export": {"unit": True},
    "maintenance:plan-list": {"q": "secret"}, "maintenance:plan-export": None,
    "maintenance:calendar": {"unit": True},
    "maintenance-kind-list": None, "maintenance-kind-detail": "reference",
    "repair-level-list": None, "repair-level-detail": "reference",
    "meter-kind-list": None, "meter-kind-detail": "reference",
    "maintenance-plan-list": None, "calendar-entry-list": None, "meter-list": None,
    "meter-reading-list": None, "work-order-list": None,
    "maintenance-due-list": {"unit": True},
}
CREATE: dict = {
    "maintenance:work-order-create": (WorkOrder, lambda w: {
        "unit": w["unit"].pk, "category": "maintenance",
        "maintenance_kind": MaintenanceKind.objects.first().pk, "facility": w["facility"].pk,
        "opened_on": "01/02/2026", "type": w["org"].rifle.pk, "serials": "SECRET-A-001"}),
    "maintenance:plan-create": (MaintenancePlan, lambda w: {
        "type": w["type"].pk, "kind": MaintenanceKind.objects.last().pk,
        "interval_months": "3", "is_active": "on"}),
    "maintenance:calendar-create": (CalendarEntry, lambda w: {
        "unit": w["unit"].pk, "name": "X", "frequency": "daily", "valid_from": "01/01/2026"}),
    "maintenance-plan-list": (MaintenancePlan, lambda w: {
        "type": w["type"].pk, "kind": MaintenanceKind.objects.last().pk, "interval_months": 3}),
    "calendar-entry-list": (CalendarEntry, lambda w: {
        "unit": w["unit"].pk, "name": "X", "frequency": "daily", "valid_from": "2026-01-01"}),
    "meter-reading-list": (MeterReading, lambda w: {
        "item": w["item"].pk, "kind": MeterKind.objects.first().pk, "read_on": "2026-02-01",
        "value": "10"}),
    "work-order-list": (WorkOrder, lambda w: {
        "unit": w["unit"].pk, "facility": w["facility"].pk, "category": "maintenance",
        "maintenance_kind": MaintenanceKind.objects.first().pk, "opened_on": "2026-02-01",
        "lines": [{"type": w["org"].rifle.pk, "item": w["item"].pk}]}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.maintenance import services

    item, unit = world["item"], world["unit"]
    kind = MaintenanceKind.objects.get(code="bd-cap-1")
    reading = services.meter_reading_record(
        actor=None, item=item, kind=MeterKind.objects.get(code="phat-ban"),
        read_on=dt.date(2026, 1, 20), value=Decimal(120), note="SECRET-A bắn đạn thật")
    order = services.work_order_open(
        actor=None, unit=unit, facility=world["facility"], category="maintenance",
        maintenance_kind=kind, opened_on=dt.date(2026, 1, 21), description="SECRET-A bảo dưỡng",
        lines=[services.WorkLine(type=item.type, item=item)])
    world["plan"] = services.plan_create(actor=None, type=world["type"], kind=kind,
                                         interval_months=1, note="SECRET-A định mức")
    services.plan_create(actor=None, type=item.type, kind=kind, interval_days=7)
    world["calendar_entry"] = services.calendar_entry_create(
        actor=None, unit=unit, name="SECRET-A ngày kỹ thuật", frequency="weekly", weekday=4)
    world.update({"meter": reading.meter, "meter_reading": reading, "work_order": order})
