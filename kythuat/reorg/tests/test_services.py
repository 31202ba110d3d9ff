import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kythuat.holdings import services as holdings
from kythuat.holdings.models import Balance, Item, Movement, PeriodClose
from kythuat.holdings.services import LineSpec, period_close
from kythuat.indicators.periods import Period, Scope, View
from kythuat.indicators.registry import by_subordinates, compute, records
from kythuat.org.models import Lineage, Unit, UnitKind, UnitMove, UnitName, User
from kythuat.people.models import Person, PersonCategory
from kythuat.reorg import services
from kythuat.reorg.models import Change, Reorganisation, Succession
from kythuat.reorg.services import apply as apply_module
from kythuat.storage.models import Facility

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 7, 1)
TODAY = dt.date(2026, 12, 1)


def decision(org, actor=None, day=DAY, **extra) -> Reorganisation:
    return services.decision_create(actor=actor, issuer=org.hq, number="15/QĐ-BTL",
                                    title="Sáp nhập Bộ CHQS tỉnh", signed_on=day - dt.timedelta(
                                        days=20), effective_on=day, **extra)


def stocked(org):
    org.rifles(org.province_a, "AK-001", "AK-002", day=dt.date(2026, 1, 5))
    org.bulk(org.province_a, org.fuel, 500, day=dt.date(2026, 1, 6))
    org.bulk(org.province_b, org.fuel, 100, day=dt.date(2026, 1, 6))
    org.rifles(org.province_b, "AK-B01", day=dt.date(2026, 1, 7))


def on_hand(unit) -> dict:
    return {(b.type_id, b.grade): b.quantity
            for b in Balance.objects.filter(unit=unit, quantity__gt=0)}


def test_merge_hands_over_holdings_facilities_people_and_users(org):
    # The depot keeps the rifles: they stay in it while it changes hands.
    holdings.movement_record(actor=None, kind="receipt", source="higher_level",
                             to_unit=org.province_a, to_facility=org.depot_a,
                             effective_date=dt.date(2026, 1, 5),
                             lines=[LineSpec(type=org.rifle, serial=s, grade=1,
                                             usage_group=org.sscd) for s in ("AK-1", "AK-2")])
    org.bulk(org.province_a, org.fuel, 500, day=dt.date(2026, 1, 6))
    person = Person.objects.create(unit=org.province_a, full_name="Lê Văn Tám",
                                   category=PersonCategory.objects.first())
    officer = org.users["officer_hq"]
    reorg = decision(org, officer)
    services.change_add(actor=officer, decision=reorg, kind=Change.Kind.MERGE,
                        unit=org.province_a, successor=org.province_b)
    before_total = compute("holdings.on_hand", org.hq, Period.year(2026)).total
    services.decision_apply(actor=officer, decision=reorg, today=TODAY)

    reorg.refresh_from_db()
    assert reorg.status == Reorganisation.Status.APPLIED
    org.province_a.refresh_from_db()
    assert org.province_a.valid_to == DAY - dt.timedelta(days=1)
    assert on_hand(org.province_a) == {}
    assert Item.objects.filter(unit=org.province_b, facility=org.depot_a).count() == 2
    assert Facility.objects.get(pk=org.depot_a.pk).owner_unit == org.province_b
    handovers = Movement.objects.filter(from_unit=org.province_a, to_unit=org.province_b,
                                        effective_date=DAY, status=Movement.Status.POSTED)
    assert handovers.count() == 2  # the rifles of the depot, the fuel held outside it
    assert all(m.decision_ref.startswith("15/QĐ-BTL") for m in handovers)
    person.refresh_from_db()
    assert person.unit == org.province_b
    assert person.assignments.get(ended_on__isnull=True).started_on == DAY
    # Users go to the successor and see its subtree at once.
    assert User.objects.get(username="officer_a").unit == org.province_b
    # The commune goes on under the successor.
    assert Unit.objects.get(pk=org.commune_a.pk).parent == org.province_b
    assert Lineage.objects.get(predecessor=org.province_a).successor == org.province_b
    assert compute("holdings.on_hand", org.hq, Period.year(2026)).total == before_total


def test_as_it_was_and_as_it_is(org):
    stocked(org)
    org.rifles(org.commune_a, "AK-X01", day=dt.date(2026, 1, 8))
    reorg = decision(org)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    services.decision_apply(actor=None, decision=reorg, today=TODAY)
    before = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    was = compute("holdings.on_hand", Scope(org.province_b, View.AS_WAS), before).total
    now = compute("holdings.on_hand", Scope(org.province_b, View.AS_IS), before).total
    assert was == 1  # the successor's own rifle before the merger
    assert now == 1 + 2 + 1  # with the history of the province merged into it and its commune
    # "As it was", the dissolved province keeps its commune, which has gone on under the
    # successor since.
    assert compute("holdings.on_hand", Scope(org.province_a, View.AS_WAS), before).total == 3
    assert Unit.objects.get(pk=org.commune_a.pk).parent == org.province_b
    rows = records("holdings.on_hand", Scope(org.province_b, View.AS_IS), before)
    assert sum(row.quantity for row in rows) == now
    # "As it was", the quarter lists the dissolved province; "as it is", only its successor.
    listed_was, _total = by_subordinates("holdings.on_hand", Scope(org.hq, View.AS_WAS), before)
    listed_now, total = by_subordinates("holdings.on_hand", Scope(org.hq, View.AS_IS), before)
    assert org.province_a.pk in {row.unit.pk for row in listed_was}
    assert org.province_a.pk not in {row.unit.pk for row in listed_now}
    by_unit = {row.unit.pk: row.value.total for row in listed_now}
    assert by_unit[org.province_b.pk] == now
    by_unit = {row.unit.pk: row.value.total for row in listed_was}
    assert (by_unit[org.province_a.pk], by_unit[org.province_b.pk]) == (3, 1)
    assert total.total == compute("holdings.on_hand", org.hq, before).total


def test_conservation_failure_applies_nothing(org, monkeypatch):
    stocked(org)
    reorg = decision(org)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    # A fault that leaves the fuel behind in the closing unit.
    original = apply_module._handover

    def drop_fuel(actor, decision, source, target, facility_id, lines, moved):
        lines = [line for line in lines if line.type != org.fuel]
        if lines:
            original(actor, decision, source, target, facility_id, lines, moved)

    monkeypatch.setattr(apply_module, "_handover", drop_fuel)
    movements = Movement.objects.count()
    with pytest.raises(ValidationError) as error:
        services.decision_apply(actor=None, decision=reorg, today=TODAY)
    assert error.value.code == "not_conserved"
    assert org.fuel.name in error.value.messages[0]
    assert Movement.objects.count() == movements
    assert Unit.objects.get(pk=org.province_a.pk).valid_to is None
    assert Reorganisation.objects.get(pk=reorg.pk).status == Reorganisation.Status.DRAFT
    assert not Lineage.objects.exists()


def test_split_needs_a_successor_for_every_kind_of_record(org):
    stocked(org)
    kind = UnitKind.objects.get(code="bo-chqs-tinh")
    reorg = decision(org)
    new = services.change_add(actor=None, decision=reorg, kind=Change.Kind.CREATE,
                              code="HL", name="Bộ CHQS tỉnh Hữu Lũng", unit_kind=kind,
                              parent=org.hq)
    split = services.change_add(actor=None, decision=reorg, kind=Change.Kind.SPLIT,
                                unit=org.province_a, successor=org.province_b)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.REPARENT,
                        unit=org.commune_a, parent=org.province_b)
    services.succession_add(actor=None, change=split, records=Succession.Records.HOLDINGS,
                            type=org.rifle, successor_change=new)
    with pytest.raises(ValidationError) as error:
        services.plan(reorg)
    assert error.value.code == "no_successor"
    services.succession_add(actor=None, change=split, records=Succession.Records.HOLDINGS,
                            successor=org.province_b)
    services.succession_add(actor=None, change=split, records=Succession.Records.FACILITIES,
                            successor_change=new)
    services.decision_apply(actor=None, decision=reorg, today=TODAY)
    created = Unit.objects.get(code="HL")
    assert created.valid_from == DAY
    assert Item.objects.filter(unit=created).count() == 2
    assert Balance.objects.get(unit=org.province_b, type=org.fuel).quantity == 600
    assert Facility.objects.get(pk=org.depot_a.pk).owner_unit == created
    heirs = dict(Lineage.objects.values_list("successor__code", "is_heir"))
    assert heirs == {"CB": True, "HL": False}


def test_rename_keeps_the_old_name(org):
    reorg = decision(org)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.RENAME,
                        unit=org.province_b, name="Bộ CHQS tỉnh Cao Bằng mới")
    services.decision_apply(actor=None, decision=reorg, today=TODAY)
    unit = Unit.objects.get(pk=org.province_b.pk)
    assert unit.name == "Bộ CHQS tỉnh Cao Bằng mới"
    assert unit.name_on(dt.date(2020, 1, 1)) == "Bộ CHQS tỉnh Cao Bằng"
    assert UnitName.objects.get(unit=unit).valid_to == DAY - dt.timedelta(days=1)


def test_users_disabled_when_the_decision_says_so(org):
    reorg = decision(org, users=Reorganisation.Users.DISABLE)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    services.decision_apply(actor=None, decision=reorg, today=TODAY)
    user = User.objects.get(username="officer_a")
    assert not user.is_active
    assert user.unit == org.province_a


def test_effective_date_inside_closed_period_is_refused(org):
    stocked(org)
    period_close(actor=None, unit=org.hq, kind="quarter", year=2026, quarter=1)
    closes = list(PeriodClose.objects.values_list("pk", "period_end"))
    reorg = decision(org, day=dt.date(2026, 3, 1))
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    with pytest.raises(ValidationError) as error:
        services.decision_apply(actor=None, decision=reorg, today=TODAY)
    assert error.value.code == "period_closed"
    assert list(PeriodClose.objects.values_list("pk", "period_end")) == closes
    assert Unit.objects.get(pk=org.province_a.pk).valid_to is None


def test_unit_dissolved_twice_is_refused(org):
    first = decision(org)
    services.change_add(actor=None, decision=first, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    services.decision_apply(actor=None, decision=first, today=TODAY)
    second = services.decision_create(actor=None, issuer=org.hq, number="16/QĐ-BTL",
                                      title="x", signed_on=DAY, effective_on=dt.date(2026, 8, 1))
    services.change_add(actor=None, decision=second, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    with pytest.raises(ValidationError) as error:
        services.decision_apply(actor=None, decision=second, today=TODAY)
    assert error.value.code == "dissolved_twice"


def test_reparenting_cycle_is_refused(org):
    reorg = decision(org)
    with pytest.raises(ValidationError) as error:
        services.change_add(actor=None, decision=reorg, kind=Change.Kind.REPARENT,
                            unit=org.province_a, parent=org.commune_a)
    assert "parent" in error.value.message_dict
    assert not reorg.changes.exists()
    # Two changes that together make a cycle are refused when planned.
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.REPARENT,
                        unit=org.province_b, parent=org.commune_a)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.REPARENT,
                        unit=org.province_a, parent=org.province_b)
    with pytest.raises(ValidationError) as error:
        services.plan(reorg)
    assert error.value.code == "cycle"


def test_successor_outside_the_officers_subtree_is_refused(org):
    officer = org.users["officer_a"]
    reorg = services.decision_create(actor=officer, issuer=org.province_a, number="3/QĐ",
                                     title="x", signed_on=DAY, effective_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.change_add(actor=officer, decision=reorg, kind=Change.Kind.DISSOLVE,
                            unit=org.commune_a, successor=org.province_b)
    assert "successor" in error.value.message_dict
    assert not reorg.changes.exists()


def test_user_left_without_a_unit_is_refused(org):
    reorg = decision(org)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_b, successor=org.hq)
    with pytest.raises(ValidationError) as error:
        services.plan(reorg)
    assert error.value.code == "users_without_unit"


def test_announced_decision_applied_by_the_scheduled_run(org):
    stocked(org)
    reorg = decision(org)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    services.decision_announce(actor=None, decision=reorg)
    applied, refused = services.apply_due(today=DAY - dt.timedelta(days=1))
    assert applied == []
    assert refused == []
    applied, refused = services.apply_due(today=DAY)
    assert [d.pk for d in applied] == [reorg.pk]
    assert Balance.objects.get(unit=org.province_b, type=org.fuel).quantity == Decimal(600)


def test_a_reparenting_and_a_merges_subordinates_keep_their_former_parent_once(org):
    """org.unit_move records the former parent (with the decision and its date); the apply
    does not write a second row."""
    reorg = decision(org)
    services.change_add(actor=None, decision=reorg, kind=Change.Kind.MERGE,
                        unit=org.province_a, successor=org.province_b)
    services.decision_apply(actor=None, decision=reorg, today=TODAY)
    (move,) = UnitMove.objects.all()
    assert (move.unit, move.old_parent, move.new_parent, move.on, move.decision) == (
        org.commune_a, org.province_a, org.province_b, DAY, "15/QĐ-BTL")
