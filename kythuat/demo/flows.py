"""How equipment moves during a year: supply, distribution down the chain, moves between
units and usage groups; and the helpers that pick what to move.

Each function drafts whole documents (several lines each) from the book's mirror and posts
them through the book, in the order of their dates.
"""

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from kythuat.holdings.choices import MovementKind as K
from kythuat.holdings.models import Item
from kythuat.org.models import Unit

from .book import StockKey
from .plan import AGEING, FIRST_YEAR, ISSUED, Calendar, decision

if TYPE_CHECKING:
    from .history import History

WAVE_SHARE = 0.05  # share of a province's communes re-equipped each year


def scaled(h: "History", low: int, high: int) -> int:
    return max(2, round(h.rng.randint(low, high) * h.scale))


def part(h: "History", quantity: Decimal, low: float, high: float) -> Decimal:
    return Decimal(math.floor(quantity * Decimal(h.rng.uniform(low, high))))


def serviceable(h: "History", unit: Unit, categories: tuple[str, ...]) -> list[Item]:
    """Items fit to hand out: grade 1–2, not in the reserve, newest first."""
    reserve = h.groups["du-tru"].pk
    items = [
        item
        for item in h.book.held(unit, *categories)
        if item.grade <= 2 and item.usage_group.pk != reserve
    ]
    return sorted(items, key=lambda item: (item.grade, -(item.manufactured_year or 0), item.pk))


def worn_items(h: "History", unit: Unit, categories: tuple[str, ...], grade: int = 3) -> list[Item]:
    return [item for item in h.book.held(unit, *categories) if item.grade >= grade]


def ammo_for(h: "History", holder: Unit, prefixes: tuple[str, ...]) -> list[StockKey]:
    return [
        key
        for key, _q in h.book.stock_of(holder, "ammo")
        if h.book.kind_of[key[2]].etype.symbol.startswith(prefixes)
    ]


def supply(h: "History", cal: Calendar, year: int) -> None:
    """The division depot supplies fuel, ammunition and spare parts to its units."""
    depot = h.tree.units["SD346-K46"]
    for target in [*h.tree.regiments, h.tree.units["SD346-TSC"]]:
        if not h.active():
            continue
        wanted = (
            ("fuel", "spare", "part", "ammo")
            if target in h.tree.regiments
            else ("fuel", "spare", "part", "material")
        )
        stock = []
        for key, quantity in h.book.stock_of(depot, *wanted):
            category = h.book.kind_of[key[2]].category
            if h.rng.random() < (0.6 if category == "fuel" else 0.15):
                share = part(h, quantity, 0.08, 0.2)
                if share >= 1:
                    stock.append((key, share))
        if stock:
            h.book.move(
                K.TRANSFER,
                cal.next(),
                depot,
                target,
                [],
                stock[:60],
                reason=f"Bảo đảm xăng dầu, đạn dược, phụ tùng năm {year}",
                decision="Lệnh xuất "
                + decision(h.rng, cal.day, "LX-KT", "Sư đoàn trưởng Sư đoàn 346"),
            )


def commune_waves(h: "History", cal: Calendar, year: int) -> None:
    """Each year some communes of every province are inspected and re-equipped."""
    for province in h.tree.provinces:
        communes = h.tree.under(province, "commune")
        count = max(1, round(len(communes) * WAVE_SHARE))
        start = (year - FIRST_YEAR) * count
        for index in range(count):
            if h.active():
                _equip_commune(h, cal, province, communes[(start + index) % len(communes)], year)


def _equip_commune(h: "History", cal: Calendar, province: Unit, commune: Unit, year: int) -> None:
    """Inspects a commune, takes back its worn equipment and issues new: from the province,
    or through the district command (Ban CHQS huyện) the commune was under until 2025."""
    chief = f"Chỉ huy trưởng {province.name}"
    classify(
        h,
        cal.next(),
        commune,
        year,
        reason=(f"Phân cấp chất lượng VKTBKT qua kiểm tra kỹ thuật của {province.name} năm {year}"),
    )
    district = h.book.unit_by_id.get(commune.parent_id)
    holder = district if h.role.get(commune.parent_id) == "district" else province
    worn = worn_items(h, commune, ISSUED)
    if worn:
        h.book.move(
            K.RETURN,
            cal.next(),
            commune,
            holder,
            worn,
            [],
            reason="Thu hồi VKTBKT xuống cấp về kho Bộ CHQS tỉnh"
            if holder is province
            else f"Thu hồi VKTBKT xuống cấp về {holder.name}",
        )
    issue = serviceable(h, province, ISSUED)[: len(worn) + scaled(h, 2, 12)]
    stock = [
        (key, min(h.book.stock[key], Decimal(h.rng.randint(200, 1_500))))
        for key in ammo_for(h, province, ("Đ-K56", "LĐ-01"))[:2]
    ]
    if not issue and not stock:
        return
    day = cal.next()
    if holder is not province:
        h.book.move(
            K.ISSUE,
            day,
            province,
            holder,
            issue,
            stock,
            reason=f"Cấp phát VKTBKT, đạn dược cho {holder.name} để cấp cho {commune.name}",
            decision="Lệnh cấp phát " + decision(h.rng, day, "LCP-BCH", chief),
        )
        stock = [((holder.pk, _place_id(h, holder, key), *key[2:]), quantity)
                 for key, quantity in stock]
        day = cal.next()
        chief = f"Chỉ huy trưởng {holder.name}"
    h.book.move(
        K.ISSUE,
        day,
        holder,
        commune,
        issue,
        stock,
        reason=f"Cấp phát VKTBKT, đạn dược cho {commune.name} theo kế hoạch năm {year}",
        decision="Lệnh cấp phát " + decision(h.rng, day, "LCP-BCH", chief),
    )


def _place_id(h: "History", unit: Unit, key: StockKey) -> int | None:
    place = h.book.place(unit, h.book.kind_of[key[2]])
    return place.pk if place else None


def regiment_waves(h: "History", cal: Calendar, year: int) -> None:
    """One regiment a year gets new equipment from the division depot and hands it down."""
    if not h.active():
        return
    depot = h.tree.units["SD346-K46"]
    regiment = h.tree.regiments[(year - FIRST_YEAR) % len(h.tree.regiments)]
    pool = serviceable(h, depot, (*ISSUED, "vehicle", "generator"))
    items = pool[: scaled(h, 60, 160)]
    if items:
        h.book.move(
            K.TRANSFER,
            cal.next(),
            depot,
            regiment,
            items,
            [],
            reason=f"Bổ sung VKTBKT cho {regiment.name} theo kế hoạch năm {year}",
            decision="Lệnh xuất " + decision(h.rng, cal.day, "LX-KT", "Sư đoàn trưởng Sư đoàn 346"),
        )
    subunits = h.tree.under(regiment, "company") + h.tree.under(regiment, "battalion")
    for subunit in h.rng.sample(subunits, min(len(subunits), h.rng.randint(2, 3))):
        classify(
            h,
            cal.next(),
            subunit,
            year,
            reason=f"Phân cấp chất lượng VKTBKT của {subunit.name} trước khi cấp mới",
        )
        worn = worn_items(h, subunit, ISSUED)
        new = serviceable(h, regiment, ISSUED)[: len(worn) + scaled(h, 2, 10)]
        stock = [
            (key, part(h, h.book.stock[key], 0.05, 0.15))
            for key in ammo_for(h, regiment, ("Đ-K56", "Đ-K53", "Đ-B41", "LĐ-"))[:2]
        ]
        stock = [(key, quantity) for key, quantity in stock if quantity >= 1]
        if new or stock:
            h.book.move(
                K.ISSUE,
                cal.next(),
                regiment,
                subunit,
                new,
                stock,
                reason=f"Cấp phát VKTBKT, đạn dược cho {subunit.name}",
            )
        if worn:
            h.book.move(
                K.RETURN,
                cal.next(),
                subunit,
                regiment,
                worn,
                [],
                reason="Giao trả VKTBKT xuống cấp về Trung đoàn",
            )


def depot_transfers(h: "History", cal: Calendar, year: int) -> None:
    """Reserve stock moves from a provincial depot to the province's own store."""
    for province, depot in h.tree.depot_of.items():
        if not h.active(0.5):
            continue
        items = [item for item in h.book.held(depot, *ISSUED) if item.grade <= 2]
        items = items[: scaled(h, 10, 50)]
        if items:
            h.book.move(
                K.TRANSFER,
                cal.next(),
                depot,
                h.book.unit_by_id[province],
                items,
                [],
                reason="Điều chuyển VKTBKT dự trữ về kho Bộ CHQS tỉnh",
                decision="Quyết định " + decision(h.rng, cal.day, "QĐ-BTL", "Tư lệnh Quân khu 1"),
            )


def regroups(h: "History", cal: Calendar, year: int) -> None:
    """Usage group changes: training rotation in a company, reserve released in the depot."""
    companies = h.tree.of_role("company")
    company = companies[(year * 7) % len(companies)]
    sscd, training_group = h.groups["sscd"], h.groups["huan-luyen"]
    source, target = (sscd, training_group) if year % 2 else (training_group, sscd)
    items = [i for i in h.book.held(company, "rifle") if i.usage_group.pk == source.pk]
    if items and (year % 3 == 0 or h.active()):
        h.book.regroup(
            cal.next(),
            company,
            items[: scaled(h, 10, 40)],
            target,
            reason=f"Chuyển nhóm sử dụng theo kế hoạch huấn luyện năm {year}",
        )
    depot = h.tree.units["SD346-K46"]
    reserve = [
        i
        for i in h.book.held(depot, *ISSUED)
        if i.usage_group.pk == h.groups["du-tru"].pk and i.grade <= 2
    ]
    if reserve and h.active(0.5):
        h.book.regroup(
            cal.next(),
            depot,
            reserve[: scaled(h, 20, 80)],
            sscd,
            reason="Đưa VKTBKT dự trữ vào nhóm sẵn sàng chiến đấu",
        )


def transfers(h: "History", cal: Calendar, year: int) -> None:
    """Moves between units ordered by the military region or the division."""
    provinces = h.tree.provinces
    source = provinces[year % len(provinces)]
    target = provinces[(year + 1) % len(provinces)]
    items = serviceable(h, source, ("rifle", "crew"))[: scaled(h, 10, 40)]
    if items and h.active(0.7):
        h.book.move(
            K.TRANSFER,
            cal.next(),
            source,
            target,
            items,
            [],
            reason=f"Điều chuyển VKTBKT từ {source.name} sang {target.name}",
            decision="Quyết định " + decision(h.rng, cal.day, "QĐ-BTL", "Tư lệnh Quân khu 1"),
        )
    regiments = h.tree.regiments
    source, target = regiments[year % 3], regiments[(year + 1) % 3]
    vehicles = [i for i in h.book.held(source, "vehicle") if i.grade <= 3]
    if year % 2 == 0 and vehicles and h.active():
        h.book.move(
            K.TRANSFER,
            cal.next(),
            source,
            target,
            vehicles[: h.rng.randint(2, 5)],
            [],
            reason=f"Điều chuyển xe theo mệnh lệnh của Sư đoàn 346 năm {year}",
        )


def classify(h: "History", day, unit: Unit, year: int, *, reason: str) -> None:
    span = year - h.classified.get(unit.pk, FIRST_YEAR - 1)
    h.classified[unit.pk] = year
    items = []
    for item in h.book.held(unit):
        if item.grade >= 5:
            continue
        chance = AGEING[item.grade] * (2 if year - (item.manufactured_year or year) > 30 else 1)
        if h.rng.random() < 1 - (1 - chance) ** span:
            items.append((item, item.grade + 1))
    stock = []
    for key, quantity in h.book.stock_of(unit, "ammo", "shell", "explosive"):
        lot = h.book.lots[key[3]]
        age = year - (lot.manufactured_year or year)
        old = (key[4] == 1 and age >= 10) or (key[4] == 2 and age >= 22)
        if old and h.rng.random() < 0.4:
            stock.append((key, quantity, key[4] + 1))
    if items or stock:
        h.book.regrade(
            day,
            unit,
            items,
            stock,
            reason=reason,
            decision="Biên bản kiểm tra kỹ thuật " + decision(h.rng, day, "BB-KT", unit.name),
        )
