"""Upkeep during a year: training, repairs, the year-end classification, write-offs, and
the odd lost weapon or mistaken document."""

from typing import TYPE_CHECKING

from kythuat.holdings.choices import MovementKind as K

from .flows import classify, part, scaled, serviceable, worn_items
from .plan import DEPOTS, FIRST_YEAR, REPAIRED, Calendar, decision

if TYPE_CHECKING:
    from .history import History


def training(h: "History", cal: Calendar, year: int) -> None:
    """Ammunition, fuel and parts consumed in training and daily work."""
    units = [*h.tree.provinces, *h.tree.regiments]
    units += [h.tree.units["SD346-TSC"]] if year % 2 else []
    units += [b for i, b in enumerate(h.tree.of_role("battalion")) if (year + i) % 4 == 0]
    share = {
        "ammo": (0.05, 0.15),
        "shell": (0.02, 0.08),
        "explosive": (0.05, 0.2),
        "fuel": (0.4, 0.8),
        "spare": (0.2, 0.5),
        "part": (0.1, 0.3),
        "material": (0.2, 0.4),
    }
    training_group = h.groups["huan-luyen"].pk
    for unit in units:
        if not h.active():
            continue
        stock = []
        for key, quantity in h.book.stock_of(unit, *share):
            low, high = share[h.book.kind_of[key[2]].category]
            if key[5] == training_group:
                low, high = 0.3, 0.7
            used = part(h, quantity, low, high)
            if used >= 1 and (key[5] == training_group or h.rng.random() < 0.6):
                stock.append((key, used))
        if stock:
            h.book.remove(
                K.CONSUMPTION,
                cal.next(),
                unit,
                [],
                stock,
                reason=f"Tiêu thụ đạn, xăng dầu, vật tư huấn luyện và hoạt động "
                f"thường xuyên năm {year}",
            )


def repairs(h: "History", cal: Calendar, year: int) -> None:
    """One regiment a year sends worn equipment to the division's repair station."""
    if not h.active(0.6):
        return
    station = h.tree.units["SD346-TSC"]
    regiment = h.tree.regiments[(year - FIRST_YEAR + 1) % len(h.tree.regiments)]
    worn = [item for item in worn_items(h, regiment, REPAIRED) if item.grade <= 4]
    worn = worn[: scaled(h, 8, 30)]
    if not worn:
        return
    h.book.move(
        K.TRANSFER,
        cal.next(),
        regiment,
        station,
        worn,
        [],
        reason="Đưa VKTBKT vào sửa chữa vừa, sửa chữa lớn tại Trạm sửa chữa tổng hợp",
    )
    h.book.regrade(
        cal.next(7),
        station,
        [(item, 2) for item in worn],
        [],
        reason="Nâng cấp chất lượng sau sửa chữa",
        decision="Biên bản nghiệm thu sau sửa chữa "
        + decision(h.rng, cal.day, "BB-TSC", "Trạm sửa chữa tổng hợp"),
    )
    h.book.move(
        K.TRANSFER,
        cal.next(7),
        station,
        regiment,
        worn,
        [],
        reason=f"Bàn giao VKTBKT sau sửa chữa cho {regiment.name}",
    )


def classification(h: "History", cal: Calendar, year: int) -> None:
    """The year-end quality classification, every two to six years by level (communes are
    classified when they are re-equipped)."""
    every = {
        "regiment": 2,
        "province": 2,
        "division_depot": 2,
        "station": 3,
        "province_depot": 3,
        "division": 4,
        "battalion": 4,
        "company": 5,
        "district": 4,
        "ptkv": 6,
    }
    for index, unit in enumerate(h.tree.units.values()):
        cycle = every.get(h.role.get(unit.pk, ""))
        if cycle and (year + index) % cycle == 0 and h.active():
            classify(
                h, cal.next(1), unit, year, reason=f"Phân cấp chất lượng VKTBKT cuối năm {year}"
            )


def write_offs(h: "History", cal: Calendar, year: int) -> None:
    """Grade-5 equipment and spent ammunition leave the books by a write-off decision."""
    legal = " (Thông tư 126/2020/TT-BQP)" if year >= 2021 else ""
    for unit in [
        *h.tree.provinces,
        *h.tree.depot_of.values(),
        *h.tree.regiments,
        h.tree.units["SD346-K46"],
        h.tree.units["SD346-TSC"],
    ]:
        items = worn_items(h, unit, (), grade=5)
        stock = [
            (key, quantity)
            for key, quantity in h.book.stock_of(unit, "ammo", "shell")
            if key[4] >= 3 and h.role[unit.pk] in DEPOTS
        ]
        if (items or stock) and h.active(0.35):
            day = cal.next(2)
            h.book.remove(
                K.WRITE_OFF,
                day,
                unit,
                items,
                stock,
                reason=f"Loại khỏi biên chế VKTBKT cấp 5, hủy đạn dược xuống cấp{legal}",
                decision="Quyết định " + decision(h.rng, day, "QĐ-BTL", "Tư lệnh Quân khu 1"),
            )


def incidents(h: "History", cal: Calendar, year: int) -> None:
    """Now and then a weapon is lost, and later found again; now and then a document goes
    to the wrong unit and is reversed."""
    if year % (3 if h.activity > 0.5 else 5) == 0:
        province = h.tree.provinces[year % len(h.tree.provinces)]
        communes = h.tree.under(province, "commune")
        items = serviceable(h, province, ("rifle",))[: h.rng.randint(1, 4)]
        if items and communes:
            wrong = communes[year % len(communes)]
            h.book.mistake(
                K.ISSUE,
                cal.next(),
                province,
                wrong,
                items,
                reason=f"Cấp phát VKTBKT cho {wrong.name}",
            )
    for item in list(h.book.lost):
        if h.rng.random() < 0.6:  # found again within a couple of years
            unit = h.book.unit_by_id[item.unit_id]
            h.book.found(
                cal.next(),
                unit,
                [item],
                reason="Tìm thấy VKTBKT đã báo mất; nhập lại sổ đăng ký theo biên bản xác minh",
            )
    if (year - FIRST_YEAR) % 4 == 1:
        holders = h.tree.of_role("commune") + h.tree.of_role("company")
        unit = holders[(year * 11) % len(holders)]
        rifles = h.book.held(unit, "rifle", "pistol")
        if rifles:
            h.book.remove(
                K.LOSS,
                cal.next(),
                unit,
                [h.rng.choice(rifles)],
                [],
                reason="Mất VKTBKT trong khi làm nhiệm vụ; đã lập biên bản, báo cáo cấp trên",
            )
