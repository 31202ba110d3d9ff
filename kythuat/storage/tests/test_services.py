import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kythuat.audit.models import AuditEvent
from kythuat.storage import services
from kythuat.storage.models import (
    ConditionReading,
    FacilityKind,
    FacilityStandard,
    Inspection,
    Investment,
)

from .conftest import at, source

pytestmark = pytest.mark.django_db
TODAY = dt.date.today


def test_reference_data_has_defaults():
    assert FacilityStandard.objects.filter(name="QCVN 11:2018/BQP").exists()
    assert source("ngan-sach-dia-phuong").name == "Ngân sách địa phương"
    kho = FacilityKind.objects.get(code="kho")
    assert (kho.default_min_temperature, kho.default_max_temperature,
            kho.default_max_humidity) == (5, 35, 80)


def test_facility_details_and_limits_fall_back_to_the_kind(org, cabinet):
    standard = FacilityStandard.objects.get(code="tu-sung-mau-thong-nhat")
    services.facility_update(actor=org.users["officer_a"], facility=cabinet, data={
        "standard": standard, "safety_radius_m": 50, "has_fire_equipment": True,
        "fire_equipment": "2 bình bột MFZ4", "max_humidity": Decimal(75)})
    cabinet.refresh_from_db()
    assert cabinet.standard == standard
    assert cabinet.limits() == (Decimal(5), Decimal(40), Decimal(75))
    event = AuditEvent.objects.filter(target_type="storage.facility", action="changed").get()
    assert event.changes["standard"] == [None, standard.name]


def test_facility_refuses_inverted_limits_and_capacity_without_unit(org, cabinet):
    with pytest.raises(ValidationError, match="không được thấp hơn nhiệt độ tối thiểu"):
        services.facility_update(actor=None, facility=cabinet,
                                 data={"min_temperature": Decimal(30),
                                       "max_temperature": Decimal(10)})
    with pytest.raises(ValidationError, match="đơn vị tính của sức chứa"):
        services.facility_update(actor=None, facility=cabinet, data={"capacity_uom": ""})
    cabinet.refresh_from_db()
    assert (cabinet.min_temperature, cabinet.capacity_uom) == (None, "khẩu")


# Investments


def test_investment_is_recorded_with_its_audit(org, cabinet):
    investment = services.investment_create(
        actor=org.users["officer_a"], facility=cabinet, year=2024, description="Xây tủ súng",
        cost_vnd=85_000_000, funding_source=source("ngan-sach-dia-phuong"))
    assert investment.kind == Investment.Kind.BUILT
    event = AuditEvent.objects.get(target_type="storage.investment", action="created")
    assert event.changes["cost_vnd"] == [None, 85_000_000]
    assert event.unit == org.commune_a


def test_negative_cost_is_refused_and_nothing_is_written(org, cabinet):
    with pytest.raises(ValidationError, match="Chi phí không được âm") as caught:
        services.investment_create(actor=None, facility=cabinet, year=2024, description="X",
                                   cost_vnd=-1, funding_source=source("xa-hoi-hoa"))
    assert "cost_vnd" in caught.value.message_dict
    assert not Investment.objects.exists()


def test_investment_year_in_the_future_is_refused(org, cabinet):
    with pytest.raises(ValidationError, match="Nhập năm"):
        services.investment_create(actor=None, facility=cabinet, year=TODAY().year + 1,
                                   description="X", cost_vnd=1,
                                   funding_source=source("xa-hoi-hoa"))


def test_investment_update_and_delete(org, cabinet):
    investment = services.investment_create(
        actor=None, facility=cabinet, year=2023, description="Xây tủ súng", cost_vnd=10,
        funding_source=source("xa-hoi-hoa"))
    with pytest.raises(ValidationError):
        services.investment_update(actor=None, investment=investment, data={"cost_vnd": -5})
    investment.refresh_from_db()
    assert investment.cost_vnd == 10
    services.investment_update(actor=None, investment=investment, data={"cost_vnd": 20})
    services.investment_delete(actor=None, investment=investment)
    assert not Investment.objects.exists()
    assert AuditEvent.objects.filter(target_type="storage.investment", action="deleted").exists()


@pytest.mark.parametrize("persona", ["clerk_a", "officer_b"])
def test_only_an_officer_of_the_subtree_records_investments(org, cabinet, persona):
    with pytest.raises(PermissionDenied):
        services.investment_create(actor=org.users[persona], facility=cabinet, year=2024,
                                   description="X", cost_vnd=1,
                                   funding_source=source("xa-hoi-hoa"))
    assert not Investment.objects.exists()


# Inspections


def test_inspection_deadline_before_its_date_is_refused(org, cabinet):
    with pytest.raises(ValidationError, match="không được trước ngày kiểm tra") as caught:
        services.inspection_create(actor=None, facility=cabinet, inspected_on=dt.date(2026, 3, 10),
                                   inspector="Phòng Kỹ thuật", fix_deadline=dt.date(2026, 3, 1))
    assert "fix_deadline" in caught.value.message_dict
    assert not Inspection.objects.exists()


def test_inspection_closed_before_its_date_is_refused(org, cabinet):
    inspection = services.inspection_create(
        actor=None, facility=cabinet, inspected_on=dt.date(2026, 3, 10),
        inspector="Phòng Kỹ thuật", findings="Khóa tủ hỏng", fix_deadline=dt.date(2026, 4, 10))
    with pytest.raises(ValidationError, match="Không thể đóng lần kiểm tra") as caught:
        services.inspection_close(actor=None, inspection=inspection,
                                  closed_on=dt.date(2026, 3, 1))
    assert "closed_on" in caught.value.message_dict
    inspection.refresh_from_db()
    assert inspection.is_open


def test_inspection_is_overdue_until_closed(org, cabinet):
    officer = org.users["officer_a"]
    day = TODAY() - dt.timedelta(days=40)
    inspection = services.inspection_create(
        actor=officer, facility=cabinet, inspected_on=day, inspector="Ban CHQS",
        findings="Thiếu bình chữa cháy", fix_deadline=day + dt.timedelta(days=10))
    assert inspection.is_overdue()
    services.inspection_close(actor=officer, inspection=inspection, closed_on=TODAY(),
                              note="Đã bổ sung")
    inspection.refresh_from_db()
    assert (inspection.is_overdue(), inspection.closed_by) == (False, officer)
    with pytest.raises(ValidationError, match="đã đóng"):
        services.inspection_update(actor=officer, inspection=inspection,
                                   data={"findings": "Khác"})


# Readings


def test_reading_within_limits(org, cabinet):
    reading = services.reading_record(actor=org.users["clerk_commune"], facility=cabinet,
                                      taken_at=at(1), temperature="26.5", humidity=70)
    assert (reading.temperature, reading.humidity) == (Decimal("26.5"), Decimal(70))
    assert (reading.min_temperature, reading.max_temperature, reading.max_humidity) == (5, 40, 85)
    assert not reading.is_out_of_limits
    assert reading.recorded_by == org.users["clerk_commune"]


@pytest.mark.parametrize(("temperature", "humidity", "out"), [
    (41, 60, True), (4, 60, True), (20, 86, True), (40, 85, False), (None, 90, True)])
def test_reading_out_of_limits(org, cabinet, temperature, humidity, out):
    reading = services.reading_record(actor=None, facility=cabinet, taken_at=at(1),
                                      temperature=temperature, humidity=humidity)
    assert reading.is_out_of_limits is out
    assert reading.needs_acknowledgement is out


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"temperature": 20, "humidity": 101}, "humidity", "giữa 0 và 100"),
    ({"temperature": 20, "humidity": -1}, "humidity", "giữa 0 và 100"),
    ({"temperature": 71, "humidity": 50}, "temperature", "giữa −50 và 70"),
    ({"temperature": -51}, "temperature", "giữa −50 và 70"),
    ({}, "temperature", "Nhập nhiệt độ, độ ẩm"),
])
def test_impossible_readings_are_refused(org, cabinet, values, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        services.reading_record(actor=None, facility=cabinet, taken_at=at(1), **values)
    assert field in caught.value.message_dict
    assert not ConditionReading.objects.exists()


def test_reading_in_the_future_is_refused(org, cabinet):
    with pytest.raises(ValidationError, match="tương lai"):
        services.reading_record(actor=None, facility=cabinet, temperature=20,
                                taken_at=timezone.now() + dt.timedelta(hours=2))


def test_acknowledging_a_reading(org, cabinet):
    reading = services.reading_record(actor=None, facility=cabinet, taken_at=at(1),
                                      temperature=45)
    with pytest.raises(PermissionDenied):
        services.reading_acknowledge(actor=org.users["clerk_a"], reading=reading)
    services.reading_acknowledge(actor=org.users["officer_a"], reading=reading,
                                 note="Đã mở thông gió")
    reading.refresh_from_db()
    assert (reading.acknowledged_by, reading.acknowledgement_note) == (
        org.users["officer_a"], "Đã mở thông gió")
    assert not reading.needs_acknowledgement
    with pytest.raises(ValidationError, match="đã được xác nhận"):
        services.reading_acknowledge(actor=org.users["officer_a"], reading=reading)
    normal = services.reading_record(actor=None, facility=cabinet, taken_at=at(1), temperature=20)
    with pytest.raises(ValidationError, match="trong giới hạn"):
        services.reading_acknowledge(actor=None, reading=normal)


def test_reading_keeps_the_limits_of_its_time(org, cabinet):
    reading = services.reading_record(actor=None, facility=cabinet, taken_at=at(2),
                                      temperature=38)
    services.facility_update(actor=None, facility=cabinet,
                             data={"max_temperature": Decimal(35)})
    reading.refresh_from_db()
    assert (reading.max_temperature, reading.is_out_of_limits) == (40, False)
