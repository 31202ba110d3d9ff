"""Demo maintenance: technical calendars, plans for the main types (vehicles, armour,
generators, guns), meters with readings over a year, maintenance work orders for the units of
Quân khu 1 (a few items left out, so they are overdue), and the repair station of Sư đoàn 346
with closed repairs (parts used, a grade raised) and an open one."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext

from kythuat.holdings.choices import ItemStatus
from kythuat.holdings.models import Item, PeriodClose
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids
from kythuat.storage.models import Facility, FacilityKind

from . import services
from .models import MaintenanceKind, MeterKind, RepairLevel

# category → [(maintenance kind, months, meter kind, interval on the meter)]
PLANS = {
    "vehicle": [("bd-cap-1", 6, "km", 5000), ("bd-cap-2", 12, "km", 10000)],
    "armour": [("bd-cap-1", 6, "gio-may", 100), ("bd-cap-2", 12, "gio-may", 250)],
    "generator": [("bd-cap-1", 6, "gio-may", 250)],
    "heavy": [("bd-cap-1", 6, "phat-ban", 300), ("bd-cap-2", 12, None, None)],
    "crew": [("bd-cap-1", 6, None, None)],
}
# meter kind → (first reading range, growth per month range)
GROWTH = {"km": ((8000, 90000), (250, 900)), "gio-may": ((200, 3000), (4, 15)),
          "phat-ban": ((100, 2500), (5, 30))}
# Items whose last maintenance of a kind is one cycle old (missed at the last round): they are
# the handful of overdue items of the due list, late by weeks, not years. Per kind of
# maintenance, in the small and the full demo.
LATE_ITEMS = {"small": 3, "full": 8}
# Kind → (days ago the last round closed, days ago the round before closed): the interval is
# 12 months for cấp 2 and 6 months for cấp 1.
ROUNDS = {"bd-cap-2": ((210, 300), (390, 440)), "bd-cap-1": ((30, 120), (200, 240))}


def _ancestors(tree, unit: Unit) -> list[Unit]:
    by_pk = {u.pk: u for u in tree.units.values()}
    chain, current = [], unit
    while current is not None:
        chain.append(current)
        current = by_pk.get(current.parent_id)
    return chain


def _facility_for(tree, unit: Unit) -> Facility | None:
    """The unit's own facility in use, else the nearest one of a unit above it, else one of a
    unit below it."""
    by_owner = defaultdict(list)
    for facility in tree.facilities.values():
        if facility.status == Facility.Status.IN_USE:  # the storage demo has some being built
            by_owner[facility.owner_unit_id].append(facility)
    for candidate in _ancestors(tree, unit):
        if by_owner.get(candidate.pk):
            return sorted(by_owner[candidate.pk], key=lambda f: f.pk)[0]
    # A command without a store of its own (the division's headquarters) maintains at the
    # workshop or depot of a unit below it.
    below = [f for u in tree.units.values() if u.path.startswith(unit.path)
             for f in by_owner.get(u.pk, [])]
    return min(below, key=lambda f: f.pk) if below else None


def _calendar(tree) -> int:
    entries = [
        ("QK1", "Ngày kỹ thuật", "weekly", {"weekday": 4}, (7, 30), (11, 0),
         "Kiểm tra, bảo quản, bảo dưỡng vũ khí trang bị kỹ thuật theo phân cấp; vệ sinh khu kỹ "
         "thuật, nhà xe, kho tàng."),
        ("SD346", "Giờ bảo quản vũ khí", "daily", {}, (16, 30), (17, 0),
         "Lau chùi, bảo quản vũ khí trang bị cá nhân và tập thể."),
        ("SD346", "Ngày kỹ thuật tháng", "monthly", {"day_of_month": 25}, (7, 0), (16, 30),
         "Bảo dưỡng cấp 1 xe máy; kiểm tra đồng bộ trang bị; sơ kết công tác kỹ thuật tháng."),
        ("QK1-LS", "Ngày kỹ thuật", "weekly", {"weekday": 3}, (7, 30), (11, 0),
         "Bảo quản vũ khí tủ súng dân quân tự vệ; kiểm tra sổ sách đăng ký, thống kê."),
    ]
    made = 0
    for code, name, frequency, day, start, end, content in entries:
        unit = tree.units.get(code)
        if unit is None:
            continue
        services.calendar_entry_create(
            actor=None, unit=unit, name=name, frequency=frequency, content=content,
            start_time=dt.time(*start), end_time=dt.time(*end), applies_below=True,
            valid_from=dt.date(2024, 1, 1), **day)
        made += 1
    return made


def _plans(types: dict) -> dict[int, list]:
    kinds = {k.code: k for k in MaintenanceKind.objects.all()}
    meters = {m.code: m for m in MeterKind.objects.all()}
    plans = {}
    for etype, category in sorted(types.items(), key=lambda pair: pair[0].symbol):
        rows = []
        for kind, months, meter, interval in PLANS[category]:
            rows.append(services.plan_create(
                actor=None, type=etype, kind=kinds[kind], interval_months=months,
                meter_kind=meters[meter] if meter else None,
                interval_meter=Decimal(interval) if interval else None,
                note="Định mức mẫu, cần xác nhận theo điều lệ công tác kỹ thuật của ngành"))
        plans[etype.pk] = rows
    return plans


def _readings(rng, items: list[Item], meter_of: dict[int, str], today: dt.date,
              fast: set[int]) -> int:
    """Readings 330, 240, 150 and 60 days ago and yesterday; `fast` items ran hard lately, so
    their maintenance falls due by meter before its date."""
    meters = {m.code: m for m in MeterKind.objects.all()}
    count = 0
    for item in items:
        code = meter_of.get(item.type_id)
        if code is None:
            continue
        (low, high), (g_low, g_high) = GROWTH[code]
        value, previous = Decimal(rng.randint(low, high)), None
        for days_ago in (330, 240, 150, 60, 1):
            if previous is not None:
                months = Decimal(previous - days_ago) / 30
                pace = rng.randint(g_low, g_high) * (8 if item.pk in fast and days_ago == 1
                                                     else 1)
                value += (pace * months).quantize(Decimal(1))
            services.meter_reading_record(actor=None, item=item, kind=meters[code],
                                          read_on=today - dt.timedelta(days=days_ago),
                                          value=value)
            previous = days_ago
            count += 1
    return count


def _late(rng, items: list[Item], plans: dict, count: int) -> dict[str, set[int]]:
    """Per kind of maintenance, the few items missed at the last round."""
    late = {}
    for code in ROUNDS:
        planned = sorted(i.pk for i in items if i.type_id in plans
                          and any(p.kind.code == code for p in plans[i.type_id]))
        late[code] = set(rng.sample(planned, min(count, len(planned))))
    return late


def _rounds(held: list[Item], plans: dict, late: dict[str, set[int]]):
    """(kind, days range, items) of a unit's maintenance orders: the round before for the
    items missed at the last round, then the last round for the others."""
    for code, (last, before) in ROUNDS.items():
        planned = [i for i in held if any(p.kind.code == code for p in plans[i.type_id])]
        missed = [i for i in planned if i.pk in late[code]]
        done = [i for i in planned if i.pk not in late[code]]
        for (low, high), wanted in ((before, missed), (last, done)):
            if wanted:
                yield code, low, high, wanted


def _maintain(rng, tree, items: list[Item], plans: dict, today: dt.date,
              late_count: int = LATE_ITEMS["full"]) -> int:
    """Per unit: bảo dưỡng cấp 2 some 7–10 months ago, cấp 1 1–4 months ago; a handful of
    items missed the last round, so their maintenance is weeks overdue."""
    late = _late(rng, items, plans, late_count)
    kinds = {k.code: k for k in MaintenanceKind.objects.all()}
    by_unit: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.type_id in plans:
            by_unit[item.unit_id].append(item)
    units = {u.pk: u for u in tree.units.values()}
    orders = 0
    for unit_id, held in sorted(by_unit.items()):
        unit = units.get(unit_id) or Unit.objects.get(pk=unit_id)
        facility = _facility_for(tree, unit)
        if facility is None:
            continue
        for code, low, high, wanted in _rounds(held, plans, late):
            closed = today - dt.timedelta(days=rng.randint(low, high))
            order = services.work_order_open(
                actor=None, unit=unit, facility=facility, category="maintenance",
                maintenance_kind=kinds[code], opened_on=closed - dt.timedelta(days=2),
                description=f"{kinds[code].name} định kỳ theo kế hoạch công tác kỹ thuật",
                lines=[services.WorkLine(type=i.type, item=i) for i in wanted])
            services.work_order_close(
                actor=None, work_order=order, closed_on=closed,
                labour_hours=Decimal(len(wanted) * (4 if code == "bd-cap-1" else 12)),
                cost=Decimal(len(wanted) * (800_000 if code == "bd-cap-1" else 3_500_000)),
                result="Hoàn thành; trang bị đồng bộ, hoạt động tốt")
            orders += 1
    return orders


def _station(tree, division: Unit) -> Facility:
    unit = tree.units.get("SD346-TSC")
    facility = tree.facilities.get((unit.pk, "main")) if unit else None
    if facility is not None:
        return facility
    found = Facility.objects.filter(owner_unit__in=subtree_ids(division),
                                    kind__code__in=["tram", "xuong"]).order_by("pk").first()
    if found:
        return found
    from kythuat.storage.services import facility_create

    return facility_create(actor=None, owner_unit=division, kind=FacilityKind.objects.get(
        code="tram"), code="SD346-TSC-T", name="Trạm sửa chữa tổng hợp")


def _repairs(context, division: Unit, station: Facility, vehicles: list[Item]) -> int:
    """Two closed repairs at the division's station (a grade raised, parts used) and one open."""
    from kythuat.demo.book import NewStock

    book, rng, today = context.book, context.rng, context.today
    last_close = PeriodClose.objects.aggregate(end=Max("period_end"))["end"]
    start = max(last_close + dt.timedelta(days=1) if last_close else today,
                today - dt.timedelta(days=25))
    start = min(start, today)
    spare = next((k for k in sorted(book.kind_of.values(), key=lambda k: k.etype.symbol)
                  if k.category == "spare"), None)
    owner = station.owner_unit
    if spare is not None:
        book.receive(start, owner, [], [NewStock(
            kind=spare, quantity=Decimal(30), grade=1, group=context.groups["thuong-xuyen"],
            lot_number=f"VT-{today.year}-346", expiry=None, maker="Nhà máy Z153",
            year=today.year)], source="higher_level",
            reason="Cấp vật tư kỹ thuật cho trạm sửa chữa")
    stock = [(key, qty) for key, qty in book.stock_of(owner, "spare") if qty >= 4]
    levels = {level.code: level for level in RepairLevel.objects.all()}
    worn = [i for i in vehicles if i.grade in (3, 4) and i.status == ItemStatus.IN_SERVICE]
    rng.shuffle(worn)
    made = 0
    units = {u.pk: u for u in context.tree.units.values()}
    for number, item in enumerate(worn[:3]):
        unit = units[item.unit_id]
        level = levels["sua-chua-nho" if number == 0 else "sua-chua-vua"]
        opened = min(start + dt.timedelta(days=2 + number * 3), today)
        order = services.work_order_open(
            actor=None, unit=unit, facility=station, category="repair", repair_level=level,
            opened_on=opened, lines=[services.WorkLine(type=item.type, item=item)],
            description=["Hỏng hệ thống phanh, rò dầu cầu sau", "Động cơ yếu, hao dầu bôi trơn",
                         "Hỏng hộp số, ly hợp trượt"][number])
        made += 1
        if number == 2:
            continue  # still in the station
        parts = []
        if stock and number == 0:
            key, _qty = stock[0]
            parts = [services.PartSpec(type=book.kind_of[key[2]].etype, quantity=Decimal(2),
                                       grade=key[4], usage_group=book.group_by_id[key[5]],
                                       lot=book.lots.get(key[3]))]
            book.stock.add(key, Decimal(-2))
        line = order.lines.get()
        grade = item.grade - 1
        services.work_order_close(
            actor=None, work_order=order, closed_on=min(opened + dt.timedelta(days=3), today),
            labour_hours=Decimal(rng.randint(16, 60)), cost=Decimal(rng.randint(3, 40) * 500_000),
            result="Sửa chữa xong, chạy thử đạt yêu cầu kỹ thuật", grades={line.pk: grade},
            parts=parts, parts_facility=book.facility_by_id.get(stock[0][0][1]) if parts else None)
        item.grade = grade  # the book's mirror follows the grade change document
    return made


def seed(context) -> str:
    tree, book, rng, today = context.tree, context.book, context.rng, context.today
    region, division = tree.units.get("QK1"), tree.units.get("SD346")
    if region is None or division is None:
        return "maintenance: no military region or division in this demo"
    entries = _calendar(tree)
    held = [item for unit in tree.units.values() if unit.path.startswith(region.path)
            for item in book.held(unit, *PLANS)]
    path_of = {unit.pk: unit.path for unit in tree.units.values()}
    types = {}
    for item in held:
        kind = book.kind_of[item.type_id]
        types.setdefault(kind.etype, kind.category)
    plans = _plans(types)
    meter_of = {etype.pk: next((p.meter_kind.code for p in plans[etype.pk] if p.meter_kind), None)
                for etype in types}
    # Meters for the division's and Lạng Sơn's vehicles and guns (a sample in the full demo).
    province = tree.units.get("QK1-LS")
    metered = sorted((i for i in held if meter_of.get(i.type_id) and (
        path_of[i.unit_id].startswith(division.path)
        or (province and path_of[i.unit_id].startswith(province.path)))), key=lambda i: i.pk)
    metered = metered[:60 if context.small else 240]
    fast = {item.pk for item in rng.sample(metered, min(3, len(metered)))}
    readings = _readings(rng, metered, meter_of, today, fast)
    orders = _maintain(rng, tree, held, plans, today,
                       LATE_ITEMS["small" if context.small else "full"])
    station = _station(tree, division)
    vehicles = sorted((i for i in held if book.kind_of[i.type_id].category == "vehicle"
                       and path_of[i.unit_id].startswith(division.path)), key=lambda i: i.pk)
    repairs = _repairs(context, division, station, vehicles)
    return gettext("Maintenance: %(entries)s calendar entries, %(plans)s plans, %(readings)s "
                   "meter readings, %(orders)s maintenance and %(repairs)s repair work orders") % {
        "entries": entries, "plans": sum(map(len, plans.values())), "readings": readings,
        "orders": orders, "repairs": repairs}
