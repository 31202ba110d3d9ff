import datetime as dt

import pytest

from kythuat.stocktake import services
from kythuat.stocktake.models import CommitteeMember, CountLine, Stocktake

AS_OF = dt.date(2026, 2, 1)


@pytest.fixture
def stock(org):
    """Lạng Sơn's books before the stocktake: three rifles (two in depot K19 are not: all
    at the unit), 500 rounds of one lot, 200 litres of fuel at the commune."""
    org.rifles(org.province_a, "AK-001", "AK-002", "AK-003", grade=2)
    org.bulk(org.province_a, org.ammo, 500, grade=1, lot_number="L-2020")
    org.bulk(org.commune_a, org.fuel, 200, grade=2)
    return org


def make_stocktake(org, *, unit=None, as_of=AS_OF, blind=False, start=True,
                   actor=None) -> Stocktake:
    stocktake = services.stocktake_create(
        actor=actor, unit=unit or org.province_a, as_of=as_of, kind="ad_hoc",
        decision_ref="QĐ 12/QĐ-BCH", is_blind=blind)
    services.member_add(actor=actor, stocktake=stocktake, name="Nguyễn Văn An",
                        position="Thượng tá, Phó Chỉ huy trưởng",
                        role=CommitteeMember.Role.CHAIR)
    services.member_add(actor=actor, stocktake=stocktake, name="Lê Thị Bình",
                        position="Thiếu tá, Trợ lý kỹ thuật",
                        role=CommitteeMember.Role.SECRETARY)
    if start:
        services.stocktake_start(actor=actor, stocktake=stocktake)
    return stocktake


def line_of(stocktake: Stocktake, **lookup) -> CountLine:
    return CountLine.objects.get(sheet__stocktake=stocktake, **lookup)


@pytest.fixture
def counting(stock):
    return make_stocktake(stock)
