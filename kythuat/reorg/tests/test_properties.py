"""Over generated sequences of merges, splits and dissolutions: no item is lost or counted
twice. For the whole army the figures "as it was" and "as it is" are equal at every date, and
"as it is" the direct subordinates add up to that total, each equal to its own figure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kythuat.holdings.models import Item
from kythuat.indicators.periods import Period, Scope, View
from kythuat.indicators.registry import by_subordinates, compute
from kythuat.org.models import Unit, UnitKind
from kythuat.reorg import services
from kythuat.reorg.models import Change, Succession

pytestmark = pytest.mark.django_db
START = dt.date(2026, 2, 1)
STEP = dt.timedelta(days=20)

steps = st.lists(st.tuples(st.sampled_from(["merge", "split", "dissolve"]),
                           st.integers(0, 50), st.integers(0, 50), st.integers(0, 50)),
                 min_size=1, max_size=4)


def _build(org) -> None:
    kind = UnitKind.objects.get(code="bo-chqs-tinh")
    commune = UnitKind.objects.get(code="ban-chqs-xa")
    serial = 0
    for index in range(3):
        province = Unit.objects.create(code=f"P{index}", name=f"Tỉnh {index}", parent=org.hq,
                                       kind=kind)
        member = Unit.objects.create(code=f"P{index}-X", name=f"Xã {index}", parent=province,
                                     kind=commune)
        for unit, count in ((province, index + 1), (member, 2)):
            serials = [f"S{serial + n:04d}" for n in range(count)]
            serial += count
            org.rifles(unit, *serials, day=dt.date(2026, 1, 10))
        org.bulk(province, org.fuel, 100 * (index + 1), day=dt.date(2026, 1, 10))


def _alive(day: dt.date) -> list[Unit]:
    return list(Unit.objects.filter(depth__gte=1).active(day).order_by("path"))


def _apply(org, number: int, kind: str, a: int, b: int, c: int) -> None:
    day = START + number * STEP
    alive = _alive(day)
    source = alive[a % len(alive)]
    targets = [u for u in alive if not source.contains(u)]
    if not targets:
        return
    target = targets[b % len(targets)]
    other = targets[c % len(targets)]
    decision = services.decision_create(actor=None, issuer=org.hq, number=f"{number + 1}/QĐ",
                                        title="x", signed_on=day, effective_on=day)
    if kind == "split":
        change = services.change_add(actor=None, decision=decision, kind=Change.Kind.SPLIT,
                                     unit=source, successor=target)
        services.succession_add(actor=None, change=change, records=Succession.Records.HOLDINGS,
                                type=org.rifle, successor=other)
        services.succession_add(actor=None, change=change, records=Succession.Records.HOLDINGS,
                                successor=target)
        services.succession_add(actor=None, change=change,
                                records=Succession.Records.FACILITIES, successor=target)
        for child in source.children.active(day):
            services.change_add(actor=None, decision=decision, kind=Change.Kind.REPARENT,
                                unit=child, parent=target)
    else:
        services.change_add(actor=None, decision=decision,
                            kind=Change.Kind.MERGE if kind == "merge" else Change.Kind.DISSOLVE,
                            unit=source, successor=target)
    services.decision_apply(actor=None, decision=decision, today=day)


def _check(org, day: dt.date) -> None:
    period = Period(dt.date(2026, 1, 1), day)
    items = Item.objects.count()
    was = compute("holdings.on_hand", Scope(org.hq, View.AS_WAS), period).total
    now = compute("holdings.on_hand", Scope(org.hq, View.AS_IS), period).total
    assert was == now == items
    for view in View:
        rows, total = by_subordinates("holdings.on_hand", Scope(org.hq, view), period)
        assert total.total == items
        assert sum((row.value.total for row in rows), Decimal(0)) == items
        for row in rows:
            if not row.is_self:
                own = compute("holdings.on_hand", Scope(row.unit, view), period).total
                assert own == row.value.total, (view, row.unit.name, day)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=steps)
def test_as_it_was_equals_as_it_is_for_the_army(org, sequence):
    with transaction.atomic():
        _build(org)
        _check(org, START - dt.timedelta(days=1))
        for number, (kind, a, b, c) in enumerate(sequence):
            _apply(org, number, kind, a, b, c)
            day = START + number * STEP
            _check(org, day - dt.timedelta(days=1))
            _check(org, day)
        transaction.set_rollback(True)
