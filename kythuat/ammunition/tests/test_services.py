import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kythuat.ammunition import services
from kythuat.ammunition.models import DisposalBatch, LotIsolation, LotTest, ShelfLifeExtension
from kythuat.audit.models import AuditEvent
from kythuat.holdings import services as holdings
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Balance, Movement
from kythuat.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 10)


def isolate(ammo, actor="officer_a"):
    return services.lot_isolate(actor=ammo.org.users[actor], lot=ammo.lot,
                                unit=ammo.org.province_a, decision_ref="QĐ 12/QĐ-BCH 05/01/2026",
                                reason="Thử mẫu không đạt", isolated_on=dt.date(2026, 1, 5))


def on_hand(unit, lot) -> Decimal:
    return sum((b.quantity for b in Balance.objects.filter(unit=unit, lot=lot)), Decimal(0))


def test_isolated_lot_cannot_be_issued_but_can_be_returned(ammo):
    org = ammo.org
    isolate(ammo)
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.ISOLATED
    drafts = Movement.objects.count()
    with pytest.raises(ValidationError, match=r"L-01.*đang bị cách ly chờ thu hồi.*QĐ 12"):
        ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a)
    with pytest.raises(ValidationError, match="cách ly"):
        ammo.move("consumption", from_unit=org.commune_a, actor="clerk_commune", post=False)
    with pytest.raises(ValidationError, match="cách ly"):
        ammo.move("transfer", from_unit=org.province_a, to_unit=org.province_b,
                  actor="officer_hq")
    assert Movement.objects.count() == drafts  # nothing recorded
    ammo.move("return", from_unit=org.commune_a, to_unit=org.province_a, quantity=100)
    assert on_hand(org.commune_a, ammo.lot) == 0
    assert on_hand(org.province_a, ammo.lot) == 500


def test_isolation_blocks_a_draft_recorded_before_it(ammo):
    org = ammo.org
    draft = ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a, post=False)
    isolate(ammo)
    with pytest.raises(ValidationError, match="cách ly"):
        holdings.movement_post(actor=org.users["officer_a"], movement=draft)
    draft.refresh_from_db()
    assert draft.is_draft


def test_isolated_lot_may_go_to_a_depot_or_be_written_off(ammo):
    org = ammo.org
    depot = Unit.objects.create(code="K-QK1", name="Kho K1 Quân khu", parent=org.hq,
                                kind=UnitKind.objects.get(code="kho"),
                                valid_from=dt.date(2000, 1, 1))
    isolate(ammo)
    # Put apart in the province's own depot: a transfer inside the unit.
    movement = holdings.movement_create(
        actor=org.users["officer_a"], kind="transfer", from_unit=org.province_a,
        to_unit=org.province_a, to_facility=org.depot_a, effective_date=DAY,
        lines=[holdings.LineSpec(type=org.ammo, lot=ammo.lot, quantity=Decimal(20), grade=1,
                                 usage_group=org.sscd)])
    holdings.movement_post(actor=org.users["officer_a"], movement=movement)
    ammo.move("transfer", from_unit=org.province_a, to_unit=depot, quantity=300,
              actor="officer_hq")
    ammo.move("write_off", from_unit=org.province_a, quantity=80)
    assert on_hand(depot, ammo.lot) == 300
    assert on_hand(org.province_a, ammo.lot) == 20
    assert Balance.objects.get(unit=org.province_a, lot=ammo.lot,
                               quantity__gt=0).facility == org.depot_a


def test_release_lifts_the_block(ammo):
    org = ammo.org
    isolation = isolate(ammo)
    services.lot_release(actor=org.users["officer_a"], isolation=isolation,
                         released_on=dt.date(2026, 1, 8), release_ref="QĐ 15/QĐ-BCH",
                         note="Thử lại đạt")
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.NORMAL
    ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a, quantity=50)
    assert on_hand(org.commune_a, ammo.lot) == 150
    statuses = [e.changes["status"] for e in AuditEvent.objects.filter(
        target_type="holdings.lot", target_id=str(ammo.lot.pk)).order_by("id")]
    assert statuses == [["normal", "isolated"], ["isolated", "normal"]]


def test_isolation_rules(ammo):
    org = ammo.org
    with pytest.raises(PermissionDenied):
        isolate(ammo, actor="clerk_a")
    with pytest.raises(ValidationError, match="chưa từng giữ lô"):
        services.lot_isolate(actor=org.users["officer_b"], lot=ammo.lot, unit=org.province_b,
                             decision_ref="QĐ 1", reason="x", isolated_on=DAY)
    isolation = isolate(ammo)
    with pytest.raises(ValidationError, match="đã bị cách ly"):
        isolate(ammo)
    with pytest.raises(ValidationError, match="trước ngày cách ly"):
        services.lot_release(actor=org.users["officer_a"], isolation=isolation,
                             released_on=dt.date(2026, 1, 1), release_ref="QĐ 2")
    assert LotIsolation.objects.get().is_open


def test_expired_lot_cannot_be_issued_until_extended(ammo):
    org = ammo.org
    ammo.lot.expiry_date = dt.date(2025, 12, 31)
    ammo.lot.save()
    with pytest.raises(ValidationError, match=r"L-01.*đã hết hạn sử dụng ngày 31/12/2025"):
        ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a)
    # A document dated before the expiry still goes through.
    ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a, day=dt.date(2025, 12, 30))
    ammo.move("write_off", from_unit=org.commune_a, quantity=5, actor="officer_a")
    services.shelf_life_extend(actor=org.users["officer_a"], lot=ammo.lot, unit=org.province_a,
                               decision_ref="QĐ 30/QĐ-TCKT", decided_on=dt.date(2026, 1, 5),
                               new_expiry=dt.date(2028, 12, 31))
    ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a)
    assert on_hand(org.commune_a, ammo.lot) == 100 + 10 - 5 + 10


def test_extension_history_and_expiry_follows_the_latest(ammo):
    org = ammo.org
    officer = org.users["officer_a"]
    first = services.shelf_life_extend(actor=officer, lot=ammo.lot, unit=org.province_a,
                                       decision_ref="QĐ 1", decided_on=dt.date(2025, 1, 5),
                                       new_expiry=dt.date(2032, 12, 31))
    services.shelf_life_extend(actor=officer, lot=ammo.lot, unit=org.province_a,
                               decision_ref="QĐ 2", decided_on=dt.date(2026, 1, 5),
                               new_expiry=dt.date(2035, 6, 30))
    ammo.lot.refresh_from_db()
    assert ammo.lot.expiry_date == dt.date(2035, 6, 30)
    assert first.previous_expiry == dt.date(2030, 12, 31)
    assert list(ShelfLifeExtension.objects.values_list("decision_ref", flat=True)) == [
        "QĐ 2", "QĐ 1"]


def test_extension_to_an_earlier_date_is_refused(ammo):
    org = ammo.org
    with pytest.raises(ValidationError, match="Hạn sử dụng mới phải sau hạn hiện tại "
                                              r"\(31/12/2030\)"):
        services.shelf_life_extend(actor=org.users["officer_a"], lot=ammo.lot,
                                   unit=org.province_a, decision_ref="QĐ 3",
                                   decided_on=dt.date(2026, 1, 5),
                                   new_expiry=dt.date(2029, 12, 31))
    ammo.lot.refresh_from_db()
    assert ammo.lot.expiry_date == dt.date(2030, 12, 31)
    assert not ShelfLifeExtension.objects.exists()


def test_lot_test_is_recorded_by_a_clerk(ammo):
    org = ammo.org
    test = services.lot_test_record(
        actor=org.users["clerk_commune"], lot=ammo.lot, unit=org.commune_a, tested_on=DAY,
        kind=ammo.kind, conclusion=ammo.passed, samples_taken=20, samples_failed=1,
        results="Bắn thử 20 viên, 1 viên không nổ", performed_by="Trạm kỹ thuật đạn")
    assert test.unit == org.commune_a
    assert AuditEvent.objects.filter(target_type="ammunition.lottest",
                                     target_id=str(test.pk)).exists()


@pytest.mark.parametrize(("taken", "failed", "message"), [
    (10, 12, "12 mẫu không đạt nhưng chỉ lấy 10 mẫu"),
    (-1, 0, "Số mẫu đã lấy không được âm"),
    (5, -2, "Số mẫu không đạt không được âm"),
])
def test_lot_test_with_bad_samples_changes_nothing(ammo, taken, failed, message):
    with pytest.raises(ValidationError, match=message):
        services.lot_test_record(actor=ammo.org.users["officer_a"], lot=ammo.lot,
                                 unit=ammo.org.province_a, tested_on=DAY, kind=ammo.kind,
                                 conclusion=ammo.failed, samples_taken=taken,
                                 samples_failed=failed)
    assert not LotTest.objects.exists()


def test_lot_test_cannot_be_in_the_future(ammo):
    with pytest.raises(ValidationError, match="ngày kiểm tra là một ngày trong tương lai"):
        services.lot_test_record(actor=None, lot=ammo.lot, unit=ammo.org.province_a,
                                 tested_on=timezone.localdate() + dt.timedelta(days=2),
                                 kind=ammo.kind, conclusion=ammo.passed)


def make_batch(ammo, quantity=400):
    return services.disposal_batch_create(
        actor=ammo.org.users["officer_a"], unit=ammo.org.province_a, title="Hủy đạn 2026",
        decided_on=DAY, decision_ref="QĐ 99/QĐ-BTL",
        lines=[(ammo.lot, Decimal(quantity))])


def test_disposal_batch_is_done_when_its_write_off_is_posted(ammo):
    org = ammo.org
    officer = org.users["officer_a"]
    batch = make_batch(ammo)
    services.disposal_batch_approve(actor=officer, batch=batch)
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.DISPOSAL_APPROVED
    with pytest.raises(ValidationError, match="trạng thái “đã duyệt thanh lý”"):
        ammo.move("issue", from_unit=org.province_a, to_unit=org.commune_a)
    [write_off] = services.disposal_write_off_create(actor=officer, batch=batch,
                                                     unit=org.province_a, effective_date=DAY)
    assert write_off.kind == "write_off"
    assert write_off.is_draft
    assert [line.quantity for line in write_off.lines.all()] == [Decimal(400)]
    holdings.movement_post(actor=officer, movement=write_off)
    batch.refresh_from_db()
    ammo.lot.refresh_from_db()
    assert batch.status == DisposalBatch.Status.DONE
    # The commune still holds 100 rounds of the lot: it is not disposed of yet.
    assert ammo.lot.status == LotStatus.DISPOSAL_APPROVED
    holdings.movement_reverse(actor=officer, movement=write_off, effective_date=DAY,
                              reason="Hủy nhầm")
    batch.refresh_from_db()
    assert batch.status == DisposalBatch.Status.APPROVED


def test_lot_is_disposed_when_nobody_holds_it_any_more(ammo):
    org = ammo.org
    officer = org.users["officer_a"]
    batch = make_batch(ammo, quantity=500)
    services.disposal_batch_approve(actor=officer, batch=batch)
    ammo.move("return", from_unit=org.commune_a, to_unit=org.province_a, quantity=100)
    write_offs = services.disposal_write_off_create(actor=officer, batch=batch,
                                                    unit=org.province_a, effective_date=DAY)
    for movement in write_offs:
        holdings.movement_post(actor=officer, movement=movement)
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.DISPOSED
    assert DisposalBatch.objects.get().status == DisposalBatch.Status.DONE


def test_write_off_cannot_exceed_the_batch(ammo):
    org = ammo.org
    officer = org.users["officer_a"]
    batch = make_batch(ammo, quantity=50)
    services.disposal_batch_approve(actor=officer, batch=batch)
    draft = ammo.move("write_off", from_unit=org.province_a, quantity=80, post=False)
    services.disposal_write_off_link(actor=officer, batch=batch, movement=draft)
    with pytest.raises(ValidationError, match="vượt quá"):
        holdings.movement_post(actor=officer, movement=draft)
    assert DisposalBatch.objects.get().status == DisposalBatch.Status.APPROVED


def test_batch_line_cannot_exceed_what_the_subtree_holds(ammo):
    with pytest.raises(ValidationError, match="chỉ giữ 500"):
        make_batch(ammo, quantity=600)
    assert not DisposalBatch.objects.exists()
