import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.holdings.models import Item
from kythuat.holdings.services import LineSpec
from kythuat.vehicles import services
from kythuat.vehicles.models import LicenceClass, PlateType

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


class Fleet:
    """Two URAL trucks of Lạng Sơn (one at the commune), a GAZ of Cao Bằng, their norms and
    drivers."""

    def __init__(self, org):
        self.org = org
        branch = Branch.objects.get(code="xe-may")
        self.ural = EquipmentType.objects.create(symbol="URAL-375D", name="Xe ô tô URAL-375D",
                                                 branch=branch, uom="chiếc",
                                                 tracking=Tracking.SERIAL)
        self.gaz = EquipmentType.objects.create(symbol="GAZ-66", name="Xe ô tô GAZ-66",
                                                branch=branch, uom="chiếc",
                                                tracking=Tracking.SERIAL)
        self.ural_norm = services.fuel_norm_set(actor=None, type=self.ural,
                                                litres_per_100km=Decimal(40),
                                                tank_litres=Decimal(300))
        self.truck_a = self.vehicle(org.province_a, self.ural, "URAL-0001")
        self.truck_commune = self.vehicle(org.commune_a, self.ural, "URAL-0002")
        self.truck_b = self.vehicle(org.province_b, self.gaz, "GAZ-0001")
        self.class_c = LicenceClass.objects.get(code="C")
        self.military = PlateType.objects.get(code="quan-su")
        self.driver_a = self.driver(org.province_a, "Nguyễn Văn An")
        self.driver_b = self.driver(org.province_b, "Hoàng Văn Bảy")
        self.expired = self.driver(org.province_a, "Lê Văn Cũ", issued=days_ago(3000),
                                   expires=days_ago(10))

    def vehicle(self, unit, etype, serial) -> Item:
        self.org.receive(unit, [LineSpec(type=etype, serial=serial, grade=1,
                                         usage_group=self.org.sscd)], day=days_ago(400))
        return Item.objects.get(serial=serial)

    def driver(self, unit, name, *, issued=None, expires=None):
        return services.driver_create(
            actor=None, unit=unit, full_name=name, rank="Thượng sĩ", licence_number=f"QS-{name}",
            licence_class=self.class_c, licence_issued_on=issued or days_ago(1000),
            licence_expires_on=expires or TODAY + dt.timedelta(days=1000))

    def trip(self, item, driver, number, day, km, fuel):
        return services.trip_create(actor=None, item=item, driver=driver, order_number=number,
                                    trip_date=day, route="Lạng Sơn – Đồng Đăng",
                                    km=Decimal(km), fuel_litres=Decimal(fuel))


@pytest.fixture
def fleet(org) -> Fleet:
    return Fleet(org)
