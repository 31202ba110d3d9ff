"""Demo stocktakes: the annual stocktake as at 0h 01/01 of a Lạng Sơn defence area, approved
with a few differences and their adjustment documents, and an ad hoc stocktake of the
province's depot still in draft (a counting one would freeze the books of its scope)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext

from kythuat.catalog.models import Tracking
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Balance, Item, balance_key

from . import services
from .models import CommitteeMember, CountLine, Stocktake

Role = CommitteeMember.Role
COMMITTEE = [
    ("Hoàng Văn Thắng", "Thượng tá, Chỉ huy trưởng", Role.CHAIR),
    ("Nông Đức Mạnh", "Trung tá, Phó Chỉ huy trưởng", Role.VICE_CHAIR),
    ("Lương Thị Hoa", "Thiếu tá, Trợ lý quân khí", Role.MEMBER),
    ("Vi Văn Sơn", "Thượng úy QNCN, Thủ kho", Role.MEMBER),
    ("Hà Minh Tuấn", "Đại úy, Trợ lý kế hoạch", Role.SECRETARY),
]


def _committee(stocktake: Stocktake) -> None:
    for name, position, role in COMMITTEE:
        services.member_add(actor=None, stocktake=stocktake, name=name, position=position,
                            role=role)


def _on_hand(line: CountLine) -> Decimal:
    key = balance_key(line.sheet.unit_id, line.sheet.facility_id, line.type_id, line.lot_id,
                      line.grade, line.usage_group_id)
    balance = Balance.objects.filter(key=key).first()
    return balance.quantity if balance else Decimal(0)


def _still_there(line: CountLine) -> bool:
    """The item is where and as the sheet had it, so an adjustment today can still move it."""
    item = Item.objects.get(pk=line.item_id)
    return (item.unit_id == line.sheet.unit_id and item.facility_id == line.sheet.facility_id
            and item.grade == line.grade and item.status in HELD_STATUSES)


def _variances(context, stocktake: Stocktake) -> dict[int, services.LineCount]:
    """A few realistic differences, chosen so that the adjustments still fit today's books;
    the demo book's mirror follows them."""
    rng, book = context.rng, context.book
    lines = list(CountLine.objects.filter(sheet__stocktake=stocktake).select_related(
        "type", "sheet").order_by("sheet__number", "id"))
    bulk = [line for line in lines if line.type.tracking != Tracking.SERIAL
            and line.booked >= 20 and line.booked == line.booked.to_integral_value()]
    serial = [line for line in lines if line.type.tracking == Tracking.SERIAL]
    rng.shuffle(bulk)
    rng.shuffle(serial)
    counts: dict[int, services.LineCount] = {}

    def key(line: CountLine, grade: int | None = None) -> tuple:
        return (line.sheet.unit_id, line.sheet.facility_id, line.type_id, line.lot_id,
                grade or line.grade, line.usage_group_id)

    for line, action in zip(bulk, ("surplus", "shortage", "regrade"), strict=False):
        step = max(Decimal(1), (line.booked * Decimal("0.02")).quantize(Decimal(1)))
        if action == "surplus":
            counts[line.pk] = services.LineCount(counted=line.booked + step,
                                                 note="Nhập kho chưa kịp vào sổ")
            book.stock.add(key(line), step)
        elif _on_hand(line) >= step and action == "shortage":
            counts[line.pk] = services.LineCount(counted=line.booked - step,
                                                 note="Hao hụt bảo quản, đang xác minh")
            book.stock.add(key(line), -step)
        elif _on_hand(line) >= step and line.grade < 5:
            counts[line.pk] = services.LineCount(counted=line.booked, grade_found=line.grade + 1,
                                                 regraded=step, note="Ẩm, gỉ nhẹ")
            book.stock.add(key(line), -step)
            book.stock.add(key(line, line.grade + 1), step)
    movable = [line for line in serial if _still_there(line)]
    if movable:
        line = movable[0]
        counts[line.pk] = services.LineCount(counted=Decimal(0),
                                             note="Không có tại tủ súng, đang truy tìm")
        book.items[line.sheet.unit_id].pop(line.item_id, None)
    if len(movable) > 1 and movable[1].grade < 5:
        line = movable[1]
        counts[line.pk] = services.LineCount(counted=Decimal(1), grade_found=line.grade + 1,
                                             note="Nòng mòn, đề nghị sửa chữa")
        mirrored = book.items[line.sheet.unit_id].get(line.item_id)
        if mirrored is not None:
            mirrored.grade = line.grade + 1
    return counts


def seed(context) -> str:
    tree = context.tree
    area = tree.units.get("QK1-LS-PTKV1")
    if area is None:
        return "stocktake: no Lạng Sơn defence area in this demo"
    year = context.today.year
    annual = services.stocktake_create(
        actor=None, unit=area, kind=Stocktake.Kind.PERIODIC, as_of=dt.date(year, 1, 1),
        decision_ref=f"Quyết định số 1826/QĐ-BCH ngày 15/12/{year - 1}")
    _committee(annual)
    services.stocktake_start(actor=None, stocktake=annual)
    counts = _variances(context, annual)
    lines = CountLine.objects.filter(sheet__stocktake=annual).order_by("id")
    for line in lines:
        services.line_count(actor=None, line=line, count=counts.get(
            line.pk, services.LineCount(counted=line.booked)))
    serial_line = next((line for line in lines.select_related("type")
                        if line.type.tracking == Tracking.SERIAL), None)
    if serial_line is not None:
        services.line_add(actor=None, sheet=serial_line.sheet, type=serial_line.type,
                          grade=2, usage_group=serial_line.usage_group, counted=Decimal(1),
                          serial=f"KK{year}-{context.rng.randint(1000, 9999)}",
                          note="Có tại kho, chưa đăng ký trong sổ")
    services.stocktake_finish(actor=None, stocktake=annual)
    services.stocktake_approve(
        actor=None, stocktake=annual,
        conclusion="Vũ khí trang bị kỹ thuật được quản lý, bảo quản cơ bản tốt; số lượng, chất "
                   "lượng cơ bản khớp sổ sách. Các chênh lệch đã được điều chỉnh sổ; đề nghị "
                   "tiếp tục xác minh khẩu súng thiếu và sửa chữa trang bị xuống cấp.")
    other = tree.units.get("QK1-LS-K19") or tree.units.get("QK1-LS-PTKV2") or tree.units["QK1-LS"]
    ad_hoc = services.stocktake_create(
        actor=None, unit=other, kind=Stocktake.Kind.AD_HOC, as_of=context.today,
        is_blind=True, decision_ref=f"Quyết định số 512/QĐ-BCH ngày {context.today:%d/%m/%Y}",
        note="Kiểm kê đột xuất khi bàn giao thủ kho.")
    _committee(ad_hoc)
    return gettext("Stocktake: %(documents)s adjustment documents for %(area)s, 1 draft") % {
        "documents": annual.documents.count(), "area": area.label}
