import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.vehicles import services
from kythuat.vehicles.models import (
    Accident,
    Conversion,
    Driver,
    DriverAssignment,
    PlateType,
    Registration,
    Trip,
)

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def register(fleet, item, plate, day, actor=None):
    return services.registration_create(actor=actor, item=item, plate=plate,
                                        plate_type=fleet.military, registered_on=day)


# Registration --------------------------------------------------------------------------------

def test_registration_is_normalised_and_keeps_history(fleet):
    first = register(fleet, fleet.truck_a, "  tm-12 34 ", days_ago(300))
    assert (first.plate, first.plate_key) == ("TM-12 34", "TM1234")
    second = register(fleet, fleet.truck_a, "TM-56-78", days_ago(10))
    first.refresh_from_db()
    assert first.ended_on == days_ago(10)
    current = Registration.objects.get(item=fleet.truck_a, ended_on__isnull=True)
    assert current == second
    assert AuditEvent.objects.filter(target_type="vehicles.registration").count() == 2


def test_duplicate_plate_is_refused_in_any_spelling(fleet):
    register(fleet, fleet.truck_a, "TM-1234", days_ago(300))
    with pytest.raises(ValidationError, match="đã được đăng ký cho xe khác") as error:
        register(fleet, fleet.truck_commune, "tm 12.34", days_ago(5))
    assert "plate" in error.value.message_dict
    assert Registration.objects.filter(item=fleet.truck_commune).count() == 0


def test_registration_must_follow_the_current_one(fleet):
    register(fleet, fleet.truck_a, "TM-1234", days_ago(30))
    with pytest.raises(ValidationError, match="phải sau"):
        register(fleet, fleet.truck_a, "TM-9999", days_ago(60))
    assert Registration.objects.get(item=fleet.truck_a).ended_on is None


def test_registration_refuses_items_that_are_not_vehicles(org, fleet):
    org.rifles(org.province_a, "AK-1")
    rifle = org.rifle.items.get(serial="AK-1")
    with pytest.raises(ValidationError, match="không phải là xe"):
        register(fleet, rifle, "TM-1", days_ago(1))


def test_registration_needs_an_officer_of_the_unit(org, fleet):
    with pytest.raises(PermissionDenied):
        register(fleet, fleet.truck_a, "TM-1", days_ago(1), actor=org.users["clerk_a"])
    with pytest.raises(PermissionDenied):
        register(fleet, fleet.truck_a, "TM-1", days_ago(1), actor=org.users["officer_b"])
    assert register(fleet, fleet.truck_a, "TM-1", days_ago(1), actor=org.users["officer_a"])


def test_plate_types_are_editable_data():
    assert PlateType.objects.filter(name="Biển đỏ quân sự").exists()


# Drivers ---------------------------------------------------------------------------------------

def test_licence_expiry_before_issue_is_refused(org, fleet):
    count = Driver.objects.count()
    with pytest.raises(ValidationError, match="phải sau ngày cấp") as error:
        services.driver_create(actor=None, unit=org.province_a, full_name="Trần Văn Sai",
                               licence_number="X1", licence_class=fleet.class_c,
                               licence_issued_on=days_ago(10), licence_expires_on=days_ago(20))
    assert "licence_expires_on" in error.value.message_dict
    assert Driver.objects.count() == count


def test_driver_update_records_changes(org, fleet):
    services.driver_update(actor=org.users["clerk_a"], driver=fleet.driver_a,
                           data={"licence_number": "qs-9", "note": fleet.driver_a.note})
    event = AuditEvent.objects.filter(target_type="vehicles.driver",
                                      action="changed").get()
    assert event.changes == {"licence_number": ["QS-NGUYỄN VĂN AN", "QS-9"]}


def test_expired_licence_flag(fleet):
    assert fleet.expired.licence_expired
    assert not fleet.driver_a.licence_expired
    assert list(Driver.objects.expired()) == [fleet.expired]


def test_assignment_closes_the_previous_one(fleet, org):
    other = fleet.driver(org.province_a, "Phạm Văn Hai")
    first = services.assignment_create(actor=None, item=fleet.truck_a, driver=fleet.driver_a,
                                       started_on=days_ago(100))
    services.assignment_create(actor=None, item=fleet.truck_a, driver=other,
                               started_on=days_ago(5))
    first.refresh_from_db()
    assert first.ended_on == days_ago(5)
    current = DriverAssignment.objects.get(item=fleet.truck_a, ended_on__isnull=True)
    assert current.driver == other


def test_assignment_refuses_expired_licence_and_other_province(fleet):
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        services.assignment_create(actor=None, item=fleet.truck_a, driver=fleet.expired,
                                   started_on=TODAY)
    with pytest.raises(ValidationError, match="Cao Bằng"):
        services.assignment_create(actor=None, item=fleet.truck_a, driver=fleet.driver_b,
                                   started_on=TODAY)
    assert not DriverAssignment.objects.exists()


# Trips -------------------------------------------------------------------------------------------

def test_trip_is_recorded_with_the_vehicle_unit(fleet, org):
    driver = fleet.driver(org.commune_a, "Vi Văn Xã")
    trip = services.trip_create(actor=org.users["clerk_commune"], item=fleet.truck_commune,
                                driver=driver, order_number="lđx-01/26",
                                trip_date=days_ago(3), route="Hữu Lũng – Lạng Sơn",
                                km=Decimal("120.5"), fuel_litres=Decimal(50))
    assert (trip.unit, trip.order_number) == (org.commune_a, "LĐX-01/26")
    assert AuditEvent.objects.filter(target_type="vehicles.trip", unit=org.commune_a).exists()


def test_trip_with_more_fuel_than_the_tank_is_refused(fleet):
    with pytest.raises(ValidationError, match="nhiều hơn dung tích thùng") as error:
        fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(1), 100, "300.5")
    assert "fuel_litres" in error.value.message_dict
    assert not Trip.objects.exists()
    assert fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(1), 100, 300)


def test_trip_with_negative_km_is_refused(fleet):
    with pytest.raises(ValidationError, match="không được âm") as error:
        fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(1), -5, 10)
    assert "km" in error.value.message_dict
    assert not Trip.objects.exists()


def test_trip_with_a_driver_whose_licence_expired_is_refused(fleet):
    with pytest.raises(ValidationError, match="không còn hiệu lực") as error:
        fleet.trip(fleet.truck_a, fleet.expired, "L-1", days_ago(1), 50, 10)
    assert "driver" in error.value.message_dict
    # Before the expiry the same driver could drive.
    assert fleet.trip(fleet.truck_a, fleet.expired, "L-2", days_ago(30), 50, 10)
    assert Trip.objects.count() == 1


def test_trip_order_number_is_unique_per_vehicle_and_date_not_future(fleet):
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(2), 50, 10)
    with pytest.raises(ValidationError, match="L-1"):
        fleet.trip(fleet.truck_a, fleet.driver_a, "l-1", days_ago(1), 50, 10)
    with pytest.raises(ValidationError, match="tương lai"):
        fleet.trip(fleet.truck_a, fleet.driver_a, "L-3", TODAY + dt.timedelta(days=1), 5, 1)
    assert Trip.objects.count() == 1


def test_trip_outside_the_clerks_subtree_is_denied(fleet, org):
    with pytest.raises(PermissionDenied):
        services.trip_create(actor=org.users["clerk_commune"], item=fleet.truck_a,
                             driver=fleet.driver_a, order_number="X", trip_date=days_ago(1),
                             route="x", km=Decimal(1), fuel_litres=Decimal(1))
    with pytest.raises(PermissionDenied):
        services.trip_create(actor=org.users["viewer_a"], item=fleet.truck_a,
                             driver=fleet.driver_a, order_number="X", trip_date=days_ago(1),
                             route="x", km=Decimal(1), fuel_litres=Decimal(1))
    assert not Trip.objects.exists()


def test_fuel_norm_is_editable_and_refuses_non_positive(fleet, org):
    norm = services.fuel_norm_set(actor=None, type=fleet.ural,
                                  litres_per_100km=Decimal(38), tank_litres=Decimal(340))
    assert (norm.pk, norm.litres_per_100km) == (fleet.ural_norm.pk, 38)
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        services.fuel_norm_set(actor=None, type=fleet.gaz, litres_per_100km=Decimal(0),
                               tank_litres=Decimal(100))
    with pytest.raises(PermissionDenied):
        services.fuel_norm_set(actor=org.users["clerk_a"], type=fleet.gaz,
                               litres_per_100km=Decimal(20), tank_litres=Decimal(100))


# Accidents ------------------------------------------------------------------------------------

def test_accident_with_negative_counts_is_refused(fleet):
    for counts in ({"deaths": -1}, {"injuries": -2}):
        with pytest.raises(ValidationError, match="không được âm"):
            services.accident_create(actor=None, item=fleet.truck_a, occurred_on=days_ago(3),
                                     place="Km 12 QL1A", **counts)
    assert not Accident.objects.exists()


def test_accident_is_recorded(fleet, org):
    accident = services.accident_create(actor=org.users["clerk_a"], item=fleet.truck_a,
                                        driver=fleet.driver_a, occurred_on=days_ago(3),
                                        place="Km 12 QL1A", deaths=1, injuries=2)
    assert (accident.unit, accident.deaths, accident.injuries) == (org.province_a, 1, 2)
    assert AuditEvent.objects.filter(target_type="vehicles.accident").exists()


# Modernisation -------------------------------------------------------------------------------

def programme(fleet, org):
    return services.programme_create(actor=None, unit=org.hq, name="Đi-ê-den hóa xe quân sự",
                                     phase="Giai đoạn 1", decision_ref="QĐ 123/QĐ-BQP",
                                     types=[fleet.ural])


def test_conversion_records_saving(fleet, org):
    plan = programme(fleet, org)
    conversion = services.conversion_create(
        actor=org.users["officer_a"], programme=plan, item=fleet.truck_a,
        converted_on=days_ago(20), performed_by="Nhà máy Z151", fuel_before=Decimal(40),
        fuel_after=Decimal(26))
    assert conversion.saving == 14
    assert conversion.saving_percent == Decimal("35.0")
    assert conversion.unit == org.province_a


def test_conversion_refuses_uncovered_model_and_repeats(fleet, org):
    plan = programme(fleet, org)
    args = {"actor": None, "programme": plan, "converted_on": days_ago(2),
            "performed_by": "Z151", "fuel_before": Decimal(30), "fuel_after": Decimal(20)}
    with pytest.raises(ValidationError, match="không bao gồm"):
        services.conversion_create(item=fleet.truck_b, **args)
    services.conversion_create(item=fleet.truck_a, **args)
    with pytest.raises(ValidationError, match="đã được cải tiến"):
        services.conversion_create(item=fleet.truck_a, **args)
    assert Conversion.objects.count() == 1


def test_programme_must_cover_vehicle_types(fleet, org):
    with pytest.raises(ValidationError, match="không phải là loại xe"):
        services.programme_create(actor=None, unit=org.hq, name="X", types=[org.rifle])
