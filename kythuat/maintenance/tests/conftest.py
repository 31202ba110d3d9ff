import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.holdings.models import Item
from kythuat.maintenance import services
from kythuat.maintenance.models import MaintenanceKind, MeterKind, RepairLevel
from kythuat.org.models import Unit, UnitKind
from kythuat.storage.models import Facility, FacilityKind


@dataclass
class Shop:
    truck: EquipmentType
    part: EquipmentType
    station: Facility  # a trạm of Lạng Sơn (a province: echelon for minor and medium repair)
    workshop: Facility  # a xưởng of the military region (every level)
    bd1: MaintenanceKind
    bd2: MaintenanceKind
    check: MaintenanceKind
    minor: RepairLevel
    medium: RepairLevel
    major: RepairLevel
    km: MeterKind
    hours: MeterKind
    today: dt.date

    def item(self, serial: str) -> Item:
        return Item.objects.get(serial=serial)


@pytest.fixture
def shop(org) -> Shop:
    today = timezone.localdate()
    truck = EquipmentType.objects.create(symbol="ZIL-131", name="Xe ô tô ZIL-131",
                                         branch=Branch.objects.get(code="xe-may"), uom="chiếc",
                                         tracking=Tracking.SERIAL)
    part = EquipmentType.objects.create(symbol="LOC-DAU", name="Lọc dầu động cơ",
                                        branch=Branch.objects.get(code="xe-may"), uom="cái",
                                        tracking=Tracking.BULK)
    station = Facility.objects.create(owner_unit=org.province_a, kind=FacilityKind.objects.get(
        code="tram"), code="TSC-LS", name="Trạm sửa chữa Lạng Sơn")
    workshop_unit = Unit.objects.create(code="X-QK1", name="Xưởng X1", parent=org.hq,
                                        kind=UnitKind.objects.get(code="xuong"))
    workshop = Facility.objects.create(owner_unit=workshop_unit, kind=FacilityKind.objects.get(
        code="xuong"), code="X1", name="Xưởng X1 Quân khu 1")
    return Shop(
        truck=truck, part=part, station=station, workshop=workshop,
        bd1=MaintenanceKind.objects.get(code="bd-cap-1"),
        bd2=MaintenanceKind.objects.get(code="bd-cap-2"),
        check=MaintenanceKind.objects.get(code="kiem-tra"),
        minor=RepairLevel.objects.get(code="sua-chua-nho"),
        medium=RepairLevel.objects.get(code="sua-chua-vua"),
        major=RepairLevel.objects.get(code="sua-chua-lon"),
        km=MeterKind.objects.get(code="km"), hours=MeterKind.objects.get(code="gio-may"),
        today=today,
    )


def trucks(org, shop, *serials, day, grade=3, unit=None):
    from kythuat.holdings.services import LineSpec

    org.receive(unit or org.province_a,
                [LineSpec(type=shop.truck, serial=s, grade=grade, usage_group=org.sscd)
                 for s in serials], day=day)
    return [shop.item(s) for s in serials]


def read(item, kind, day, value, **kwargs):
    return services.meter_reading_record(actor=None, item=item, kind=kind, read_on=day,
                                         value=Decimal(value), **kwargs)
