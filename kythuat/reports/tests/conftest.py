"""Books of Lạng Sơn (province_a with commune_a) and Cao Bằng (province_b) in 2025 and 2026.

The figures the tests expect are worked out by hand from these documents (see each test).
"""

import datetime as dt
from decimal import Decimal

import pytest

from kythuat.holdings import services
from kythuat.holdings.models import Item
from kythuat.holdings.services import LineSpec

D = dt.date


def post(**header):
    lines = header.pop("lines")
    movement = services.movement_create(actor=None, lines=lines, **header)
    return services.movement_post(actor=None, movement=movement)


@pytest.fixture
def books(org):
    def fuel(quantity):
        return LineSpec(type=org.fuel, quantity=Decimal(quantity), grade=1, usage_group=org.sscd)

    # Before 2026: the opening of 2026.
    org.bulk(org.province_a, org.fuel, 1000, day=D(2025, 6, 1))
    org.rifles(org.province_a, "R1", "R2", "R3", day=D(2025, 6, 1))
    org.bulk(org.province_b, org.fuel, 100, day=D(2025, 6, 1))
    # The first quarter of 2026.
    post(
        kind="receipt",
        source="factory",
        to_unit=org.commune_a,
        effective_date=D(2026, 1, 15),
        lines=[fuel(200)],
    )
    org.rifles(org.province_a, "R4", "R5", day=D(2026, 1, 10))
    post(
        kind="issue",
        from_unit=org.province_a,
        to_unit=org.commune_a,
        effective_date=D(2026, 2, 1),
        lines=[LineSpec(type=org.rifle, item=Item.objects.get(serial="R1"))],
    )
    post(
        kind="transfer",
        from_unit=org.province_a,
        to_unit=org.province_b,
        effective_date=D(2026, 2, 5),
        lines=[fuel(50)],
    )
    post(
        kind="transfer",
        from_unit=org.province_b,
        to_unit=org.commune_a,
        effective_date=D(2026, 2, 6),
        lines=[fuel(30)],
    )
    post(
        kind="consumption", from_unit=org.commune_a, effective_date=D(2026, 3, 1), lines=[fuel(20)]
    )
    post(
        kind="grade_change",
        from_unit=org.province_a,
        to_unit=org.province_a,
        effective_date=D(2026, 3, 2),
        lines=[LineSpec(type=org.rifle, item=Item.objects.get(serial="R2"), grade_to=3)],
    )
    # The second quarter: outside Q1, inside the year.
    org.bulk(org.province_a, org.fuel, 999, day=D(2026, 4, 10))
    return org
