import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from kythuat.audit.models import AuditEvent
from kythuat.indicators import registry
from kythuat.indicators.registry import Period
from kythuat.targets import services
from kythuat.targets.models import Target

from .conftest import DEADLINE, START
from .factories import clause_for

pytestmark = pytest.mark.django_db
# A message reworded after the catalogue was last merged: compared with its translation.
PER_CENT = gettext_lazy("A change in per cent is written in per cent; choose “per cent” as the "
                        "unit of the value.")


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_assign_freezes_the_baseline_computed_as_at_the_day_before_the_start(org, assign):
    org.rifles(org.province_a, "A1", "A2", day=dt.date(2025, 6, 1))
    org.rifles(org.commune_a, "A3", day=dt.date(2025, 6, 1))
    target = assign(stated_value=10)
    assert target.baseline == 3
    assert (target.baseline_start, target.baseline_end) == (dt.date(2025, 12, 31),) * 2
    assert target.baseline_source == Target.BaselineSource.COMPUTED
    assert target.goal == 10
    event = AuditEvent.objects.get(target_type="targets.target", target_id=str(target.pk))
    assert event.action == AuditEvent.Action.CREATED
    assert event.changes["goal"] == [None, "10"]


def test_flow_baseline_is_the_period_of_the_same_length_before_the_start(org, assign):
    for day in (dt.date(2025, 3, 1), dt.date(2025, 9, 1), dt.date(2024, 12, 31)):
        org.rifles(org.province_a, f"F{day:%Y%m%d}", day=day)
    target = assign(indicator_code="holdings.documents_posted", form="change_percent",
                    stated_value=-50, stated_unit="percent")
    assert (target.baseline_start, target.baseline_end) == (dt.date(2025, 1, 1),
                                                            dt.date(2025, 12, 31))
    assert target.baseline == 2  # the receipt of 31/12/2024 is outside the base period
    assert target.goal == 1  # −50 % against the baseline


def test_baseline_stays_frozen_while_the_actual_follows_the_records(org, assign):
    from kythuat.targets.selectors import target_progress

    org.rifles(org.province_a, "B1", day=dt.date(2025, 5, 1))
    target = assign(stated_value=5)
    today = dt.date(2026, 6, 1)
    assert target_progress(target, today=today).actual == 1
    org.rifles(org.province_a, "B2", day=dt.date(2025, 7, 1))  # back-dated to the base period
    org.rifles(org.province_a, "B3", day=dt.date(2026, 2, 1))
    target.refresh_from_db()
    assert target.baseline == 1
    base = Period(target.baseline_start, target.baseline_end)
    assert registry.compute("holdings.on_hand", org.hq, base).total == 2
    assert target_progress(target, today=today).actual == 3


def test_a_chosen_base_period_is_used(org, assign):
    org.rifles(org.province_a, "C1", day=dt.date(2024, 3, 1))
    org.rifles(org.province_a, "C2", day=dt.date(2025, 3, 1))
    target = assign(baseline_start=dt.date(2024, 1, 1), baseline_end=dt.date(2024, 12, 31))
    assert target.baseline == 1


@pytest.mark.parametrize(("values", "field", "text"), [
    ({"indicator_code": "no.such"}, "indicator_code", "Không có chỉ số"),
    ({"stated_unit": "percent"}, "stated_unit", "tính bằng"),
    ({"form": "change_percent", "stated_unit": "piece"}, "stated_unit", PER_CENT),
    ({"deadline": dt.date(2025, 12, 31)}, "deadline", "trước ngày bắt đầu"),
    ({"stated_value": "nhiều"}, "stated_value", "Hãy nhập một số"),
    ({"baseline": 5, "baseline_reason": "ước tính"}, "baseline", "được tính từ sổ sách"),
    ({"baseline_start": dt.date(2025, 1, 1)}, "baseline_start", "cả ngày đầu và ngày cuối"),
    ({"form": "nonsense"}, "form", "Hãy chọn hình thức chỉ tiêu"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(assign, values, field, text):
    with pytest.raises(ValidationError) as refused:
        assign(**values)
    assert field in refused.value.message_dict
    assert str(text) in messages(refused.value)
    assert not Target.objects.exists()
    assert not AuditEvent.objects.filter(target_type="targets.target").exists()


def test_a_ratio_target_is_written_in_per_cent(org, assign):
    org.rifles(org.province_a, "R1", "R2", day=dt.date(2025, 5, 1))
    org.rifles(org.province_a, "R3", grade=4, day=dt.date(2025, 5, 1))
    target = assign(indicator_code="holdings.technical_coefficient", stated_value=95,
                    stated_unit="percent")
    assert target.baseline == Decimal("66.7")
    assert target.goal == 95


def test_a_change_needs_a_baseline(assign):
    with pytest.raises(ValidationError) as refused:
        assign(indicator_code="holdings.technical_coefficient", form="change_amount",
               stated_value=5, stated_unit="percent")
    assert "Không có giá trị cơ sở" in messages(refused.value)
    assert not Target.objects.exists()


def test_an_entered_indicator_takes_an_entered_baseline_with_a_reason(assign, entered):
    with pytest.raises(ValidationError) as refused:
        assign(indicator_code=entered, stated_unit="document", baseline=12)
    assert "baseline_reason" in refused.value.message_dict
    target = assign(indicator_code=entered, stated_unit="document", baseline=12,
                    baseline_reason="Báo cáo tổng kết năm 2025", form="change_amount",
                    stated_value=3)
    assert (target.baseline, target.baseline_source, target.goal) == (12, "entered", 15)


@pytest.mark.parametrize("persona", ["clerk_a", "viewer_a", "officer_b"])
def test_only_an_officer_of_the_unit_or_above_may_assign(org, assign, persona):
    with pytest.raises(PermissionDenied):
        assign(actor=org.users[persona], unit=org.province_a)
    assert not Target.objects.exists()


def test_a_clause_the_actor_cannot_see_is_refused(org, assign):
    hidden = clause_for(org.province_b)  # Cao Bằng's: neither above nor below Lạng Sơn
    with pytest.raises(PermissionDenied):
        assign(actor=org.users["officer_a"], clause=hidden, unit=org.province_a)
    assert not Target.objects.exists()


def test_a_unit_outside_the_issuers_subtree_is_refused(org, assign):
    lang_son = clause_for(org.province_a)
    with pytest.raises(ValidationError) as refused:
        assign(clause=lang_son, unit=org.province_b)
    assert "không thuộc" in messages(refused.value)


def test_the_same_target_twice_is_refused(assign):
    assign()
    with pytest.raises(ValidationError) as refused:
        assign(stated_value=12)
    assert "đã có chỉ tiêu" in messages(refused.value)
    assert Target.objects.count() == 1


def test_allocate_gives_each_direct_subordinate_its_own_baseline(org, assign):
    org.rifles(org.province_a, "D1", "D2", day=dt.date(2025, 5, 1))
    org.rifles(org.province_b, "D3", day=dt.date(2025, 5, 1))
    parent = assign(stated_value=10)
    children = services.target_allocate(actor=org.users["officer_hq"], target=parent,
                                        shares=[(org.province_a, 6), (org.province_b, 4)])
    assert {(c.unit, c.baseline, c.goal, c.parent) for c in children} == {
        (org.province_a, 2, 6, parent), (org.province_b, 1, 4, parent)}
    assert all((c.start, c.deadline, c.form) == (START, DEADLINE, "absolute") for c in children)
    assert AuditEvent.objects.filter(target_type="targets.target", action="created").count() == 3


def test_allocate_refuses_a_unit_that_is_not_a_direct_subordinate(org, assign):
    parent = assign()
    with pytest.raises(ValidationError) as refused:
        services.target_allocate(actor=org.users["officer_hq"], target=parent,
                                 shares=[(org.province_a, 3), (org.commune_a, 2)])
    assert "không phải đơn vị trực thuộc" in messages(refused.value)
    assert Target.objects.count() == 1


def test_allocate_by_an_officer_below_the_unit_is_denied(org, assign):
    parent = assign()
    with pytest.raises(PermissionDenied):
        services.target_allocate(actor=org.users["officer_a"], target=parent,
                                 shares=[(org.province_a, 3)])
    assert Target.objects.count() == 1


def test_allocate_a_unit_twice_is_refused(org, assign):
    parent = assign()
    services.target_allocate(actor=None, target=parent, shares=[(org.province_a, 3)])
    with pytest.raises(ValidationError):
        services.target_allocate(actor=None, target=parent, shares=[(org.province_a, 4)])
    assert Target.objects.count() == 2


def test_update_derives_the_goal_again_and_keeps_the_baseline(org, assign):
    org.rifles(org.province_a, "E1", "E2", day=dt.date(2025, 5, 1))
    target = assign(form="change_amount", stated_value=3)
    assert target.goal == 5
    org.rifles(org.province_a, "E3", day=dt.date(2025, 6, 1))  # after the baseline was frozen
    services.target_update(actor=org.users["officer_hq"], target=target,
                           data={"stated_value": Decimal(4), "note": "Điều chỉnh"})
    target.refresh_from_db()
    assert (target.baseline, target.goal) == (2, 6)
    event = AuditEvent.objects.get(target_type="targets.target", action="changed")
    assert [Decimal(v) for v in event.changes["goal"]] == [5, 6]
    assert "baseline" not in event.changes


def test_update_with_another_base_period_computes_the_baseline_again(org, assign):
    target = assign()
    org.rifles(org.province_a, "G1", day=dt.date(2025, 5, 1))
    services.target_update(actor=None, target=target, data={
        "baseline_start": dt.date(2025, 6, 30), "baseline_end": dt.date(2025, 6, 30)})
    target.refresh_from_db()
    assert target.baseline == 1
    change = AuditEvent.objects.get(action="changed").changes["baseline"]
    assert [Decimal(v) for v in change] == [0, 1]


def test_update_refuses_a_deadline_before_the_start(assign):
    target = assign()
    with pytest.raises(ValidationError):
        services.target_update(actor=None, target=target,
                               data={"deadline": dt.date(2025, 1, 1)})
    target.refresh_from_db()
    assert target.deadline == DEADLINE


def test_delete_refuses_a_target_split_among_subordinates(org, assign):
    parent = assign()
    child, = services.target_allocate(actor=None, target=parent, shares=[(org.province_a, 3)])
    with pytest.raises(ValidationError) as refused:
        services.target_delete(actor=org.users["officer_hq"], target=parent)
    assert "hãy xóa chỉ tiêu của các đơn vị đó trước" in messages(refused.value)
    services.target_delete(actor=org.users["officer_hq"], target=child)
    services.target_delete(actor=org.users["officer_hq"], target=parent)
    assert not Target.objects.exists()
    assert AuditEvent.objects.filter(target_type="targets.target", action="deleted").count() == 2
