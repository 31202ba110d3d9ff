"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables)."""

import datetime as dt

from kythuat.targets.models import Target

OBJECT: dict = {
    "targets:target-detail": "target",
    "targets:target-edit": "target",
    "targets:target-allocate": "target",
    "targets:target-delete": "target",
    "target-detail": "target",
    "target-allocate": "target",
}
LIST: dict = {
    "targets:target-list": {"unit": True},
    "targets:target-export": {"unit": True},
    "target-list": None,
}
CREATE: dict = {
    "targets:target-create": (Target, lambda w: {
        "clause": w["target"].clause_id, "indicator_code": "holdings.on_hand",
        "unit": w["unit"].pk, "start": "01/01/2026", "deadline": "31/12/2026",
        "form": "absolute", "stated_value": "5", "stated_unit": "piece"}),
    "target-list": (Target, lambda w: {
        "clause": w["target"].clause_id, "indicator_code": "holdings.on_hand",
        "unit": w["unit"].pk, "start": "2026-01-01", "deadline": "2026-12-31",
        "form": "absolute", "stated_value": "5", "stated_unit": "piece"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    """A target of Lạng Sơn under Lạng Sơn's own programme."""
    from kythuat.targets import services

    from .factories import clause_for

    clause = clause_for(world["unit"], text="SECRET-A nhiệm vụ", title="SECRET-A chương trình")
    world["target"] = services.target_assign(
        actor=None, clause=clause, indicator_code="holdings.on_hand", unit=world["unit"],
        start=dt.date(2026, 1, 1), deadline=dt.date(2026, 12, 31), form="absolute",
        stated_value=7, stated_unit="piece", note="SECRET-A ghi chú")
