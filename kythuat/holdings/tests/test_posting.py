import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.holdings import services
from kythuat.holdings.models import Balance, Item, LedgerEntry, Movement
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 1)


def on_hand(unit, etype, **filters) -> Decimal:
    return sum((b.quantity for b in Balance.objects.filter(unit=unit, type=etype, **filters)),
               Decimal(0))


def assert_ledger_matches_balances():
    for balance in Balance.objects.all():
        total = sum((e.quantity for e in LedgerEntry.objects.filter(
            unit=balance.unit_id, facility=balance.facility_id, type=balance.type_id,
            lot=balance.lot_id, grade=balance.grade, usage_group=balance.usage_group_id)),
            Decimal(0))
        assert total == balance.quantity, balance.key


def transfer(org, actor, items, *, to=None, day=DAY, kind="transfer"):
    return services.movement_create(
        actor=actor, kind=kind, from_unit=org.province_a, to_unit=to or org.province_b,
        effective_date=day, lines=[LineSpec(type=org.rifle, item=item) for item in items])


def test_receipt_registers_items_and_raises_balance(org):
    movement = org.rifles(org.province_a, "AK-001", "AK-002")
    assert movement.status == Movement.Status.POSTED
    assert movement.number.endswith("/PN-2026")
    assert on_hand(org.province_a, org.rifle) == 2
    assert Item.objects.filter(unit=org.province_a, status="in_service").count() == 2
    assert_ledger_matches_balances()


def test_transfer_moves_item_and_both_balances(org):
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    officer = org.users["officer_hq"]
    movement = transfer(org, officer, [item])
    services.movement_post(actor=officer, movement=movement)
    item.refresh_from_db()
    assert item.unit == org.province_b
    assert on_hand(org.province_a, org.rifle) == 0
    assert on_hand(org.province_b, org.rifle) == 1
    assert AuditEvent.objects.filter(action="posted", target_id=str(movement.pk)).exists()
    assert_ledger_matches_balances()


def test_issue_below_zero_is_refused_and_changes_nothing(org):
    org.bulk(org.province_a, org.fuel, 100)
    officer = org.users["officer_a"]
    movement = services.movement_create(
        actor=officer, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=DAY, lines=[LineSpec(type=org.fuel, quantity=Decimal(150), grade=1,
                                            usage_group=org.sscd)])
    with pytest.raises(ValidationError) as error:
        services.movement_post(actor=officer, movement=movement)
    assert "100 lít" in str(error.value)
    assert "150 lít" in str(error.value)
    movement.refresh_from_db()
    assert movement.status == Movement.Status.DRAFT
    assert on_hand(org.province_a, org.fuel) == 100
    assert not LedgerEntry.objects.filter(movement=movement).exists()


def test_item_moved_twice_is_refused(org):
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    officer = org.users["officer_hq"]
    first, second = transfer(org, officer, [item]), transfer(org, officer, [item])
    services.movement_post(actor=officer, movement=first)
    with pytest.raises(ValidationError, match="không do"):
        services.movement_post(actor=officer, movement=second)


def test_same_item_twice_in_one_document_is_refused(org):
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    with pytest.raises(ValidationError, match="hai lần"):
        transfer(org, org.users["officer_hq"], [item, item])


def test_posting_twice_is_refused(org):
    movement = org.rifles(org.province_a, "AK-001")
    with pytest.raises(ValidationError, match="đã ghi sổ nên không thể sửa"):
        services.movement_post(actor=None, movement=movement)


def test_serial_already_registered_is_refused(org):
    org.rifles(org.province_a, "AK-001")
    with pytest.raises(ValidationError, match="đã được đăng ký"):
        org.rifles(org.province_b, "ak-001")


def test_serial_type_as_bare_quantity_is_refused(org):
    with pytest.raises(ValidationError, match="quản lý theo số hiệu"):
        services.movement_create(
            actor=None, kind="receipt", source="factory", to_unit=org.province_a,
            effective_date=DAY, lines=[LineSpec(type=org.rifle, quantity=Decimal(5), grade=1,
                                                usage_group=org.sscd)])


@pytest.mark.parametrize("quantity", [Decimal(0), Decimal(-3)])
def test_zero_or_negative_quantity_is_refused(org, quantity):
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        org.bulk(org.province_a, org.fuel, quantity)


def test_document_without_lines_is_refused(org):
    with pytest.raises(ValidationError, match="chưa có dòng nào"):
        services.movement_create(actor=None, kind="receipt", source="factory",
                                 to_unit=org.province_a, effective_date=DAY, lines=[])


def test_out_of_scope_unit_is_denied(org):
    with pytest.raises(PermissionDenied):
        services.movement_create(
            actor=org.users["clerk_a"], kind="receipt", source="factory",
            to_unit=org.province_b, effective_date=DAY,
            lines=[LineSpec(type=org.fuel, quantity=Decimal(1), grade=1, usage_group=org.sscd)])


def test_clerk_drafts_but_cannot_post(org):
    clerk = org.users["clerk_a"]
    movement = services.movement_create(
        actor=clerk, kind="receipt", source="factory", to_unit=org.province_a,
        effective_date=DAY,
        lines=[LineSpec(type=org.fuel, quantity=Decimal(5), grade=1, usage_group=org.sscd)])
    with pytest.raises(PermissionDenied):
        services.movement_post(actor=clerk, movement=movement)
    services.movement_post(actor=org.users["officer_a"], movement=movement)
    assert on_hand(org.province_a, org.fuel) == 5


def test_reversing_a_draft_is_refused(org):
    movement = services.movement_create(
        actor=None, kind="receipt", source="factory", to_unit=org.province_a,
        effective_date=DAY,
        lines=[LineSpec(type=org.fuel, quantity=Decimal(5), grade=1, usage_group=org.sscd)])
    with pytest.raises(ValidationError, match="Chỉ hủy ghi sổ được chứng từ đã ghi sổ"):
        services.movement_reverse(actor=None, movement=movement)


def test_reversal_restores_balances_and_items(org):
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    officer = org.users["officer_hq"]
    movement = services.movement_post(actor=officer, movement=transfer(org, officer, [item]))
    reversal = services.movement_reverse(actor=officer, movement=movement, effective_date=DAY,
                                         reason="Nhập nhầm")
    item.refresh_from_db()
    assert reversal.reverses == movement
    assert reversal.status == "posted"
    assert item.unit == org.province_a
    assert on_hand(org.province_a, org.rifle) == 1
    assert on_hand(org.province_b, org.rifle) == 0
    with pytest.raises(ValidationError, match="đã được hủy ghi sổ"):
        services.movement_reverse(actor=officer, movement=movement)
    assert_ledger_matches_balances()


def test_reversing_a_receipt_frees_the_serial(org):
    receipt = org.rifles(org.province_a, "AK-001")
    services.movement_reverse(actor=None, movement=receipt, effective_date=DAY)
    assert Item.objects.get(serial="AK-001").status == "void"
    org.rifles(org.province_a, "AK-001")
    assert on_hand(org.province_a, org.rifle) == 1


def test_reversal_refused_when_item_moved_later(org):
    receipt = org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    officer = org.users["officer_hq"]
    services.movement_post(actor=officer, movement=transfer(org, officer, [item]))
    with pytest.raises(ValidationError, match="chứng từ lập sau"):
        services.movement_reverse(actor=officer, movement=receipt, effective_date=DAY,
                                  reason="Nhập nhầm")


def test_grade_change_restates_the_item(org):
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    movement = services.movement_create(
        actor=None, kind="grade_change", from_unit=org.province_a, to_unit=org.province_a,
        effective_date=DAY, lines=[LineSpec(type=org.rifle, item=item, grade_to=3)])
    services.movement_post(actor=None, movement=movement)
    item.refresh_from_db()
    assert item.grade == 3
    assert on_hand(org.province_a, org.rifle, grade=1) == 0
    assert on_hand(org.province_a, org.rifle, grade=3) == 1


def test_write_off_takes_item_out_of_the_books(org):
    org.rifles(org.province_a, "AK-001", grade=5)
    item = Item.objects.get(serial="AK-001")
    movement = services.movement_create(
        actor=None, kind="write_off", from_unit=org.province_a, effective_date=DAY,
        reason="QĐ 12/QĐ-BTL", lines=[LineSpec(type=org.rifle, item=item)])
    services.movement_post(actor=None, movement=movement)
    item.refresh_from_db()
    assert item.status == "written_off"
    assert on_hand(org.province_a, org.rifle) == 0


def test_lots_are_registered_and_tracked(org):
    org.bulk(org.province_a, org.ammo, 1000, lot_number="L-2019-07")
    movement = services.movement_create(
        actor=None, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=DAY, lines=[LineSpec(type=org.ammo, quantity=Decimal(300), grade=1,
                                            usage_group=org.sscd,
                                            lot=org.ammo.lots.get())])
    services.movement_post(actor=None, movement=movement)
    assert on_hand(org.commune_a, org.ammo) == 300
    assert on_hand(org.province_a, org.ammo) == 700


def test_lot_type_without_lot_number_is_refused(org):
    with pytest.raises(ValidationError, match="quản lý theo lô"):
        org.bulk(org.province_a, org.ammo, 10)


def test_issue_must_go_to_a_subordinate(org):
    org.bulk(org.province_a, org.fuel, 10)
    with pytest.raises(ValidationError, match="cấp dưới"):
        services.movement_create(
            actor=None, kind="issue", from_unit=org.province_a, to_unit=org.province_b,
            effective_date=DAY, lines=[LineSpec(type=org.fuel, quantity=Decimal(1), grade=1,
                                                usage_group=org.sscd)])


def test_future_date_is_refused(org):
    with pytest.raises(ValidationError, match="sau ngày hôm nay"):
        org.bulk(org.province_a, org.fuel, 10, day=dt.date(2099, 1, 1))


def test_recording_in_one_step_posts_as_drafting_then_posting_would(org):
    clerk_made = services.movement_record(
        actor=org.users["officer_a"], kind="receipt", source="factory", to_unit=org.province_a,
        effective_date=DAY, lines=[LineSpec(type=org.rifle, serial=s, grade=2,
                                            usage_group=org.sscd) for s in ("R-1", "R-2")])
    assert clerk_made.status == Movement.Status.POSTED
    assert clerk_made.number.endswith("/PN-2026")
    assert clerk_made.lines.count() == 2
    assert on_hand(org.province_a, org.rifle, grade=2) == 2
    assert Item.objects.get(serial="R-1").status == "in_service"
    moved = services.movement_record(
        actor=org.users["officer_hq"], kind="transfer", from_unit=org.province_a,
        to_unit=org.province_b, effective_date=DAY,
        lines=[LineSpec(type=org.rifle, item=Item.objects.get(serial="R-1"))])
    assert moved.status == Movement.Status.POSTED
    assert Item.objects.get(serial="R-1").unit == org.province_b
    assert_ledger_matches_balances()
    actions = set(AuditEvent.objects.filter(target_id=str(moved.pk)).values_list(
        "action", flat=True))
    assert {AuditEvent.Action.CREATED, AuditEvent.Action.POSTED} <= actions


def test_recording_in_one_step_refuses_what_posting_refuses_and_writes_nothing(org):
    org.rifles(org.province_a, "R-1")
    item = Item.objects.get(serial="R-1")
    services.movement_record(actor=None, kind="transfer", from_unit=org.province_a,
                             to_unit=org.province_b, effective_date=DAY,
                             lines=[LineSpec(type=org.rifle, item=item)])
    documents = Movement.objects.count()
    with pytest.raises(ValidationError, match="R-1"):
        services.movement_record(  # the item object still says Lạng Sơn; the lock rereads it
            actor=None, kind="transfer", from_unit=org.province_a, to_unit=org.province_b,
            effective_date=DAY, lines=[LineSpec(type=org.rifle, item=item)])
    with pytest.raises(PermissionDenied):
        services.movement_record(actor=org.users["clerk_a"], kind="receipt", source="factory",
                                 to_unit=org.province_a, effective_date=DAY,
                                 lines=[LineSpec(type=org.fuel, quantity=Decimal(5), grade=1,
                                                 usage_group=org.sscd)])
    assert Movement.objects.count() == documents
    assert_ledger_matches_balances()
