"""Demo vehicles: fuel norms of the models held, registrations, drivers (one licence expired),
a year of trips for the Lạng Sơn province command and the division, accidents over two years,
and the diesel conversion programme with converted trucks of the Lạng Sơn province command."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from kythuat.holdings.models import Item
from kythuat.org.models import Unit
from kythuat.people.models import PersonCategory

from . import services
from .models import LicenceClass, PlateType

# symbol prefix → (litres per 100 km, tank litres); petrol engines unless said otherwise
NORMS = {
    "URAL-375": (48, 300), "URAL-4320": (35, 300), "ZIL-130": (31, 170), "ZIL-131": (41, 340),
    "GAZ-66": (24, 210), "GAZ-69": (15, 75), "UAZ": (16, 78), "KAMAZ-4310": (35, 250),
    "KAMAZ": (32, 350), "RANGER": (10, 80), "PAZ": (30, 105),
}
DEFAULT_NORM = (25, 200)
CONVERTED_MODELS = ("URAL-375", "ZIL-131", "ZIL-130", "GAZ-66", "PAZ")  # phase 1 list + ZIL-130
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Nông", "Lương", "Hà", "Đinh",
            "Lộc", "Triệu", "Ma", "Bế", "Hứa"]
MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Mạnh", "Nam", "Phúc",
         "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt"]
RANKS = ["Hạ sĩ", "Trung sĩ", "Thượng sĩ", "Thiếu úy QNCN", "Trung úy QNCN", "Thượng úy QNCN"]
ROUTES = {
    "LS": ["Lạng Sơn – Đồng Đăng", "Lạng Sơn – Chi Lăng", "Lạng Sơn – Lộc Bình",
           "Hữu Lũng – Lạng Sơn", "Lạng Sơn – Tràng Định", "Lạng Sơn – Đình Lập – Lộc Bình"],
    "SD346": ["Hòa An – Cao Bằng", "Cao Bằng – Trà Lĩnh", "Hòa An – Bảo Lạc",
              "Cao Bằng – Thất Khê – Lạng Sơn", "Hòa An – thao trường Nà Giàng"],
}
PLACES = ["Km 18 Quốc lộ 1A, đoạn Chi Lăng", "Đèo Sài Hồ, Quốc lộ 1A", "Quốc lộ 4B, Lộc Bình",
          "Đèo Mã Phục, Quốc lộ 3", "Quốc lộ 34, Bảo Lạc", "Ngã ba Đồng Đăng"]


def _norm(symbol: str) -> tuple[int, int]:
    for prefix, norm in NORMS.items():
        if symbol.upper().startswith(prefix):
            return norm
    return DEFAULT_NORM


def _units_under(tree, root: Unit | None) -> list[Unit]:
    if root is None:
        return []
    return [u for u in tree.units.values() if u.path.startswith(root.path)]


def _vehicles(context, units: list[Unit]) -> list[Item]:
    items = [item for unit in units for item in context.book.held(unit, "vehicle")]
    return sorted(items, key=lambda item: item.pk)


def _name(rng) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def seed(context) -> str:
    rng, tree, today = context.rng, context.tree, context.today
    region = tree.units.get("QK1")
    province = tree.units.get("QK1-LS")
    division = tree.units.get("SD346")
    everything = _vehicles(context, _units_under(tree, region))
    if not everything:
        return "vehicles: no vehicle in this demo"
    # Norms of the models held.
    types = {item.type_id: item.type for item in everything}
    for etype in sorted(types.values(), key=lambda t: t.symbol):
        if etype.name.startswith("Xe"):
            litres, tank = _norm(etype.symbol)
            services.fuel_norm_set(actor=None, type=etype, litres_per_100km=Decimal(litres),
                                   tank_litres=Decimal(tank),
                                   source="Dữ liệu mẫu")
    # Registrations: military plates, a few still waiting.
    military = PlateType.objects.get(code="quan-su")
    temporary = PlateType.objects.get(code="tam-thoi")
    registered = 0
    for number, item in enumerate(everything, 1):
        if rng.random() < 0.05:
            continue
        plate_type = temporary if rng.random() < 0.03 else military
        services.registration_create(
            actor=None, item=item, plate=f"KA-{number // 100 + 10:02d}-{number % 100:02d}",
            plate_type=plate_type,
            registered_on=today - dt.timedelta(days=rng.randint(200, 3000)))
        registered += 1
    # Drivers of the units that run vehicles (not depots), one per vehicle.
    classes = {c.code: c for c in LicenceClass.objects.all()}
    depots = {pk for pk, role in tree.role.items() if "depot" in role}

    def running(root: Unit | None, limit: int) -> list[Item]:
        items = [item for item in _vehicles(context, _units_under(tree, root))
                 if item.unit_id not in depots and item.type.name.startswith("Xe")]
        return items[:limit]

    fleet = running(province, 12 if context.small else 40) + running(
        division, 8 if context.small else 40)
    drivers: dict[int, object] = {}
    categories = {c.code: c for c in PersonCategory.objects.filter(code__in=("qncn", "hsq-bs"))}
    for item in fleet:
        issued = today - dt.timedelta(days=rng.randint(400, 2500))
        expires = max(issued + dt.timedelta(days=365 * rng.choice((5, 10))),
                      today + dt.timedelta(days=rng.randint(60, 1500)))
        code = "FC" if item.type.symbol.startswith(("KAMAZ", "URAL")) and rng.random() < 0.3 \
            else ("B2" if item.type.symbol.startswith(("UAZ", "RANGER", "GAZ-69")) else "C")
        rank = rng.choice(RANKS)
        driver = services.driver_create(  # a new person of the unit, with the licence
            actor=None, unit=item.unit, full_name=_name(rng), rank=rank,
            licence_number=f"QS{rng.randint(100000, 999999)}", licence_class=classes[code],
            licence_issued_on=issued, licence_expires_on=expires,
            category=categories["qncn" if "QNCN" in rank else "hsq-bs"],
            joined_on=min(issued, today - dt.timedelta(days=900)))
        drivers[item.pk] = driver
        services.assignment_create(actor=None, item=item, driver=driver,
                                   started_on=max(issued, today - dt.timedelta(
                                       days=rng.randint(380, 900))))
    # One licence of the Lạng Sơn province command expired last month.
    ls_fleet = [item for item in fleet if province and item.unit_id == province.pk] or fleet
    lapsed = services.driver_create(
        actor=None, unit=ls_fleet[0].unit, full_name="Hoàng Văn Thụ", rank="Thượng sĩ",
        licence_number="QS250719", licence_class=classes["C"],
        licence_issued_on=today - dt.timedelta(days=365 * 5 + 30),
        licence_expires_on=today - dt.timedelta(days=26),
        note="Đã nộp hồ sơ đổi giấy phép lái xe", category=categories["hsq-bs"],
        joined_on=today - dt.timedelta(days=365 * 5 + 60))
    # Trips over the last year, one or two a month per vehicle, numbered by date per unit.
    planned = []
    for item in fleet:
        litres, tank = _norm(item.type.symbol)
        routes = ROUTES["LS"] if province and item.unit.path.startswith(province.path) \
            else ROUTES["SD346"]
        count = rng.randint(8, 12) if context.small else rng.randint(12, 20)
        for day in sorted({today - dt.timedelta(days=rng.randint(1, 364)) for _ in range(count)}):
            km = Decimal(rng.randint(18, 260))
            fuel = (km * litres / 100 * Decimal(str(rng.uniform(0.9, 1.12)))).quantize(
                Decimal("1"), rounding=ROUND_HALF_UP)
            planned.append((day, item.pk, item, rng.choice(routes), km, min(fuel, Decimal(tank))))
    counters: dict[tuple[int, int], int] = {}
    for day, _pk, item, route, km, fuel in sorted(planned, key=lambda row: row[:2]):
        key = (item.unit_id, day.year)
        counters[key] = counters.get(key, 0) + 1
        services.trip_create(actor=None, item=item, driver=drivers[item.pk],
                             order_number=f"{counters[key]:03d}/LĐX-{day.year}", trip_date=day,
                             route=route, km=km, fuel_litres=fuel)
    trips = len(planned)
    # Accidents over this year and last year.
    accidents = 0
    this_year = dt.date(today.year, 1, 1)
    for index in range(5 if context.small else 8):
        item = fleet[rng.randrange(len(fleet))]
        if index < 2:
            day = this_year + dt.timedelta(days=rng.randint(0, max(0, (today - this_year).days)))
        else:
            day = dt.date(today.year - 1, rng.randint(1, 12), rng.randint(1, 28))
        services.accident_create(
            actor=None, item=item, driver=drivers[item.pk], occurred_on=day,
            place=rng.choice(PLACES), deaths=1 if index == 3 else 0,
            injuries=rng.choice((0, 1, 1, 2)),
            description="Va chạm khi tránh xe ngược chiều trên đường đèo, trời mưa.")
        accidents += 1
    # The diesel conversion programme and the converted trucks of Lạng Sơn.
    covered = sorted({t for t in types.values() if t.symbol.upper().startswith(
        CONVERTED_MODELS)}, key=lambda t: t.symbol)
    converted = 0
    if covered:
        programme = services.programme_create(
            actor=None, unit=tree.units.get("BQP") or region, types=covered,
            name="Cải tiến đi-ê-den hóa xe ô tô quân sự", phase="Giai đoạn 2 (2018–2025)",
            decision_ref="Quyết định số 2459/QĐ-BQP (dữ liệu mẫu)",
            description="Thay động cơ xăng bằng động cơ đi-ê-den cho các xe URAL-375, ZIL-131, "
                        "GAZ-66, PAZ-3205; động cơ do Nhà máy Z151 lắp đặt.")
        candidates = [item for item in _vehicles(context, _units_under(tree, province))
                      if item.type in covered]
        for item in candidates[: max(2, len(candidates) * 2 // 3)]:
            before = Decimal(_norm(item.type.symbol)[0])
            services.conversion_create(
                actor=None, programme=programme, item=item,
                converted_on=today - dt.timedelta(days=rng.randint(60, 1500)),
                performed_by="Nhà máy Z151, Tổng cục Kỹ thuật", fuel_before=before,
                fuel_after=(before * Decimal(str(rng.uniform(0.58, 0.68)))).quantize(
                    Decimal("0.1")))
            converted += 1
    return gettext("Vehicles: %(registered)s registered, %(drivers)s drivers (the licence of "
                   "%(lapsed)s has expired), %(trips)s trips, %(accidents)s accidents, "
                   "%(converted)s converted to diesel") % {
        "registered": registered, "drivers": len(drivers) + 1, "lapsed": lapsed.full_name,
        "trips": trips, "accidents": accidents, "converted": converted}
