"""Demo ammunition records: periodic tests of the lots the books hold over the years (a few
overdue now), one lot isolated after a failed test, one lot's shelf life extended, a few lots
expiring soon, and a disposal batch of an expired lot carried out by its write-off."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Min, Sum
from django.utils.translation import gettext

from kythuat.holdings import services as holdings
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Balance, LedgerEntry, Lot

from . import services
from .models import RetestInterval, TestConclusion, TestKind
from .selectors import add_months, ammunition_types

TEAMS = ["Tổ kỹ thuật đạn", "Trạm sửa chữa vũ khí đạn", "Tổ kiểm tra chất lượng đạn dược",
         "Ngành Quân khí"]
RESULTS = {
    "dat": ["Thuốc phóng ổn định, hạt liều đều màu; bắn thử đạt tầm, đạt độ chụm.",
            "Vỏ, hộp, hòm đạn khô, không han gỉ; kiểm tra ngòi đạt yêu cầu.",
            "Kiểm tra ngoại quan và bắn thử đạt yêu cầu kỹ thuật."],
    "han-che-su-dung": ["Có mẫu nổ chậm, tầm bắn giảm; chỉ dùng cho huấn luyện.",
                        "Một số hòm đạn ẩm, vỏ đạn xỉn màu; ưu tiên sử dụng trước."],
    "khong-dat": ["Thuốc phóng phân hủy, có mùi axit; nhiều mẫu không nổ.",
                  "Ngòi lệch khoảng cách lắp, mặt thuốc nổ biến chất."],
}


def _decision(rng, day: dt.date, symbol: str) -> str:
    return f"Quyết định số {rng.randint(5, 480)}/{symbol} ngày {day:%d/%m/%Y}"


def _pick_conclusion(rng) -> str:
    roll = rng.random()
    return "dat" if roll < 0.86 else "han-che-su-dung" if roll < 0.96 else "khong-dat"


def seed(context) -> str:
    rng, tree, today = context.rng, context.tree, context.today
    units = {unit.pk: unit for unit in tree.units.values()}
    # Spare parts kept by lot in a weapons branch are not re-tested like ammunition.
    for type_id, kind in sorted(context.book.kind_of.items()):
        if kind.category in ("part", "spare"):
            RetestInterval.objects.get_or_create(
                type_id=type_id, defaults={"months": None,
                                           "source": "Phụ tùng, không kiểm tra định kỳ như đạn"})
    holders: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for row in (Balance.objects.filter(quantity__gt=0, lot__isnull=False,
                                       lot__type__in=ammunition_types(), unit__in=list(units))
                .values("lot_id", "unit_id").annotate(total=Sum("quantity"))
                .order_by("lot_id", "unit_id")):
        holders[row["lot_id"]].append((row["unit_id"], row["total"]))
    if not holders:
        return "ammunition: no ammunition lot in this demo"
    # Every lot of the Lạng Sơn province command is tested, and a sample of the others.
    province = tree.units.get("QK1-LS")
    own = [i for i in sorted(holders) if province and any(
        units[u].path.startswith(province.path) for u, _q in holders[i])][:80]
    others = [i for i in sorted(holders) if i not in own]
    chosen = sorted(own + rng.sample(others, min(10 if context.small else 150, len(others))))
    lots = Lot.objects.select_related("type").in_bulk(chosen)
    first_seen = dict(LedgerEntry.objects.filter(lot_id__in=chosen).values("lot_id")
                      .annotate(first=Min("effective_date")).values_list("lot_id", "first"))
    kinds = {kind.code: kind for kind in TestKind.objects.all()}
    conclusions = {c.code: c for c in TestConclusion.objects.all()}

    own_set = set(own)

    def holder(lot_id: int):
        # The highest unit holding the lot keeps its record (a province, a depot, a regiment);
        # for the province's lots, its own highest unit.
        pairs = [pair for pair in holders[lot_id] if lot_id not in own_set
                 or units[pair[0]].path.startswith(province.path)]
        return units[min(pairs, key=lambda pair: (len(units[pair[0]].path), pair[0]))[0]]

    tests = 0
    for lot_id in chosen:
        lot, unit = lots[lot_id], holder(lot_id)
        day = max(first_seen.get(lot_id, today), today - dt.timedelta(days=6 * 365))
        day += dt.timedelta(days=rng.randint(20, 200))
        stop = today - dt.timedelta(days=rng.randint(430, 560) if rng.random() < 0.25 else 0)
        facility = unit.facilities.order_by("pk").first()
        while day <= stop:
            code = _pick_conclusion(rng)
            small = lot.type.uom != "viên"
            taken = rng.randint(3, 10) if small else rng.randint(20, 60)
            failed = {"dat": rng.randint(0, 1), "han-che-su-dung": rng.randint(1, 3),
                      "khong-dat": rng.randint(3, 6)}[code]
            kind = kinds["kiem-tra-dinh-ky" if rng.random() < 0.7 else "thu-nghiem-mau"]
            services.lot_test_record(
                actor=None, lot=lot, unit=unit, tested_on=day, kind=kind,
                conclusion=conclusions[code], samples_taken=taken,
                samples_failed=min(failed, taken), results=rng.choice(RESULTS[code]),
                performed_by=rng.choice(TEAMS), facility=facility)
            tests += 1
            day = add_months(day, 12) + dt.timedelta(days=rng.randint(-20, 40))

    # One lot fails its latest test and is isolated pending recall.
    in_province = [i for i in chosen if i in own_set]
    isolated = (in_province or chosen)[0]
    lot, unit = lots[isolated], holder(isolated)
    tested = today - dt.timedelta(days=rng.randint(20, 40))
    services.lot_test_record(
        actor=None, lot=lot, unit=unit, tested_on=tested, kind=kinds["thu-nghiem-mau"],
        conclusion=conclusions["de-nghi-xu-ly"], samples_taken=30, samples_failed=9,
        results=RESULTS["khong-dat"][0], performed_by=TEAMS[2])
    services.lot_isolate(
        actor=None, lot=lot, unit=unit, isolated_on=tested + dt.timedelta(days=3),
        decision_ref=_decision(rng, tested + dt.timedelta(days=3), "QĐ-BCH"),
        reason="Thử nghiệm mẫu không đạt, chờ cấp trên thu hồi xử lý")

    # One lot close to (or past) its expiry gets three more years after a passed test.
    rest = [i for i in chosen if i != isolated and lots[i].expiry_date]
    rest.sort(key=lambda i: (lots[i].expiry_date, i))
    extended = None
    if rest:
        extended = next((i for i in rest if lots[i].expiry_date >= today), rest[-1])
        lot, unit = lots[extended], holder(extended)
        decided = today - dt.timedelta(days=rng.randint(30, 60))
        services.lot_test_record(
            actor=None, lot=lot, unit=unit, tested_on=decided - dt.timedelta(days=25),
            kind=kinds["thu-nghiem-mau"], conclusion=conclusions["dat"], samples_taken=40,
            samples_failed=0, results=RESULTS["dat"][0], performed_by=TEAMS[3])
        services.shelf_life_extend(
            actor=None, lot=lot, unit=unit, decided_on=decided,
            decision_ref=_decision(rng, decided, "QĐ-TCKT") + " của Tổng cục Kỹ thuật",
            new_expiry=dt.date(max(lot.expiry_date, today).year + 3, 12, 31),
            note="Tăng hạn sử dụng sau thử nghiệm mẫu đạt")

    # A few lots expire within the next quarter (their data as corrected from the lot papers).
    soon = [i for i in chosen if i not in (isolated, extended) and lots[i].expiry_date
            and today <= lots[i].expiry_date <= today + dt.timedelta(days=90)]
    for lot_id, days in zip([i for i in chosen if i not in (isolated, extended)][-3:],
                            (25, 55, 85), strict=False):
        if len(soon) >= 3:
            break
        holdings.lot_update(actor=None, lot=lots[lot_id],
                            data={"expiry_date": today + dt.timedelta(days=days)})
        soon.append(lot_id)

    # An expired lot of a province or depot goes to disposal; its write-off is posted.
    batches = 0
    for lot_id in sorted(chosen, key=lambda i: (i not in in_province, i)):
        lot = lots[lot_id]
        if lot_id in (isolated, extended) or lot_id in soon or lot.status != LotStatus.NORMAL:
            continue
        if not lot.expiry_date or lot.expiry_date >= today:
            continue
        unit = holder(lot_id)
        decided = today - dt.timedelta(days=rng.randint(20, 40))
        held = Balance.objects.filter(unit=unit, lot=lot).aggregate(t=Sum("quantity"))["t"]
        if not held:
            continue
        batch = services.disposal_batch_create(
            actor=None, unit=unit, title=f"Đạn quá hạn sử dụng năm {today.year}",
            decided_on=decided,
            decision_ref=_decision(rng, decided, "QĐ-BTL") + " của Tư lệnh Quân khu 1 "
            "(Thông tư 126/2020/TT-BQP)",
            note="Hủy bằng phương pháp nổ phá tại bãi hủy của Quân khu.",
            lines=[(lot, held)])
        services.disposal_batch_approve(actor=None, batch=batch)
        for movement in services.disposal_write_off_create(actor=None, batch=batch, unit=unit,
                                                           effective_date=today):
            holdings.movement_post(actor=None, movement=movement)
        batches += 1
        break
    settled = _settle_expired(context, holders, units, kinds, conclusions)
    return gettext("Ammunition: %(tests)s tests of %(lots)s lots, 1 lot isolated, "
                   "%(extended)s shelf-life extension, %(batches)s disposal batch") % {
        "tests": tests, "lots": len(chosen), "extended": 1 if extended else 0,
        "batches": batches} + gettext("; expired lots: %(extended)s extended, %(isolated)s "
                                      "isolated pending disposal") % settled


EXTENSION_YEARS = 5  # a passed sample test gives a lot five more years
ISOLATE_SHARE = 0.15  # of the lots that expired in the last years: failed their test


def _settle_expired(context, holders: dict, units: dict, kinds: dict,
                    conclusions: dict) -> dict[str, int]:
    """No lot in stock stays past its expiry as if in normal use: as the depots do, a lot
    reaching its expiry is sample-tested; a passed test extends its shelf life (the history of
    an old lot is a chain of extensions), a failed one isolates it pending disposal."""
    rng, today = context.rng, context.today
    lots = Lot.objects.select_related("type").in_bulk(sorted(holders))
    extended = isolated = 0
    for lot_id in sorted(holders):
        lot = lots[lot_id]
        if lot.status != LotStatus.NORMAL or not lot.expiry_date or lot.expiry_date >= today:
            continue
        unit = units[min(holders[lot_id], key=lambda pair: (len(units[pair[0]].path),
                                                               pair[0]))[0]]
        recent = lot.expiry_date >= today - dt.timedelta(days=6 * 365)
        if recent and rng.random() < ISOLATE_SHARE:
            tested = max(lot.expiry_date, today - dt.timedelta(days=rng.randint(40, 160)))
            services.lot_test_record(
                actor=None, lot=lot, unit=unit, tested_on=tested, kind=kinds["thu-nghiem-mau"],
                conclusion=conclusions["khong-dat"], samples_taken=30,
                samples_failed=rng.randint(6, 12), results=rng.choice(RESULTS["khong-dat"]),
                performed_by=TEAMS[2])
            day = min(tested + dt.timedelta(days=rng.randint(3, 15)), today)
            services.lot_isolate(
                actor=None, lot=lot, unit=unit, isolated_on=day,
                decision_ref=_decision(rng, day, "QĐ-BCH"),
                reason="Quá hạn sử dụng, thử nghiệm mẫu không đạt; chờ cấp trên phê duyệt "
                       "tiêu hủy")
            isolated += 1
            continue
        expiry = lot.expiry_date
        while expiry < today:
            decided = min(expiry - dt.timedelta(days=rng.randint(20, 75)), today)
            new_expiry = dt.date(expiry.year + EXTENSION_YEARS, 12, 31)
            services.shelf_life_extend(
                actor=None, lot=lot, unit=unit, decided_on=decided, new_expiry=new_expiry,
                decision_ref=_decision(rng, decided, "QĐ-CQK") + " của Cục Quân khí",
                note="Tăng hạn sử dụng sau thử nghiệm mẫu đạt yêu cầu")
            expiry = new_expiry
        extended += 1
    return {"extended": extended, "isolated": isolated}
