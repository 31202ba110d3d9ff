"""Twenty years of the demo's books, posted year by year in date order.

2007 opens with the registration of what every unit held; then each year has four phases
(a quarter each): receipts from above, distribution down the chain, training and repairs,
the year-end quality classification and write-offs. Closed periods follow the postings. On
01/07/2025, between the second and third quarters, the 2025 reorganisation is applied
(`reorg2025.py`): from then on the documents go to the units that succeeded the closed ones.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from kythuat.catalog.models import Tracking, UsageGroup
from kythuat.holdings import services
from kythuat.holdings.choices import PeriodKind, ReceiptSource
from kythuat.org.models import Unit

from . import flows, reorg2025, upkeep
from .book import Book, NewItem, NewStock
from .catalogue import LX, TQ, VN, Kind
from .org_tree import Tree
from .plan import (
    DEPOTS,
    FACTORIES,
    FIRST_YEAR,
    OPENING_SHARE,
    QUANTITY,
    RECEIPT_CATEGORIES,
    SERIAL_PROFILE,
    STOCK_PROFILE,
    Calendar,
    apportion,
    decision,
    grade_for_age,
    weighted,
)

# Ammunition that a level of unit keeps, by symbol prefix (others keep any kind).
AMMO_FOR = {
    "commune": ("Đ-K56", "LĐ-01", "Đ-K54"),
    "district": ("Đ-K56", "Đ-K54", "LĐ-01"),
    "company": ("Đ-K56", "Đ-K53", "Đ-B41", "LĐ-"),
    "battalion": ("Đ-C60", "Đ-C82", "Đ-12,7", "Đ-K53", "Đ-B41"),
}
PHASES = [(1, 5, 3, 31), (4, 1, 6, 30), (7, 1, 9, 30), (10, 1, 12, 30)]


class History:
    def __init__(
        self,
        *,
        book: Book,
        tree: Tree,
        kinds: list[Kind],
        groups: dict[str, UsageGroup],
        items: int,
        today: dt.date,
        rng: random.Random,
        progress: Callable[[str], None],
    ) -> None:
        self.book, self.tree, self.rng, self.today = book, tree, rng, today
        self.groups = groups
        self.progress = progress
        self.by_category: dict[str, list[Kind]] = defaultdict(list)
        for kind in kinds:
            self.by_category[kind.category].append(kind)
        self.next_serial: dict[int, int] = {}
        self.next_lot: dict[int, int] = defaultdict(int)
        self.opening_items = round(items * OPENING_SHARE)
        years = list(range(FIRST_YEAR, today.year + 1))
        weights = [0.5 if y == FIRST_YEAR else 1.3 if 2014 <= y <= 2020 else 1.0 for y in years]
        self.budget = dict(zip(years, apportion(items - self.opening_items, weights), strict=True))
        self.role = tree.role
        self.scale = items / 30_000  # flows move fewer items in a smaller demo …
        self.activity = min(1.0, max(0.05, self.scale**0.75))  # … in fewer documents
        self.classified: dict[int, int] = {}  # unit id → year of its last classification

    def active(self, rate: float = 1.0) -> bool:
        """Whether a recurring document happens this time (rarer in a smaller demo)."""
        return self.rng.random() < rate * self.activity

    # Making new equipment

    def serial(self, kind: Kind) -> str:
        number = self.next_serial.get(kind.etype.pk) or self.rng.randint(1_000, 60_000)
        self.next_serial[kind.etype.pk] = number + self.rng.randint(1, 4)
        return f"{kind.prefix}-{number:06d}"

    def group_for(self, role: str, category: str, *, new: bool = False) -> UsageGroup:
        if category in ("vehicle", "generator", "boat", "engineer", "measure"):
            weights = {"thuong-xuyen": 55, "sscd": 35, "huan-luyen": 10}
        elif role in DEPOTS:
            weights = {"sscd": 60, "du-tru": 40} if new else {"du-tru": 85, "sscd": 15}
        elif category == "radio":
            weights = {"sscd": 60, "thuong-xuyen": 30, "huan-luyen": 10}
        elif role == "province":
            weights = (
                {"sscd": 70, "huan-luyen": 30}
                if new
                else {"sscd": 45, "du-tru": 30, "huan-luyen": 25}
            )
        else:
            weights = {"sscd": 75, "huan-luyen": 25}
        return self.groups[weighted(self.rng, weights)[0]]

    def kinds_for(self, category: str, year: int, *, fresh: bool) -> dict[Kind, float]:
        if fresh:
            options = {
                k: k.weight
                for k in self.by_category[category]
                if k.made_from <= year and k.made_to >= year - 1
            }
            if options:
                return options
        return {k: k.weight for k in self.by_category[category] if k.made_from <= year - 3}

    def new_items(
        self, role: str, category: str, count: int, year: int, *, fresh: bool
    ) -> list[NewItem]:
        """`count` new items of a category: made lately (fresh) or out of older stocks."""
        options = self.kinds_for(category, year, fresh=fresh)
        if count <= 0 or not options:
            return []
        picked = weighted(self.rng, options, k=self.rng.randint(1, 2 if count < 8 else 4))
        shares = apportion(count, [options[k] * self.rng.uniform(0.5, 1.5) for k in picked])
        rows = []
        for kind, share in zip(picked, shares, strict=True):
            for _copy in range(share):
                if fresh and kind.made_to >= year - 1:
                    made = max(kind.made_from, year - self.rng.choice((0, 0, 1)))
                else:
                    made = self.rng.randint(kind.made_from, min(kind.made_to, year - 1))
                grade = 1 if fresh else grade_for_age(self.rng, year - made)
                if not fresh and year > FIRST_YEAR:
                    grade = min(grade, 2)  # the higher level hands out serviceable stock
                rows.append(
                    NewItem(
                        kind,
                        self.serial(kind),
                        made,
                        grade,
                        self.group_for(role, category, new=fresh),
                    )
                )
        return rows

    def new_lot(self, role: str, kind: Kind, year: int, size: str) -> NewStock:
        low, high = QUANTITY[kind.category][size]
        quantity = self.rng.randint(low, high)
        if kind.etype.uom in ("quả", "chiếc", "bộ") and kind.category == "ammo":
            quantity = max(10, quantity // 20)
        made = self.rng.randint(max(kind.made_from, year - 30), year)
        grade = 1 if year - made < 8 else 2 if year - made < 20 else 3
        group = (
            "huan-luyen"
            if kind.etype.symbol.endswith("-T")
            else ("du-tru" if role in DEPOTS else "sscd")
        )
        if kind.tracking == Tracking.BULK:
            return NewStock(
                kind,
                Decimal(quantity),
                1 if made > year - 5 else 2,
                self.groups["thuong-xuyen" if kind.category == "fuel" else group],
            )
        if made < 1990:
            origin = self.rng.choice((LX, LX, TQ, VN))
            maker = {LX: "Liên Xô", TQ: "Trung Quốc"}.get(origin, "")
        else:
            origin, maker = VN, ""
        factories = FACTORIES.get(kind.category, ["Nhà máy Z111"])
        maker = maker or self.rng.choice(factories)
        self.next_lot[kind.etype.pk] += 1
        code = {LX: "LX", TQ: "TQ"}.get(origin) or maker.split()[-1]
        number = f"{self.next_lot[kind.etype.pk]:03d}-{made}-{code}"
        expiry = dt.date(made + (15 if kind.category == "explosive" else 25), 12, 31)
        return NewStock(
            kind,
            Decimal(quantity),
            grade,
            self.groups[group],
            number,
            expiry if kind.category != "spare" else None,
            maker,
            made,
        )

    # The opening registration

    def opening(self) -> None:
        cal = Calendar(self.rng, dt.date(FIRST_YEAR, 1, 2), dt.date(FIRST_YEAR, 1, 31), self.today)
        holders = [u for u in self.tree.units.values() if self.role.get(u.pk) in SERIAL_PROFILE]
        buckets = [
            (unit, category, weight * self.rng.uniform(0.75, 1.25))
            for unit in holders
            for category, weight in SERIAL_PROFILE[self.role[unit.pk]].items()
        ]
        counts = apportion(self.opening_items, [b[2] for b in buckets])
        plan: dict[int, list[NewItem]] = defaultdict(list)
        for (unit, category, _weight), count in zip(buckets, counts, strict=True):
            plan[unit.pk] += self.new_items(
                self.role[unit.pk], category, count, FIRST_YEAR, fresh=False
            )
        for unit in holders:
            self.book.receive(
                cal.next(1),
                unit,
                plan[unit.pk],
                self.opening_stock(unit),
                source=ReceiptSource.OTHER,
                reason="Đăng ký ban đầu theo kết quả kiểm kê 0 giờ ngày 01/01/2007",
                decision="Chỉ thị kiểm kê "
                + decision(
                    self.rng, dt.date(FIRST_YEAR, 1, 2), "CT-BQP", "Bộ trưởng Bộ Quốc phòng"
                ),
            )

    def opening_stock(self, unit: Unit) -> list[NewStock]:
        role = self.role[unit.pk]
        size = "depot" if role in DEPOTS else "unit"
        rows = []
        for category, count in STOCK_PROFILE.get(role, {}).items():
            options = {k: k.weight for k in self.by_category[category]}
            for kind in weighted(self.rng, options, k=count):
                rows.append(
                    self.new_lot(
                        role,
                        kind,
                        FIRST_YEAR - 1,
                        "small" if role in ("company", "commune", "district") else size,
                    )
                )
        if role in AMMO_FOR:
            rows += self.share_lots(unit, role)
        return rows

    def share_lots(self, unit: Unit, role: str) -> list[NewStock]:
        """Ammunition of lots the parent province or regiment also holds."""
        holder = next(
            (
                u
                for u in self.tree.units.values()
                if unit.path.startswith(u.path) and self.role.get(u.pk) in ("province", "regiment")
            ),
            None,
        )
        if holder is None:
            return []
        keys = [
            key
            for key, _qty in self.book.stock_of(holder, "ammo")
            if self.book.kind_of[key[2]].etype.symbol.startswith(AMMO_FOR[role])
        ]
        rows = []
        for key in self.rng.sample(keys, min(len(keys), self.rng.randint(1, 3))):
            kind, lot = self.book.kind_of[key[2]], self.book.lots[key[3]]
            low, high = QUANTITY["ammo"]["small"]
            quantity = self.rng.randint(low, high) // (20 if kind.etype.uom == "quả" else 1)
            rows.append(
                NewStock(
                    kind,
                    Decimal(max(quantity, 10)),
                    key[4],
                    self.book.group_by_id[key[5]],
                    lot.lot_number,
                    lot.expiry_date,
                )
            )
        return rows

    # The years

    def run(self) -> None:
        self.opening()
        years = list(range(FIRST_YEAR, self.today.year + 1))
        for index, year in enumerate(years, 1):
            self.year(year)
            self.progress(
                _("%(year)s: %(documents)s documents, %(lines)s lines (%(percent)s%%)")
                % {
                    "year": year,
                    "documents": self.book.documents,
                    "lines": self.book.lines,
                    "percent": 100 * index // len(years),
                }
            )

    def year(self, year: int) -> None:
        steps = [
            self.phase_receipts,
            self.phase_distribution,
            self.phase_upkeep,
            self.phase_year_end,
        ]
        for quarter, (step, (m1, d1, m2, d2)) in enumerate(zip(steps, PHASES, strict=True), 1):
            start = (
                dt.date(year, m1, d1)
                if (year, quarter) != (FIRST_YEAR, 1)
                else (dt.date(year, 2, 1))
            )
            cal = Calendar(self.rng, start, dt.date(year, m2, d2), self.today)
            if start == reorg2025.EFFECTIVE and self.today >= start:
                self.reorganise()
            if cal.is_open:
                step(cal, year)
            if year == self.today.year - 1:
                self.close(year, quarter)
        if year < self.today.year - 1:
            self.close(year)

    def reorganise(self) -> None:
        """The 2025 decisions, applied on their effective date between two quarters."""
        decisions = reorg2025.reorganise(self.tree, self.book)
        if decisions:
            self.progress(
                _("%(date)s: decisions %(numbers)s applied, their handovers posted")
                % {"date": reorg2025.EFFECTIVE.strftime("%d/%m/%Y"),
                   "numbers": ", ".join(d.number for d in decisions)}
            )

    def close(self, year: int, quarter: int | None = None) -> None:
        kind = PeriodKind.QUARTER if quarter else PeriodKind.YEAR
        services.period_close(
            actor=None, unit=self.tree.units["QK1"], kind=kind, year=year, quarter=quarter
        )

    def phase_receipts(self, cal: Calendar, year: int) -> None:
        self.receipts(cal, year)
        flows.supply(self, cal, year)

    def phase_distribution(self, cal: Calendar, year: int) -> None:
        flows.commune_waves(self, cal, year)
        flows.regiment_waves(self, cal, year)
        flows.depot_transfers(self, cal, year)

    def phase_upkeep(self, cal: Calendar, year: int) -> None:
        upkeep.training(self, cal, year)
        upkeep.repairs(self, cal, year)
        flows.regroups(self, cal, year)
        flows.transfers(self, cal, year)

    def phase_year_end(self, cal: Calendar, year: int) -> None:
        upkeep.incidents(self, cal, year)
        upkeep.classification(self, cal, year)
        upkeep.write_offs(self, cal, year)

    def receipts(self, cal: Calendar, year: int) -> None:
        """New equipment from the factories and the higher level, into the depots."""
        provinces, depots = self.tree.provinces, list(self.tree.depot_of.values())
        division_depot = self.tree.units["SD346-K46"]
        recipients = [*provinces, *depots, division_depot]
        shares = [0.11] * len(provinces) + [0.04] * len(depots) + [0.44]
        # A smaller demo delivers the year's budget to fewer depots, in as many documents.
        for index in range(len(shares)):
            if (index + year) % max(1, round(1 / self.activity)):
                shares[index] = 0
        if not any(shares):
            shares[-1] = 1
        for unit, count in zip(recipients, apportion(self.budget[year], shares), strict=True):
            if not count:
                continue
            role = self.role[unit.pk]
            per_category = apportion(count, list(RECEIPT_CATEGORIES.values()))
            fresh, reserve = [], []
            reserve_year = self.rng.random() < 0.4
            for category, n in zip(RECEIPT_CATEGORIES, per_category, strict=True):
                new = not reserve_year or self.rng.random() < 0.6
                (fresh if new else reserve).extend(
                    self.new_items(role, category, n, year, fresh=new)
                )
            stock = [
                self.new_lot(role, kind, year, "depot" if role in DEPOTS else "unit")
                for kind in weighted(
                    self.rng,
                    {k: k.weight for k in self.by_category["ammo"]},
                    k=self.rng.randint(1, 3),
                )
            ]
            if role in ("province", "division_depot"):
                stock += [
                    self.new_lot(role, kind, year, "unit")
                    for kind in weighted(
                        self.rng, {k: k.weight for k in self.by_category["fuel"]}, k=2
                    )
                ]
            if fresh or stock:
                self.book.receive(
                    cal.next(),
                    unit,
                    fresh,
                    stock,
                    source=ReceiptSource.FACTORY,
                    reason=f"Tiếp nhận VKTBKT, đạn dược sản xuất mới theo kế hoạch bảo đảm "
                    f"năm {year}",
                    decision="Lệnh xuất "
                    + decision(self.rng, cal.day, "LX-CKT", "Cục Kỹ thuật Quân khu 1"),
                )
            if reserve:
                self.book.receive(
                    cal.next(),
                    unit,
                    reserve,
                    [],
                    source=ReceiptSource.HIGHER_LEVEL,
                    reason=f"Tiếp nhận VKTBKT từ kho Quân khu theo kế hoạch năm {year}",
                    decision="Lệnh xuất "
                    + decision(self.rng, cal.day, "LX-TM", "Bộ Tham mưu Quân khu 1"),
                )
