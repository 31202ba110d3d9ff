"""The demo organisation: Quân khu 1 and one division, with the facilities where equipment is
kept. The tree is built as it stood before the 2025 reorganisation (DOMAIN.md §9) where that
reorganisation is part of the demo: the Bộ CHQS tỉnh Bắc Kạn and district commands (Ban CHQS
huyện) exist until 30/06/2025 and are closed by the decisions `reorg2025.py` applies in the
middle of the books; the other Ban CHPTKV stand from the start."""

from dataclasses import dataclass, field

from django.db.models import Q

from kythuat.org import services as org_services
from kythuat.org.models import Unit, UnitKind
from kythuat.storage import services as storage_services
from kythuat.storage.models import Facility, FacilityKind

# Per province: code, name, its own depot unit (or none), and its defence areas (Ban CHPTKV)
# with the communes and wards under each. Place names follow the 2025 commune map.
PROVINCES = [
    (
        "BN",
        "Bắc Ninh",
        None,
        [
            (
                "Kinh Bắc",
                [
                    "phường Kinh Bắc",
                    "phường Võ Cường",
                    "phường Vũ Ninh",
                    "phường Hạp Lĩnh",
                    "xã Tiên Du",
                    "xã Liên Bão",
                ],
            ),
            (
                "Từ Sơn",
                [
                    "phường Từ Sơn",
                    "phường Đông Ngàn",
                    "phường Tam Sơn",
                    "xã Yên Phong",
                    "xã Quế Võ",
                    "xã Văn Môn",
                    "xã Tam Giang",
                ],
            ),
            (
                "Bắc Giang",
                [
                    "phường Bắc Giang",
                    "phường Đa Mai",
                    "phường Tiền Phong",
                    "xã Lạng Giang",
                    "xã Yên Dũng",
                    "xã Tân Yên",
                ],
            ),
            (
                "Lục Ngạn",
                [
                    "xã Lục Ngạn",
                    "xã Sơn Động",
                    "xã Lục Nam",
                    "xã Biển Động",
                    "xã Kép",
                    "xã Đèo Gia",
                    "xã Tân Sơn",
                    "xã Sa Lý",
                ],
            ),
        ],
    ),
    (
        "TN",
        "Thái Nguyên",
        ("K25", "Kho K25", "xã Đại Từ, tỉnh Thái Nguyên"),
        [
            (
                "Phan Đình Phùng",
                [
                    "phường Phan Đình Phùng",
                    "phường Quyết Thắng",
                    "phường Gia Sàng",
                    "phường Tích Lương",
                    "xã Tân Cương",
                ],
            ),
            (
                "Phổ Yên",
                [
                    "phường Phổ Yên",
                    "phường Sông Công",
                    "phường Vạn Xuân",
                    "xã Điềm Thụy",
                    "xã Tân Khánh",
                ],
            ),
            (
                "Đại Từ",
                [
                    "xã Đại Từ",
                    "xã Phú Lương",
                    "xã Định Hóa",
                    "xã Võ Nhai",
                    "xã La Hiên",
                    "xã Quân Chu",
                ],
            ),
        ],
    ),
    ("BK", "Bắc Kạn", None, []),  # merged into Thái Nguyên on 01/07/2025
    (
        "CB",
        "Cao Bằng",
        ("K22", "Kho K22", "xã Hòa An, tỉnh Cao Bằng"),
        [
            (
                "Thục Phán",
                [
                    "phường Thục Phán",
                    "phường Nùng Trí Cao",
                    "phường Tân Giang",
                    "xã Hòa An",
                    "xã Nguyễn Huệ",
                ],
            ),
            (
                "Trùng Khánh",
                [
                    "xã Trùng Khánh",
                    "xã Đàm Thủy",
                    "xã Đình Phong",
                    "xã Quang Hán",
                    "xã Hạ Lang",
                    "xã Trà Lĩnh",
                ],
            ),
            ("Bảo Lạc", ["xã Bảo Lạc", "xã Bảo Lâm", "xã Cốc Pàng", "xã Lý Bôn", "xã Nam Quang"]),
        ],
    ),
    (
        "LS",
        "Lạng Sơn",
        ("K19", "Kho K19", "xã Chi Lăng, tỉnh Lạng Sơn"),
        [
            (
                "Lạng Sơn",
                [
                    "phường Lương Văn Tri",
                    "phường Tam Thanh",
                    "phường Đông Kinh",
                    "phường Kỳ Lừa",
                    "xã Cao Lộc",
                    "xã Đồng Đăng",
                    "xã Mẫu Sơn",
                ],
            ),
            (
                "Hữu Lũng",
                [
                    "xã Hữu Lũng",
                    "xã Yên Bình",
                    "xã Hữu Liên",
                    "xã Thiện Tân",
                    "xã Vân Nham",
                    "xã Tân Thành",
                ],
            ),
            (
                "Chi Lăng",
                [
                    "xã Chi Lăng",
                    "xã Đồng Mỏ",
                    "xã Quan Sơn",
                    "xã Chiến Thắng",
                    "xã Bằng Mạc",
                    "xã Văn Quan",
                ],
            ),
            (
                "Đình Lập",
                [
                    "xã Đình Lập",
                    "xã Lộc Bình",
                    "xã Na Dương",
                    "xã Thái Bình",
                    "xã Châu Sơn",
                    "xã Kiên Mộc",
                    "xã Tràng Định",
                    "xã Bắc Sơn",
                ],
            ),
        ],
    ),
]
# District commands (Ban CHQS huyện) until 30/06/2025, per province: code, name, communes,
# and the Ban CHPTKV that succeeds it (Quyết định 2786/QĐ-BQP). A small demo keeps two.
DISTRICTS = {
    "TN": [("PB", "huyện Phú Bình", ["xã Phú Bình"], "QK1-TN-PTKV2")],
    "BK": [
        ("BB", "huyện Ba Bể", ["xã Ba Bể"], "QK1-TN-PTKV4"),
        ("CD", "huyện Chợ Đồn", ["xã Chợ Đồn"], "QK1-TN-PTKV4"),
        ("TP", "thành phố Bắc Kạn", ["phường Đức Xuân"], "QK1-TN-PTKV4"),
        ("NS", "huyện Ngân Sơn", ["xã Ngân Sơn"], "QK1-TN-PTKV4"),
        ("CM", "huyện Chợ Mới", ["xã Chợ Mới"], "QK1-TN-PTKV4"),
        ("NR", "huyện Na Rì", ["xã Na Rì"], "QK1-TN-PTKV4"),
    ],
}
# Ban CHPTKV that the 2025 decision sets up: code, number, place, the province it is under.
NEW_AREAS = [("QK1-TN-PTKV4", 4, "Bắc Kạn", "QK1-TN")]
MERGED_PROVINCES = {"QK1-BK": "QK1-TN"}  # merged province → the one it goes on in
DISTRICT_KIND = ("ban-chqs-huyen", "Ban CHQS huyện")  # a unit kind that ended in 2025
REGIMENTS = (246, 677, 851)
# Companies of each battalion, numbered across the regiment as units do (c1–c3 in d1 …).
COMPANIES = {1: (1, 2, 3), 2: (5, 6, 7), 3: (9, 10, 11)}


@dataclass
class Tree:
    """The units and facilities, with the role each unit plays in the demo's flows."""

    units: dict[str, Unit] = field(default_factory=dict)
    role: dict[int, str] = field(default_factory=dict)  # unit id → province, commune, …
    facilities: dict[tuple[int, str], Facility] = field(default_factory=dict)
    provinces: list[Unit] = field(default_factory=list)
    depot_of: dict[int, Unit] = field(default_factory=dict)  # province → its depot unit
    regiments: list[Unit] = field(default_factory=list)

    def of_role(self, role: str) -> list[Unit]:
        return [unit for unit in self.units.values() if self.role.get(unit.pk) == role]

    def children(self, unit: Unit, role: str | None = None) -> list[Unit]:
        return [
            u
            for u in self.units.values()
            if u.parent_id == unit.pk and (role is None or self.role.get(u.pk) == role)
        ]

    def under(self, unit: Unit, role: str) -> list[Unit]:
        return [
            u
            for u in self.units.values()
            if u.pk != unit.pk and u.path.startswith(unit.path) and self.role.get(u.pk) == role
        ]


class TreeBuilder:
    def __init__(self, *, small: bool) -> None:
        self.small = small
        self.tree = Tree()
        self.kinds = {kind.code: kind for kind in UnitKind.objects.all()}
        self.kinds[DISTRICT_KIND[0]] = district_kind()
        self.facility_kinds = {kind.code: kind for kind in FacilityKind.objects.all()}

    def unit(
        self,
        parent: Unit | None,
        code: str,
        name: str,
        kind: str,
        role: str = "",
        short_name: str = "",
    ) -> Unit:
        unit = org_services.unit_create(
            actor=None,
            parent=parent,
            code=code,
            name=name,
            kind=self.kinds[kind],
            short_name=short_name,
        )
        self.tree.units[code] = unit
        if role:
            self.tree.role[unit.pk] = role
        return unit

    def facility(
        self, unit: Unit, slot: str, kind: str, code: str, name: str, location: str = ""
    ) -> None:
        facility = storage_services.facility_create(
            actor=None,
            owner_unit=unit,
            kind=self.facility_kinds[kind],
            code=code,
            name=name,
            location=location,
        )
        self.tree.facilities[(unit.pk, slot)] = facility

    def build(self) -> Tree:
        top = self.unit(None, "BQP", "Bộ Quốc phòng", "bo", short_name="BQP")
        region = self.unit(top, "QK1", "Quân khu 1", "quan-khu", short_name="QK1")
        for province in PROVINCES:
            self.province(region, *province)
        self.division(region)
        return self.tree

    def province(self, region: Unit, code: str, name: str, depot, areas) -> None:
        prefix = f"QK1-{code}"
        unit = self.unit(
            region,
            prefix,
            f"Bộ CHQS tỉnh {name}",
            "bo-chqs-tinh",
            "province",
            short_name=f"Bộ CHQS {name}",
        )
        self.tree.provinces.append(unit)
        self.facility(
            unit, "main", "kho", f"{prefix}-KHO", f"Kho VKTBKT Bộ CHQS tỉnh {name}", f"tỉnh {name}"
        )
        if depot is not None:
            depot_code, depot_name, location = depot
            store = self.unit(unit, f"{prefix}-{depot_code}", depot_name, "kho", "province_depot")
            self.facility(store, "main", "kho", depot_code, depot_name, location)
            self.tree.depot_of[unit.pk] = store
        for number, (place, communes) in enumerate(areas[:2] if self.small else areas, 1):
            area = self.unit(
                unit,
                f"{prefix}-PTKV{number}",
                f"Ban CHPTKV {number} - {place}",
                "ban-chptkv",
                "ptkv",
                short_name=f"PTKV {number} - {place}",
            )
            self.communes(area, name, communes)
        for district in DISTRICTS.get(code, [])[: 2 if self.small else None]:
            self.district(unit, name, *district[:3])

    def district(self, province: Unit, province_name: str, code: str, name: str,
                 communes: list[str]) -> None:
        unit = self.unit(province, f"{province.code}-{code}", f"Ban CHQS {name}",
                         DISTRICT_KIND[0], "district", short_name=f"Ban CHQS {name}")
        self.facility(unit, "weapons", "tu-sung", f"{unit.code}-TS", f"Tủ súng Ban CHQS {name}",
                      f"{name}, tỉnh {province_name}")
        self.communes(unit, province_name, communes)

    def communes(self, parent: Unit, province_name: str, communes: list[str]) -> None:
        for index, commune in enumerate(communes[:2] if self.small else communes, 1):
            commune_code = f"{parent.code}-X{index:02d}"
            member = self.unit(parent, commune_code, f"Ban CHQS {commune}", "ban-chqs-xa",
                               "commune")
            self.facility(
                member,
                "weapons",
                "tu-sung",
                f"{commune_code}-TS",
                f"Tủ súng Ban CHQS {commune}",
                f"{commune}, tỉnh {province_name}",
            )
            # A commune keeps its radios and protective gear with the weapons.
            self.tree.facilities[(member.pk, "other")] = self.tree.facilities[
                (member.pk, "weapons")
            ]

    def division(self, region: Unit) -> None:
        division = self.unit(
            region, "SD346", "Sư đoàn 346", "su-doan", "division", short_name="f346"
        )
        store = self.unit(division, "SD346-K46", "Kho K46", "kho", "division_depot")
        self.facility(
            store, "main", "kho", "K46", "Kho K46 - Sư đoàn 346", "xã Hòa An, tỉnh Cao Bằng"
        )
        station = self.unit(
            division,
            "SD346-TSC",
            "Trạm sửa chữa tổng hợp Sư đoàn 346",
            "tram",
            "station",
            short_name="Trạm SCTH f346",
        )
        self.facility(
            station,
            "main",
            "tram",
            "SD346-TSC-T",
            "Trạm sửa chữa tổng hợp",
            "xã Hòa An, tỉnh Cao Bằng",
        )
        for number in REGIMENTS:
            code = f"SD346-E{number}"
            regiment = self.unit(
                division,
                code,
                f"Trung đoàn {number}",
                "trung-doan",
                "regiment",
                short_name=f"e{number}",
            )
            self.tree.regiments.append(regiment)
            self.facility(
                regiment, "vehicles", "nha-xe", f"{code}-NX", f"Nhà xe Trung đoàn {number}"
            )
            for battalion_no, companies in COMPANIES.items():
                battalion = self.unit(
                    regiment,
                    f"{code}-D{battalion_no}",
                    f"Tiểu đoàn {battalion_no}, Trung đoàn {number}",
                    "tieu-doan",
                    "battalion",
                    short_name=f"d{battalion_no}/e{number}",
                )
                if self.small and battalion_no > 1:
                    continue  # a small demo keeps one company per regiment
                for company_no in companies[:1] if self.small else companies:
                    self.unit(
                        battalion,
                        f"{battalion.code}-C{company_no:02d}",
                        f"Đại đội {company_no}, Tiểu đoàn {battalion_no}, Trung đoàn {number}",
                        "dai-doi",
                        "company",
                        short_name=f"c{company_no}/d{battalion_no}/e{number}",
                    )


def district_kind() -> UnitKind:
    """The kind of the district commands, which ended in 2025: the reference data an
    installation starts with may not have it, so the demo adds it next to the Ban CHPTKV."""
    code, name = DISTRICT_KIND
    kind = UnitKind.objects.filter(Q(code=code) | Q(name=name)).first()
    if kind is None:
        after = UnitKind.objects.filter(code="ban-chptkv").values_list("order", flat=True).first()
        kind = UnitKind.objects.create(code=code, name=name, order=(after or 120) + 1)
    return kind


def home_facility(tree: Tree, unit: Unit, slot: str) -> Facility | None:
    """Where a unit keeps a kind of equipment: a depot keeps everything in its store, a
    commune its weapons, ammunition and gear in the gun cabinet, a regiment its vehicles in
    the shed; anything else is in use, outside a facility."""
    return tree.facilities.get((unit.pk, "main")) or tree.facilities.get((unit.pk, slot))
