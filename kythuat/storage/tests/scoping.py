"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict. The facility list, detail, create and
edit routes stay in the main table.
"""

import datetime as dt

from kythuat.storage import services
from kythuat.storage.models import (
    ConditionReading,
    Facility,
    FacilityKind,
    FundingSource,
    Inspection,
    Investment,
)

OBJECT: dict = {
    "storage:investment-create": "facility",
    "storage:inspection-create": "facility",
    "storage:reading-create": "facility",
    "storage:investment-edit": "storage_investment",
    "storage:investment-delete": "storage_investment",
    "storage:inspection-edit": "storage_inspection",
    "storage:inspection-close": "storage_inspection",
    "storage:reading-acknowledge": "storage_reading",
    "facility-investment-detail": "storage_investment",
    "facility-inspection-detail": "storage_inspection",
    "facility-inspection-close": "storage_inspection",
    "condition-reading-detail": "storage_reading",
    "condition-reading-acknowledge": "storage_reading",
}
LIST: dict = {
    "storage:facility-export": {"unit": True},
    "storage:investment-list": {"unit": True},
    "storage:investment-export": {"unit": True},
    "storage:investment-summary": {"unit": True, "year_from": "2019", "year_to": "2026"},
    "storage:investment-summary-export": {"unit": True, "year_from": "2019", "year_to": "2026"},
    "storage:inspection-list": {"unit": True},
    "storage:inspection-export": {"unit": True},
    "storage:reading-list": {"unit": True},
    "storage:reading-export": {"unit": True},
    "facility-investment-list": None,
    "facility-investment-summary": {"unit": True},
    "facility-inspection-list": None,
    "condition-reading-list": None,
    "facility-standard-list": None,
    "funding-source-list": None,
    "facility-standard-detail": "reference",
    "funding-source-detail": "reference",
}
CREATE: dict = {
    "facility-list": (Facility, lambda w: {
        "owner_unit": w["unit"].pk, "kind": FacilityKind.objects.first().pk, "code": "F-API",
        "name": "X"}),
    "facility-investment-list": (Investment, lambda w: {
        "facility": w["facility"].pk, "year": 2024, "description": "X", "cost_vnd": 1,
        "funding_source": FundingSource.objects.first().pk}),
    "facility-inspection-list": (Inspection, lambda w: {
        "facility": w["facility"].pk, "inspected_on": "2026-01-05", "inspector": "X"}),
    "condition-reading-list": (ConditionReading, lambda w: {
        "facility": w["facility"].pk, "taken_at": "2026-01-05T08:00:00+07:00",
        "temperature": 20}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    facility = world["facility"]
    day = dt.date(2026, 1, 10)
    world["storage_investment"] = services.investment_create(
        actor=None, facility=facility, year=2024, description="SECRET-A xây kho",
        cost_vnd=1_000_000_000, funding_source=FundingSource.objects.get(code="cap-tren-dau-tu"),
        decision_ref="SECRET-A QĐ")
    world["storage_inspection"] = services.inspection_create(
        actor=None, facility=facility, inspected_on=day, inspector="SECRET-A đoàn kiểm tra",
        findings="SECRET-A tồn tại", fix_deadline=day + dt.timedelta(days=5))
    world["storage_reading"] = services.reading_record(
        actor=None, facility=facility, temperature=20, humidity=99, note="SECRET-A ẩm",
        taken_at=dt.datetime(2026, 1, 10, 1, tzinfo=dt.UTC))
