"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

import datetime as dt
from decimal import Decimal

from kythuat.ammunition import services
from kythuat.ammunition.models import (
    DisposalBatch,
    LotIsolation,
    LotTest,
    ShelfLifeExtension,
    TestConclusion,
    TestKind,
)
from kythuat.holdings.models import Lot

UNIT_ALL = {"unit": True, "window": "all"}

OBJECT: dict = {
    "ammunition:lot-detail": "ammo_lot", "ammunition:lot-panel": "ammo_lot",
    "ammunition:test-create": "ammo_lot", "ammunition:lot-isolate": "ammo_lot",
    "ammunition:lot-extend": "ammo_lot", "ammunition:isolation-release": "ammo_isolation",
    "ammunition:batch-detail": "ammo_batch", "ammunition:batch-approve": "ammo_batch",
    "ammunition:batch-delete": "ammo_batch", "ammunition:batch-line-add": "ammo_batch",
    "ammunition:batch-write-off": "ammo_batch", "ammunition:batch-link": "ammo_batch",
    "ammunition:batch-line-remove": "ammo_batch_line",
    "ammo-lot-detail": "ammo_lot", "lot-test-detail": "ammo_test",
    "lot-isolation-detail": "ammo_isolation", "lot-isolation-release": "ammo_isolation",
    "shelf-life-extension-detail": "ammo_extension",
    "disposal-batch-detail": "ammo_batch", "disposal-batch-approve": "ammo_batch",
    "disposal-batch-write-off": "ammo_batch",
}
LIST: dict = {
    "ammunition:lot-list": {"unit": True}, "ammunition:lot-export": {"unit": True},
    "ammunition:expiry-list": UNIT_ALL, "ammunition:expiry-export": UNIT_ALL,
    "ammunition:retest-list": UNIT_ALL, "ammunition:retest-export": UNIT_ALL,
    "ammunition:test-list": {"unit": True}, "ammunition:test-export": {"unit": True},
    "ammunition:batch-list": {"unit": True}, "ammunition:batch-export": {"unit": True},
    "ammo-lot-list": {"unit": True}, "ammo-lot-expiring": UNIT_ALL,
    "ammo-lot-retests-due": UNIT_ALL,
    "lot-test-list": None, "lot-isolation-list": None, "shelf-life-extension-list": None,
    "disposal-batch-list": None,
}
CREATE: dict = {
    "ammunition:batch-create": (DisposalBatch, lambda w: {
        "unit": w["unit"].pk, "title": "X", "decided_on": "01/02/2026"}),
    "lot-test-list": (LotTest, lambda w: {
        "lot": w["ammo_lot"].pk, "unit": w["unit"].pk, "tested_on": "2026-01-12",
        "kind": TestKind.objects.first().pk, "conclusion": TestConclusion.objects.first().pk}),
    "lot-isolation-list": (LotIsolation, lambda w: {
        "lot": w["lot"].pk, "unit": w["unit"].pk, "decision_ref": "X", "reason": "X",
        "isolated_on": "2026-01-12"}),
    "shelf-life-extension-list": (ShelfLifeExtension, lambda w: {
        "lot": w["ammo_lot"].pk, "unit": w["unit"].pk, "decision_ref": "X",
        "decided_on": "2026-01-12", "new_expiry": "2040-01-01"}),
    "disposal-batch-list": (DisposalBatch, lambda w: {
        "unit": w["unit"].pk, "title": "X", "decided_on": "2026-01-12",
        "lines": [{"lot": w["ammo_lot"].pk, "quantity": "1"}]}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    org, unit = world["org"], world["unit"]
    day = dt.date(2026, 1, 10)
    org.bulk(unit, org.ammo, 80, lot_number="SECRET-A-AMMO", day=day)
    lot = Lot.objects.get(lot_number="SECRET-A-AMMO")
    world["ammo_lot"] = lot
    world["ammo_test"] = services.lot_test_record(
        actor=None, lot=lot, unit=unit, tested_on=day, kind=TestKind.objects.first(),
        conclusion=TestConclusion.objects.get(code="khong-dat"), samples_taken=10,
        samples_failed=4, results="SECRET-A kết quả", performed_by="SECRET-A trạm")
    world["ammo_extension"] = services.shelf_life_extend(
        actor=None, lot=lot, unit=unit, decision_ref="SECRET-A QĐ gia hạn", decided_on=day,
        new_expiry=dt.date(2040, 12, 31))
    world["ammo_isolation"] = services.lot_isolate(
        actor=None, lot=lot, unit=unit, decision_ref="SECRET-A QĐ cách ly",
        reason="SECRET-A lý do", isolated_on=day)
    batch = services.disposal_batch_create(
        actor=None, unit=unit, title="SECRET-A hủy đạn", decided_on=day,
        decision_ref="SECRET-A QĐ hủy", lines=[(lot, Decimal(20))])
    world["ammo_batch"] = batch
    world["ammo_batch_line"] = batch.lines.get()
