"""Demo reviews: the 15-year reviews of Resolution 382 (29/11/2007–31/12/2022, DOMAIN §0) held
by Lạng Sơn's provincial command and by Division 346, each with its steering committee, its
secretariat and a plan asking the units below for their reports, and the region's current
annual review collecting the provinces' reports.

Statuses are left for the report demo (which runs after the commendations): Lạng Sơn's review
is drafting its central report, which the report demo issues (and may then mark the conference
held); Division 346's stays drafting."""

import datetime as dt

from django.utils.translation import gettext

from kythuat.directives.models import Directive
from kythuat.org.models import Unit

from .models import Review, ReviewKind
from .services import reviews as services

D = dt.date
PERIOD_382 = (D(2007, 11, 29), D(2022, 12, 31))

# Members: (body, role, rank, name, position). Names are invented.
LS_MEMBERS = [
    ("committee", "Trưởng ban", "Đại tá", "Hoàng Văn Thắng", "Chỉ huy trưởng Bộ CHQS tỉnh"),
    ("committee", "Phó Trưởng ban", "Đại tá", "Lương Văn Hùng",
     "Chính ủy Bộ CHQS tỉnh"),
    ("committee", "Phó Trưởng ban thường trực", "Thượng tá", "Nông Đức Minh",
     "Phó Chỉ huy trưởng - Tham mưu trưởng"),
    ("committee", "Thành viên", "Thượng tá", "Vi Văn Tuấn", "Phó Chính ủy Bộ CHQS tỉnh"),
    ("committee", "Thành viên", "Trung tá", "Lành Văn Sơn",
     "Trưởng phòng Hậu cần - Kỹ thuật"),
    ("secretariat", "Tổ trưởng", "Trung tá", "Hà Quang Huy", "Phó Trưởng phòng Hậu cần - Kỹ thuật"),
    ("secretariat", "Thành viên", "Thiếu tá", "Chu Thị Lan", "Trợ lý Kỹ thuật"),
    ("secretariat", "Thành viên", "Đại úy", "Triệu Văn Nam", "Trợ lý Tuyên huấn"),
]
SD_MEMBERS = [
    ("committee", "Trưởng ban", "Đại tá", "Phạm Quốc Khánh", "Sư đoàn trưởng"),
    ("committee", "Phó Trưởng ban", "Đại tá", "Đỗ Mạnh Cường", "Chính ủy Sư đoàn"),
    ("committee", "Phó Trưởng ban thường trực", "Thượng tá", "Bùi Văn Long",
     "Phó Sư đoàn trưởng về Kỹ thuật"),
    ("committee", "Thành viên", "Trung tá", "Ngô Xuân Trường", "Chủ nhiệm Kỹ thuật Sư đoàn"),
    ("secretariat", "Tổ trưởng", "Thiếu tá", "Đinh Văn Phúc", "Phó Chủ nhiệm Kỹ thuật"),
    ("secretariat", "Thành viên", "Đại úy", "Lê Thị Hương", "Trợ lý Xe máy"),
]
QK_MEMBERS = [
    ("committee", "Trưởng ban", "Thiếu tướng", "Nguyễn Hữu Bình",
     "Phó Tư lệnh Quân khu về Kỹ thuật"),
    ("committee", "Thành viên", "Đại tá", "Trần Đức Hạnh", "Chủ nhiệm Kỹ thuật Quân khu"),
    ("secretariat", "Tổ trưởng", "Thượng tá", "Vũ Văn Quang", "Trưởng phòng Kế hoạch"),
]


def _unit(context, code: str) -> Unit | None:
    return context.tree.units.get(code) or Unit.objects.filter(code=code).first()


def _directives(*keys: tuple[int, str]) -> list[Directive]:
    found = []
    for number, symbol in keys:
        directive = Directive.objects.filter(number=number, symbol=symbol).first()
        if directive is not None:
            found.append(directive)
    return found


def _committee(review: Review, members) -> None:
    for body, role, rank, name, position in members:
        services.member_add(actor=None, review=review, body=body, role=role, rank=rank,
                            name=name, position=position)


def _children(context, unit: Unit) -> list[Unit]:
    children = context.tree.children(unit) if hasattr(context.tree, "children") else []
    if not children:
        children = list(Unit.objects.filter(parent=unit).order_by("path"))
    return children


def _lang_son(context, kinds) -> Review | None:
    unit = _unit(context, "QK1-LS")
    if unit is None:
        return None
    review = services.review_create(
        actor=None, unit=unit, kind=kinds["final_15y"],
        title="Tổng kết 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW của Đảng ủy Quân sự Trung "
              "ương về lãnh đạo công tác kỹ thuật trong tình hình mới",
        period_start=PERIOD_382[0], period_end=PERIOD_382[1], conference_date=D(2022, 12, 16),
        conference_place="Hội trường Bộ CHQS tỉnh Lạng Sơn",
        directives=_directives((382, "NQ/ĐUQSTW"), (9, "CTr/ĐUQS")),
        note="Thực hiện Kế hoạch của Đảng ủy Quân khu 1; tổng kết ở hai cấp: các Ban CHPTKV, "
             "kho trực thuộc tổng kết trước, Bộ CHQS tỉnh tổng kết sau.")
    _committee(review, LS_MEMBERS)
    # The defence areas report first, the depot a week later.
    for unit_below in _children(context, unit):
        depot = unit_below.kind.code == "kho" if unit_below.kind_id else False
        services.plan_entry_add(actor=None, review=review, unit=unit_below,
                                deadline=D(2022, 10, 31) if depot else D(2022, 10, 25))
    return review


def _division(context, kinds) -> Review | None:
    unit = _unit(context, "SD346")
    if unit is None:
        return None
    review = services.review_create(
        actor=None, unit=unit, kind=kinds["final_15y"],
        title="Tổng kết 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW về lãnh đạo công tác kỹ "
              "thuật trong tình hình mới của Đảng ủy Sư đoàn 346",
        period_start=PERIOD_382[0], period_end=PERIOD_382[1], conference_date=D(2022, 11, 25),
        conference_place="Hội trường Sư đoàn 346, Cao Bằng",
        directives=_directives((382, "NQ/ĐUQSTW"), (15, "KH/ĐU")))
    _committee(review, SD_MEMBERS)
    regiments = [u for u in _children(context, unit) if u.code.startswith("SD346-E")]
    for regiment in regiments:
        services.plan_entry_add(actor=None, review=review, unit=regiment,
                                deadline=D(2022, 10, 20), note="Báo cáo tổng kết của Đảng ủy "
                                                               "trung đoàn")
    return review


def _region_annual(context, kinds) -> Review | None:
    unit = _unit(context, "QK1")
    if unit is None:
        return None
    year = context.today.year
    review = services.review_create(
        actor=None, unit=unit, kind=kinds["year"],
        title=f"Tổng kết công tác kỹ thuật năm {year}",
        period_start=D(year, 1, 1), period_end=D(year, 12, 31),
        conference_date=D(year, 12, 28), conference_place="Bộ Tư lệnh Quân khu 1",
        directives=_directives((352, "CTr/ĐUQK")))
    _committee(review, QK_MEMBERS)
    provinces = list(getattr(context.tree, "provinces", []) or Unit.objects.filter(
        parent=unit, kind__code="bo-chqs-tinh").order_by("path"))
    for province in provinces:
        services.plan_entry_add(actor=None, review=review, unit=province,
                                deadline=D(year, 12, 15))
    services.review_status_set(actor=None, review=review, status=Review.Status.COLLECTING)
    return review


def seed(context) -> str:
    kinds = {kind.code: kind for kind in ReviewKind.objects.all()}
    made = [review for review in (_lang_son(context, kinds), _division(context, kinds),
                                  _region_annual(context, kinds)) if review is not None]
    for review in made:
        if review.kind.code == "final_15y":
            # The units' reports are in; the secretariat drafts the central report.
            services.review_status_set(actor=None, review=review,
                                       status=Review.Status.DRAFTING)
    units = sum(review.plan_entries.count() for review in made)
    return gettext("Reviews: %(reviews)s reviews asking %(units)s units for their reports") % {
        "reviews": len(made), "units": units}
