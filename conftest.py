"""One named organisation for every test: the personas of STYLE.md §13."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from kythuat.catalog.models import Branch, EquipmentType, Tracking, UsageGroup
from kythuat.holdings import services
from kythuat.holdings.models import Movement
from kythuat.org.models import Role, Unit, UnitKind, User
from kythuat.storage.models import Facility, FacilityKind

PASSWORD = "Mật-khẩu-thử-2026"


@dataclass
class Org:
    hq: Unit
    province_a: Unit
    commune_a: Unit
    province_b: Unit
    depot_a: Facility
    rifle: EquipmentType
    ammo: EquipmentType
    fuel: EquipmentType
    sscd: UsageGroup
    training: UsageGroup
    users: dict[str, User] = field(default_factory=dict)

    def receive(self, unit: Unit, lines, *, day=None, actor=None) -> Movement:
        """Posts a receipt for the unit (by the system) and returns it."""
        movement = services.movement_create(
            actor=actor, kind="receipt", source="higher_level", to_unit=unit,
            effective_date=day or dt.date(2026, 1, 10), lines=lines)
        return services.movement_post(actor=actor, movement=movement)

    def rifles(self, unit: Unit, *serials: str, grade: int = 1, day=None) -> Movement:
        return self.receive(unit, [services.LineSpec(type=self.rifle, serial=s, grade=grade,
                                                     usage_group=self.sscd) for s in serials],
                            day=day)

    def bulk(self, unit: Unit, etype: EquipmentType, quantity, *, grade=1, lot_number="",
             day=None) -> Movement:
        return self.receive(unit, [services.LineSpec(
            type=etype, quantity=Decimal(quantity), grade=grade, usage_group=self.sscd,
            lot_number=lot_number)], day=day)


def _kind(code: str) -> UnitKind:
    return UnitKind.objects.get(code=code)


@pytest.fixture
def org(db) -> Org:
    start = dt.date(2000, 1, 1)
    hq = Unit.objects.create(code="QK1", name="Quân khu 1", kind=_kind("quan-khu"),
                             valid_from=start)
    province_a = Unit.objects.create(code="LS", name="Bộ CHQS tỉnh Lạng Sơn", parent=hq,
                                     kind=_kind("bo-chqs-tinh"), valid_from=start)
    commune_a = Unit.objects.create(code="LS-XA-01", name="Ban CHQS xã Hữu Lũng",
                                    parent=province_a, kind=_kind("ban-chqs-xa"),
                                    valid_from=start)
    province_b = Unit.objects.create(code="CB", name="Bộ CHQS tỉnh Cao Bằng", parent=hq,
                                     kind=_kind("bo-chqs-tinh"), valid_from=start)
    depot_a = Facility.objects.create(owner_unit=province_a, kind=FacilityKind.objects.get(
        code="kho"), code="K19", name="Kho K19")
    weapons = Branch.objects.get(code="quan-khi")
    rifle = EquipmentType.objects.create(symbol="AK-47", name="Súng tiểu liên AK-47",
                                         branch=weapons, uom="khẩu", origin="Liên Xô",
                                         tracking=Tracking.SERIAL)
    ammo = EquipmentType.objects.create(symbol="Đ-7,62", name="Đạn 7,62 mm K56",
                                        branch=weapons, uom="viên", tracking=Tracking.LOT)
    fuel = EquipmentType.objects.create(symbol="DẦU-DO", name="Dầu điêzen",
                                        branch=Branch.objects.get(code="xe-may"), uom="lít",
                                        tracking=Tracking.BULK)
    result = Org(hq=hq, province_a=province_a, commune_a=commune_a, province_b=province_b,
                 depot_a=depot_a, rifle=rifle, ammo=ammo, fuel=fuel,
                 sscd=UsageGroup.objects.get(code="sscd"),
                 training=UsageGroup.objects.get(code="huan-luyen"))
    personas = {
        "officer_hq": (hq, Role.OFFICER), "admin_hq": (hq, Role.UNIT_ADMIN),
        "officer_a": (province_a, Role.OFFICER), "clerk_a": (province_a, Role.CLERK),
        "viewer_a": (province_a, Role.VIEWER), "clerk_commune": (commune_a, Role.CLERK),
        "officer_b": (province_b, Role.OFFICER), "admin_b": (province_b, Role.UNIT_ADMIN),
    }
    for username, (unit, role) in personas.items():
        user = User(username=username, unit=unit, role=role, first_name=username)
        user.set_password(PASSWORD)
        user.save()
        result.users[username] = user
    return result
