import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from kythuat.ammunition.models import TestConclusion, TestKind
from kythuat.holdings import services as holdings
from kythuat.holdings.models import Lot, Movement

DAY = dt.date(2026, 1, 10)


@dataclass
class Ammo:
    org: object
    lot: Lot  # 500 rounds held by Lạng Sơn, 100 of them issued on to the commune
    kind: TestKind
    passed: TestConclusion
    failed: TestConclusion

    def move(self, kind: str, *, from_unit, to_unit=None, quantity=10, actor="officer_a",
             lot=None, day=DAY, post=True) -> Movement:
        user = self.org.users[actor] if actor else None
        movement = holdings.movement_create(
            actor=user, kind=kind, from_unit=from_unit, to_unit=to_unit, effective_date=day,
            lines=[holdings.LineSpec(type=self.org.ammo, lot=lot or self.lot,
                                     quantity=Decimal(quantity), grade=1,
                                     usage_group=self.org.sscd)])
        return holdings.movement_post(actor=user, movement=movement) if post else movement


@pytest.fixture
def ammo(org) -> Ammo:
    org.bulk(org.province_a, org.ammo, 500, lot_number="L-01", day=dt.date(2025, 6, 1))
    lot = Lot.objects.get(lot_number="L-01")
    Lot.objects.filter(pk=lot.pk).update(expiry_date=dt.date(2030, 12, 31), manufacturer="Z113",
                                         manufactured_year=2010)
    lot.refresh_from_db()
    result = Ammo(org=org, lot=lot, kind=TestKind.objects.get(code="kiem-tra-dinh-ky"),
                  passed=TestConclusion.objects.get(code="dat"),
                  failed=TestConclusion.objects.get(code="khong-dat"))
    result.move("issue", from_unit=org.province_a, to_unit=org.commune_a, quantity=100,
                actor=None, day=dt.date(2025, 7, 1))
    return result
