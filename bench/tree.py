"""The shape of the data: a realistic unit tree and equipment catalogue, built in memory.

The tree follows the army's organisation: Bộ → about 20 top commands (quân khu, quân đoàn,
quân chủng, tổng cục, binh chủng) → provinces and divisions → Ban CHPTKV and regiments →
communes, battalions → companies (→ platoons in the corps). Every fan-out is multiplied by a
factor found by bisection so that the tree has the number of units the scale asks for.
"""

import random
from dataclasses import dataclass, field

from kythuat.org.models import path_segment

from .data import (
    CATALOGUE,
    GENERAL,
    PALETTE,
    PLACE_A,
    PLACE_B,
    PROVINCES,
    TOP_COMMANDS,
    VARIANTS,
)


@dataclass
class Node:
    id: int
    parent: "Node | None"
    kind: str
    name: str
    code: str
    depth: int
    path: str
    top: int  # id of its top command (itself for one, 0 for the root)
    children: list["Node"] = field(default_factory=list)
    palette: list[int] = field(default_factory=list)


@dataclass
class TypeSpec:
    id: int
    symbol: str
    name: str
    category: str
    branch: str
    tracking: str
    uom: str
    origin: str


class TreeBuilder:
    def __init__(self, factor: float, seed: int) -> None:
        self.factor = factor
        self.rng = random.Random(seed)
        self.nodes: list[Node] = []

    def count(self, base: float, minimum: int = 0) -> int:
        """base × factor, rounded up or down at random so that small trees stay varied."""
        value = base * self.factor
        whole = int(value)
        return max(minimum, whole + (self.rng.random() < value - whole))

    def place(self) -> str:
        return f"{self.rng.choice(PLACE_A)} {self.rng.choice(PLACE_B)}"

    def add(self, parent: Node | None, kind: str, name: str, code: str = "") -> Node:
        pk = len(self.nodes) + 1
        path = f"{parent.path if parent else ''}{path_segment(pk)}"
        depth = parent.depth + 1 if parent else 0
        top = pk if depth == 1 else (parent.top if parent else 0)
        node = Node(pk, parent, kind, name, code or f"DV-{pk:05d}", depth, path, top)
        self.nodes.append(node)
        if parent:
            parent.children.append(node)
        return node

    def depots(self, parent: Node, base: float) -> None:
        for n in range(self.count(base)):
            self.add(parent, "kho", f"Kho K{parent.id % 90 + 10}{n}")

    def companies(self, parent: Node, base: float, platoons: bool = False) -> None:
        for n in range(self.count(base, 1)):
            company = self.add(parent, "dai-doi", f"Đại đội {n + 1}")
            for p in range(self.count(3, 1) if platoons else 0):
                self.add(company, "trung-doi", f"Trung đội {p + 1}")

    def regiment(self, parent: Node, number: int, platoons: bool = False) -> None:
        regiment = self.add(parent, "trung-doan", f"Trung đoàn {number}")
        for n in range(self.count(3, 1)):
            self.companies(self.add(regiment, "tieu-doan", f"Tiểu đoàn {n + 1}"), 3, platoons)

    def division(self, parent: Node, number: int, platoons: bool = False) -> None:
        division = self.add(parent, "su-doan", f"Sư đoàn {number}")
        for n in range(self.count(3, 1)):
            self.regiment(division, number * 10 + n, platoons)
        self.depots(division, 1)

    def brigade(self, parent: Node, number: int, battalions: float = 4) -> None:
        brigade = self.add(parent, "lu-doan", f"Lữ đoàn {number}")
        for n in range(self.count(battalions, 1)):
            self.companies(self.add(brigade, "tieu-doan", f"Tiểu đoàn {n + 1}"), 3)

    def districts(self, parent: Node, base: float, communes: float) -> None:
        for _n in range(self.count(base, 1)):
            district = self.add(parent, "ban-chptkv", f"Ban CHPTKV {self.place()}")
            for _c in range(self.count(communes, 1)):
                self.add(district, "ban-chqs-xa", f"Ban CHQS xã {self.place()}")

    def region(self, top: Node, provinces: list[str]) -> None:
        for name in provinces[: self.count(len(provinces), 1)]:
            province = self.add(top, "bo-chqs-tinh", f"Bộ CHQS tỉnh {name}")
            self.districts(province, 10, 15)
            if self.count(1):
                self.regiment(province, 700 + province.id % 100)
            self.depots(province, 1)
        for n in range(self.count(2)):
            self.division(top, 300 + top.id % 50 + n)
        for n in range(self.count(1)):
            self.brigade(top, 100 + top.id % 50 + n)
        self.depots(top, 2)

    def build(self) -> list[Node]:
        root = self.add(None, "bo", "Bộ Quốc phòng", "BQP")
        tops = [(name, "quan-khu", f"QK{name.split()[-1]}") for name in PROVINCES]
        tops += TOP_COMMANDS
        # Military regions first: the smallest trees still hold a province with communes.
        for name, kind, code in tops[: self.count(len(tops), 1)]:
            top = self.add(root, kind, name, code)
            if name in PROVINCES:
                self.region(top, PROVINCES[name])
            elif code == "BTLTD":
                self.districts(top, 30, 19)
                self.division(top, 301)
            elif kind == "quan-doan":
                for n in range(self.count(3, 1)):
                    self.division(top, 300 + 10 * n + top.id % 10, platoons=True)
                for n in range(self.count(3)):
                    self.brigade(top, 200 + n)
            elif code == "PKKQ":
                for n in range(self.count(6, 1)):
                    self.division(top, 360 + n)
                for n in range(self.count(4)):
                    self.brigade(top, 260 + n)
                self.depots(top, 3)
            elif code in ("HQ", "CSB"):
                for n in range(self.count(5 if code == "HQ" else 4, 1)):
                    zone = self.add(top, "vung", f"Vùng {n + 1} {top.name}")
                    for b in range(self.count(3, 1)):
                        self.brigade(zone, 170 + 10 * n + b, battalions=3)
                    self.depots(zone, 1)
            elif code == "BDBP":
                for _n in range(self.count(44, 1)):
                    command = self.add(top, "bdbp-tinh", f"BĐBP tỉnh {self.place()}")
                    for d in range(self.count(8, 1)):
                        self.add(command, "don-bien-phong", f"Đồn biên phòng {d + 1}")
            elif kind == "tong-cuc":
                for n in range(self.count(6, 1)):
                    bureau = self.add(top, "cuc", f"Cục {n + 1} - {top.code}")
                    for p in range(self.count(4, 1)):
                        self.add(bureau, "phong", f"Phòng {p + 1}")
                    self.depots(bureau, 2)
                for n in range(self.count(12 if code == "TCCNQP" else 0)):
                    self.add(top, "nha-may", f"Nhà máy Z{111 + n}")
            else:
                for n in range(self.count(4, 1)):
                    self.brigade(top, 400 + 10 * top.id % 7 + n)
                for n in range(self.count(2)):
                    self.regiment(top, 500 + n)
                self.depots(top, 2)
                self.add(top, "xuong", f"Xưởng X{top.id % 90 + 10}")
        return self.nodes


def build_tree(units: int, seed: int) -> list[Node]:
    """A tree of about `units` nodes (at least one province with communes)."""
    low, high, best = 0.0, min(3.0, 4 * (units / 15000) ** 0.25), None
    for _step in range(40):
        factor = (low + high) / 2
        nodes = TreeBuilder(factor, seed).build()
        if best is None or abs(len(nodes) - units) < abs(len(best) - units):
            best = nodes
        if len(nodes) < units:
            low = factor
        else:
            high = factor
        if abs(len(nodes) - units) <= max(2, units // 500) or high - low < 1e-3:
            break
    return best


def build_catalogue(count: int, seed: int) -> list[TypeSpec]:
    """`count` equipment types, most of them serial-tracked, in order of popularity."""
    rng = random.Random(seed)
    share = {"ammo": 0.08, "parts": 0.04, "fuel": 0.03}
    specs: list[TypeSpec] = []
    serial_cats = [c for c in CATALOGUE if c[2] == "serial"]
    for category, branch, tracking, uom, origin, names in CATALOGUE:
        if tracking == "serial":
            wanted = round(count * (1 - sum(share.values())) / len(serial_cats))
        else:
            wanted = max(1, round(count * share[category]))
        for n in range(wanted):
            base = names[n % len(names)]
            variant = VARIANTS[(n // len(names)) % len(VARIANTS)]
            extra = (
                f" số {n // (len(names) * len(VARIANTS)) + 1}"
                if n >= len(names) * len(VARIANTS)
                else ""
            )
            specs.append(
                TypeSpec(0, "", f"{base}{variant}{extra}", category, branch, tracking, uom, origin)
            )
    rng.shuffle(specs)
    specs.sort(key=lambda spec: spec.category != "small_arms")  # rifles are the most common
    for pk, spec in enumerate(specs, start=1):
        spec.id, spec.symbol = pk, f"KT-{pk:04d}"
    return specs


def assign_palettes(nodes: list[Node], types: list[TypeSpec], seed: int) -> None:
    """Each unit holds a handful of types that fit its kind, popular ones more often."""
    rng = random.Random(seed)
    by_category: dict[str, list[int]] = {}
    for spec in types:
        by_category.setdefault(spec.category, []).append(spec.id)
    for node in nodes:
        categories, size = PALETTE.get(node.kind, GENERAL)
        pool = [pk for c in (categories or by_category) for pk in by_category.get(c, [])]
        picks = {pool[int(len(pool) * rng.random() ** 2)] for _ in range(size)}
        node.palette = sorted(picks)
