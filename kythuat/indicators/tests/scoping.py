"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds a figure entered by Lạng Sơn's clerk (outside the tester's subtree);
it has no evidence file, so that no test writes into MEDIA_ROOT (test_entered.py checks the
download of a file outside the subtree). The dashboard and indicator screens stay in the main
tables.
"""

import datetime as dt
from decimal import Decimal

from kythuat.indicators import services
from kythuat.indicators.models import EnteredIndicator, EnteredValue

OBJECT: dict = {
    "dashboard:entered-detail": "entered_value",
    "dashboard:entered-edit": "entered_value",
    "dashboard:entered-confirm": "entered_value",
    "dashboard:entered-return": "entered_value",
    "dashboard:entered-evidence": "entered_value",
    "entered-value-detail": "entered_value",
    "entered-value-confirm": "entered_value",
    "entered-value-return": "entered_value",
}
LIST: dict = {
    "dashboard:entered-list": {"unit": True},
    "dashboard:charts": {"unit": True},
    "entered-value-list": None,
    "entered-indicator-list": None,
    "entered-indicator-detail": "reference",
}
CREATE: dict = {
    "dashboard:entered-create": (EnteredValue, lambda w: {
        "indicator": EnteredIndicator.objects.get(code="hoi-thi").pk, "unit": w["unit"].pk,
        "period_start": "01/01/2025", "period_end": "31/12/2025", "value": "3"}),
    "entered-value-list": (EnteredValue, lambda w: {
        "indicator": EnteredIndicator.objects.get(code="hoi-thi").pk, "unit": w["unit"].pk,
        "period_start": "2025-01-01", "period_end": "2025-12-31", "value": "3"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    world["entered_value"] = services.entered_value_create(
        actor=world["user"], indicator=EnteredIndicator.objects.get(code="hoi-thi"),
        unit=world["unit"], period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
        value=Decimal(4), note="SECRET-A hội thi")
