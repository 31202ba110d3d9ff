"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kythuat.vehicles.models import Accident, Driver, FuelNorm, Programme, Trip

OBJECT: dict = {
    "vehicles:vehicle-detail": "vehicle", "vehicles:registration-create": "vehicle",
    "vehicles:assignment-create": "vehicle", "vehicles:driver-detail": "driver",
    "vehicles:driver-edit": "driver", "vehicles:programme-detail": "programme",
    "vehicles:programme-export": "programme", "vehicles:trip-delete": "trip",
    "vehicles:accident-delete": "accident",
    "vehicle-detail": "vehicle", "vehicle-register": "vehicle", "driver-detail": "driver",
    "trip-detail": "trip", "traffic-accident-detail": "accident",
    "modernization-programme-detail": "programme", "fuel-norm-detail": "fuel_norm",
    "modernization-conversion-detail": "conversion",
}
LIST: dict = {
    "vehicles:vehicle-list": {"unit": True}, "vehicles:vehicle-export": {"unit": True},
    "vehicles:driver-list": {"unit": True}, "vehicles:driver-export": {"unit": True},
    "vehicles:trip-list": {"unit": True}, "vehicles:trip-export": {"unit": True},
    "vehicles:usage-report": {"unit": True, "by": "unit"},
    "vehicles:usage-export": {"unit": True},
    "vehicles:norm-list": None, "vehicles:accident-list": {"unit": True},
    "vehicles:accident-export": {"unit": True}, "vehicles:accident-comparison": {"unit": True},
    "vehicles:accident-comparison-export": {"unit": True},
    "vehicles:programme-list": None, "vehicles:trip-create": None,
    "vehicles:accident-create": None, "vehicles:driver-create": None,
    "vehicles:programme-create": None,
    "vehicle-list": {"unit": True}, "driver-list": None, "trip-list": None,
    "traffic-accident-list": None, "traffic-accident-comparison": None,
    "fuel-norm-list": None, "modernization-programme-list": {"unit": True},
    "modernization-conversion-list": {"unit": True},
}


def _day(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).strftime("%d/%m/%Y")


def _iso(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


CREATE: dict = {
    "vehicles:driver-create": (Driver, lambda w: {
        "unit": w["unit"].pk, "full_name": "X", "licence_number": "X",
        "licence_class": w["driver"].licence_class_id, "licence_issued_on": _day(100),
        "licence_expires_on": _day(-100)}),
    "vehicles:trip-create": (Trip, lambda w: {
        "item": w["vehicle"].pk, "driver": w["driver"].pk, "order_number": "X-1",
        "trip_date": _day(1), "route": "X", "km": "10", "fuel_litres": "5"}),
    "vehicles:accident-create": (Accident, lambda w: {
        "item": w["vehicle"].pk, "occurred_on": _day(1), "place": "X", "deaths": "0",
        "injuries": "0"}),
    "vehicles:programme-create": (Programme, lambda w: {
        "unit": w["unit"].pk, "name": "X", "types": [w["vehicle_type"].pk]}),
    "vehicles:norm-list": (FuelNorm, lambda w: {
        "type": w["vehicle_type"].pk, "litres_per_100km": "10", "tank_litres": "100"}),
    "driver-list": (Driver, lambda w: {
        "unit": w["unit"].pk, "full_name": "X", "licence_number": "X",
        "licence_class": w["driver"].licence_class_id, "licence_issued_on": _iso(100),
        "licence_expires_on": _iso(-100)}),
    "trip-list": (Trip, lambda w: {
        "vehicle": w["vehicle"].pk, "driver": w["driver"].pk, "order_number": "X-2",
        "trip_date": _iso(1), "route": "X", "km": "10", "fuel_litres": "5"}),
    "traffic-accident-list": (Accident, lambda w: {
        "vehicle": w["vehicle"].pk, "occurred_on": _iso(1), "place": "X"}),
}

REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.catalog import services as catalog_services
    from kythuat.catalog.models import Branch
    from kythuat.holdings.models import Item
    from kythuat.holdings.services import LineSpec
    from kythuat.vehicles import services
    from kythuat.vehicles.models import LicenceClass, PlateType

    org, unit = world["org"], world["unit"]
    today = timezone.localdate()
    etype = catalog_services.equipment_type_create(
        actor=None, symbol="SECRET-A-XE", name="SECRET-A xe riêng",
        branch=Branch.objects.get(code="xe-may"), uom="chiếc", tracking="serial",
        owner_unit=unit)
    org.receive(unit, [LineSpec(type=etype, serial="SECRET-A-XE-01", grade=1,
                                usage_group=org.sscd)], day=today - dt.timedelta(days=30))
    vehicle = Item.objects.get(serial="SECRET-A-XE-01")
    norm = services.fuel_norm_set(actor=None, type=etype, litres_per_100km=Decimal(30),
                                  tank_litres=Decimal(200), source="SECRET-A QĐ")
    services.registration_create(actor=None, item=vehicle, plate="SECRET-A 99",
                                 plate_type=PlateType.objects.first(),
                                 registered_on=today - dt.timedelta(days=20))
    driver = services.driver_create(
        actor=None, unit=unit, full_name="SECRET-A lái xe", licence_number="SECRET-A-GPLX",
        licence_class=LicenceClass.objects.first(),
        licence_issued_on=today - dt.timedelta(days=400),
        licence_expires_on=today - dt.timedelta(days=2))
    trip = services.trip_create(actor=None, item=vehicle, driver=driver,
                                order_number="SECRET-A-LĐX", trip_date=today - dt.timedelta(
                                    days=10), route="SECRET-A tuyến", km=Decimal(55),
                                fuel_litres=Decimal(20))
    accident = services.accident_create(actor=None, item=vehicle, driver=driver,
                                        occurred_on=today - dt.timedelta(days=5),
                                        place="SECRET-A nơi xảy ra", injuries=1)
    programme = services.programme_create(actor=None, unit=unit, name="SECRET-A chương trình",
                                          types=[etype])
    conversion = services.conversion_create(actor=None, programme=programme, item=vehicle,
                                            converted_on=today - dt.timedelta(days=3),
                                            performed_by="SECRET-A xưởng", fuel_before=Decimal(30),
                                            fuel_after=Decimal(20))
    world.update({"vehicle": vehicle, "vehicle_type": etype, "fuel_norm": norm,
                  "driver": driver, "trip": trip, "accident": accident,
                  "programme": programme, "conversion": conversion})
