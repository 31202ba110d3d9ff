"""Entered figures: the service rules, the audit rows, and how confirmed figures become the
registry's indicators "entered.<code>"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kythuat.audit.models import AuditEvent
from kythuat.indicators import registry, services
from kythuat.indicators.models import EnteredIndicator, EnteredValue
from kythuat.indicators.periods import Period

pytestmark = pytest.mark.django_db

Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def indicator(code: str = "hoi-thi") -> EnteredIndicator:
    return EnteredIndicator.objects.get(code=code)


def enter(org, unit=None, value="3", period=Y2025, code="hoi-thi", actor="clerk_a",
          **kwargs) -> EnteredValue:
    return services.entered_value_create(
        actor=org.users[actor], indicator=indicator(code), unit=unit or org.province_a,
        period_start=period[0], period_end=period[1], value=Decimal(value), **kwargs)


def confirmed(org, *args, officer="officer_a", **kwargs) -> EnteredValue:
    entered = enter(org, *args, **kwargs)
    return services.entered_value_confirm(actor=org.users[officer], entered=entered)


def error_text(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# Reference data

def test_default_entered_indicators_are_in_the_registry():
    codes = {i.code for i in registry.all_indicators() if i.entered}
    assert {"entered.hoi-thi", "entered.tap-huan", "entered.phan-mem",
            "entered.ngay-ky-thuat"} <= codes
    assert registry.get("entered.phan-mem").kind == registry.Kind.STOCK
    assert registry.get("entered.tap-huan").unit == "lượt người"


def test_retired_indicator_leaves_the_registry_and_refuses_figures(org):
    retired = indicator("ngay-ky-thuat")
    retired.is_active = False
    retired.save()
    with pytest.raises(KeyError):
        registry.get("entered.ngay-ky-thuat")
    with pytest.raises(ValidationError) as excinfo:
        enter(org, code="ngay-ky-thuat")
    assert "indicator" in excinfo.value.message_dict
    assert not EnteredValue.objects.exists()


# Entry

def test_create_records_the_figure_and_its_audit_row(org):
    entered = enter(org, value="4", note="  Hội thi thợ giỏi  ")
    assert (entered.status, entered.entered_by, entered.note) == (
        EnteredValue.Status.ENTERED, org.users["clerk_a"], "Hội thi thợ giỏi")
    event = AuditEvent.objects.get(target_type="indicators.enteredvalue",
                                   target_id=str(entered.pk))
    assert event.action == AuditEvent.Action.CREATED
    assert event.unit == org.province_a
    assert event.changes["value"] == [None, "4"]


def test_overlapping_period_is_refused(org):
    enter(org)
    with pytest.raises(ValidationError) as excinfo:
        enter(org, period=(dt.date(2025, 7, 1), dt.date(2025, 9, 30)))
    assert excinfo.value.code == "overlap"
    assert "01/01/2025" in error_text(excinfo)  # says which figure holds the period
    assert EnteredValue.objects.count() == 1


def test_other_unit_or_indicator_or_returned_figure_does_not_overlap(org):
    first = enter(org)
    enter(org, unit=org.commune_a, actor="clerk_commune")
    enter(org, code="tap-huan")
    services.entered_value_return(actor=org.users["officer_a"], entered=first,
                                  reason="Sai số liệu")
    enter(org, value="5")  # the returned figure no longer holds the period
    assert EnteredValue.objects.count() == 4


def test_negative_figure_is_refused(org):
    with pytest.raises(ValidationError) as excinfo:
        enter(org, value="-1")
    assert "value" in excinfo.value.message_dict
    assert not EnteredValue.objects.exists()


def test_period_not_yet_over_is_refused(org):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        enter(org, period=(today.replace(day=1), today + dt.timedelta(days=1)))
    assert "period_end" in excinfo.value.message_dict
    assert not EnteredValue.objects.exists()


def test_end_before_start_is_refused(org):
    with pytest.raises(ValidationError) as excinfo:
        enter(org, period=(dt.date(2025, 6, 1), dt.date(2025, 5, 1)))
    assert "01/05/2025" in excinfo.value.message_dict["period_end"][0]


def test_unit_outside_the_subtree_is_refused(org):
    with pytest.raises(PermissionDenied):
        enter(org, unit=org.province_b)


def test_viewer_may_not_enter(org):
    with pytest.raises(PermissionDenied):
        enter(org, actor="viewer_a")


# Correction

def test_update_changes_the_figure_with_an_audit_row(org):
    entered = enter(org)
    services.entered_value_update(actor=org.users["clerk_a"], entered=entered,
                                  data={"value": Decimal("5"), "note": "Thêm hội thao"})
    entered.refresh_from_db()
    assert entered.value == 5
    event = AuditEvent.objects.filter(target_id=str(entered.pk),
                                      action=AuditEvent.Action.CHANGED).get()
    assert event.changes["value"] == ["3.000", "5"]


def test_corrected_returned_figure_goes_back_to_the_officer(org):
    entered = enter(org)
    services.entered_value_return(actor=org.users["officer_a"], entered=entered,
                                  reason="Thiếu hội thao cấp tỉnh")
    services.entered_value_update(actor=org.users["clerk_a"], entered=entered,
                                  data={"value": Decimal("4")})
    entered.refresh_from_db()
    assert (entered.status, entered.value) == (EnteredValue.Status.ENTERED, 4)


def test_confirmed_figure_cannot_be_changed(org):
    entered = confirmed(org)
    with pytest.raises(ValidationError) as excinfo:
        services.entered_value_update(actor=org.users["clerk_a"], entered=entered,
                                      data={"value": Decimal("9")})
    assert excinfo.value.code == "confirmed"
    entered.refresh_from_db()
    assert entered.value == 3


def test_update_to_an_overlapping_period_is_refused(org):
    enter(org)
    other = enter(org, period=(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    with pytest.raises(ValidationError):
        services.entered_value_update(actor=org.users["clerk_a"], entered=other,
                                      data={"period_end": dt.date(2025, 3, 31)})
    other.refresh_from_db()
    assert other.period_end == dt.date(2024, 12, 31)


# Confirmation and return

def test_officer_confirms_and_the_audit_notes_it(org):
    entered = confirmed(org)
    assert (entered.status, entered.confirmed_by) == (EnteredValue.Status.CONFIRMED,
                                                     org.users["officer_a"])
    assert entered.confirmed_at is not None
    event = AuditEvent.objects.filter(target_id=str(entered.pk)).latest("id")
    assert event.changes["status"] == ["entered", "confirmed"]
    assert event.actor == org.users["officer_a"]


def test_officer_of_the_unit_above_may_confirm(org):
    entered = enter(org, unit=org.commune_a, actor="clerk_commune")
    services.entered_value_confirm(actor=org.users["officer_hq"], entered=entered)
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.CONFIRMED


def test_self_confirmation_is_refused(org):
    entered = enter(org, actor="officer_a")
    with pytest.raises(PermissionDenied):
        services.entered_value_confirm(actor=org.users["officer_a"], entered=entered)
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED


@pytest.mark.parametrize("persona", ["clerk_a", "officer_b"])
def test_clerk_or_officer_of_another_unit_may_not_confirm(org, persona):
    entered = enter(org)
    with pytest.raises(PermissionDenied):
        services.entered_value_confirm(actor=org.users[persona], entered=entered)
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED


def test_confirmed_figure_is_not_confirmed_twice(org):
    entered = confirmed(org)
    with pytest.raises(ValidationError):
        services.entered_value_confirm(actor=org.users["officer_hq"], entered=entered)


def test_return_needs_a_reason(org):
    entered = enter(org)
    with pytest.raises(ValidationError) as excinfo:
        services.entered_value_return(actor=org.users["officer_a"], entered=entered,
                                      reason="   ")
    assert "reason" in excinfo.value.message_dict
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED


def test_confirmed_figure_found_wrong_is_returned_and_stops_counting(org):
    entered = confirmed(org)
    services.entered_value_return(actor=org.users["officer_hq"], entered=entered,
                                  reason="Trùng với hội thi cấp quân khu")
    entered.refresh_from_db()
    assert (entered.status, entered.confirmed_by, entered.return_reason) == (
        EnteredValue.Status.REJECTED, None, "Trùng với hội thi cấp quân khu")
    assert registry.compute("entered.hoi-thi", org.province_a, Period.year(2025)).total == 0


# The registry: only confirmed figures count; flows add up, stocks take the latest.

def test_only_confirmed_figures_count(org):
    enter(org, value="7")  # awaiting confirmation
    confirmed(org, unit=org.commune_a, actor="clerk_commune", value="2")
    assert registry.compute("entered.hoi-thi", org.province_a, Period.year(2025)).total == 2


def test_flow_adds_the_figures_of_the_subtree_inside_the_period(org):
    confirmed(org, value="3")
    confirmed(org, unit=org.commune_a, actor="clerk_commune", value="2")
    confirmed(org, unit=org.province_b, actor="officer_b", officer="officer_hq", value="5")
    confirmed(org, value="9", period=(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    year = Period.year(2025)
    assert registry.compute("entered.hoi-thi", org.province_a, year).total == 5
    assert registry.compute("entered.hoi-thi", org.hq, year).total == 10
    assert registry.compute("entered.hoi-thi", org.hq, Period(dt.date(2024, 1, 1),
                                                            dt.date(2025, 12, 31))).total == 19
    records = registry.records("entered.hoi-thi", org.province_a, year)
    assert sum(r.value for r in records) == 5


def test_stock_takes_the_latest_figure_of_each_unit(org):
    for year, value in ((2023, "2"), (2024, "3")):
        confirmed(org, code="phan-mem", value=value,
                  period=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    confirmed(org, code="phan-mem", unit=org.commune_a, actor="clerk_commune", value="1",
              period=(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
    enter(org, code="phan-mem", value="8")  # 2025, not confirmed: the 2024 figure stands
    assert registry.compute("entered.phan-mem", org.province_a, Period.year(2025)).total == 4
    assert registry.compute("entered.phan-mem", org.province_a, Period.year(2023)).total == 3
