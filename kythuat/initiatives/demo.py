"""Demo initiatives of Quân khu 1 and Sư đoàn 346 from 2007 on, through every step of the
lifecycle: councils of regiments (cơ sở), of the division and the provinces, of the region; the
members' paper score sheets entered by the system; recognitions, refusals, awards and adoptions
by other units. Everything goes through the services, stage by stage (a year's cơ sở councils
close before the division's, which close before the region's)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext

from kythuat.org.models import Unit

from . import services
from .models import (
    AwardClass,
    Council,
    CouncilMember,
    Initiative,
    InitiativeField,
    RecognitionLevel,
    ScoringCriterion,
)
from .services import AuthorSpec, MemberSpec

D = dt.date
# Month and day each level's council meets (cơ sở in spring, the region in autumn).
MEETS = {"co-so": (4, 15), "su-doan-tinh": (7, 15), "quan-khu": (10, 15)}
ABBREVIATION = {"QK1": "BTL", "SD346": "SĐ", "SD346-E246": "TrĐ", "SD346-E677": "TrĐ",
                "QK1-LS": "BCH", "QK1-CB": "BCH", "QK1-TN": "BCH", "QK1-BN": "BCH"}
MEMBERS = [("Đại tá", "Nguyễn Văn Thành", "chair"), ("Thượng tá", "Trần Đức Lợi", "member"),
           ("Thiếu tá", "Lê Thị Hà", "secretary"), ("Trung tá", "Phạm Quang Vinh", "member"),
           ("Trung tá", "Hoàng Minh Tuấn", "member")]
# A small demo keeps these initiatives (every state, both levels) and three members a council.
SMALL = {0, 1, 3, 4, 6, 9, 11, 14, 15, 16}
# title, field, unit, year, main author (rank, name, position), money saved (VND/year),
# steps: council units upwards ("!" = refused there, "?" = still in session),
# adopting units, award class at the last recognition.
INITIATIVES = [
    ("Cải tiến giá đỡ kiểm tra nòng súng cối 82mm", "quan-khi", "SD346-E246", 2008,
     ("Thượng úy", "Nguyễn Văn An", "Trợ lý quân khí Trung đoàn"), 45_000_000,
     ["SD346-E246", "SD346", "QK1"], ["SD346-E677", "QK1-LS", "SD346-E246-D1"], "loai-2"),
    ("Thiết bị nạp điện ắc quy tự ngắt", "xe-may", "SD346-TSC", 2010,
     ("Trung úy QNCN", "Hoàng Văn Bình", "Thợ điện xe, Trạm SCTH"), 120_000_000,
     ["SD346", "QK1"], ["SD346-E246", "SD346-E677", "SD346-E851", "QK1-CB"], "loai-1"),
    ("Bộ gá tháo lắp lò xo giảm xóc xe Ural-4320", "xe-may", "SD346-E677", 2012,
     ("Thiếu úy QNCN", "Lường Văn Chiến", "Nhân viên sửa chữa xe"), 30_000_000,
     ["SD346-E677", "SD346"], ["SD346-E851"], "loai-3"),
    ("Thiết bị cảnh báo nhiệt độ, độ ẩm kho đạn bằng cảm biến", "dan-duoc", "QK1-LS", 2014,
     ("Thiếu tá", "Vi Văn Dũng", "Trợ lý đạn, Phòng Kỹ thuật"), 80_000_000,
     ["QK1-LS", "QK1"], ["QK1-CB", "QK1-TN", "SD346-K46"], "loai-1"),
    ("Mô hình cắt bổ động cơ xe ZIL-131 phục vụ huấn luyện", "huan-luyen", "SD346-E851", 2015,
     ("Đại úy", "Đinh Công Đức", "Trợ lý xe máy Trung đoàn"), None,
     ["SD346-E851!"], [], ""),
    ("Cải tiến tủ súng Ban CHQS xã có khóa hai lớp", "quan-khi", "QK1-CB", 2016,
     ("Trung tá", "Nông Văn Giang", "Chủ nhiệm Kỹ thuật Bộ CHQS tỉnh"), 15_000_000,
     ["QK1-CB"], ["QK1-LS", "QK1-BN"], "loai-3"),
    ("Thiết bị vệ sinh nòng súng đại liên PKMS bằng khí nén", "quan-khi", "SD346-E246", 2017,
     ("Thượng úy QNCN", "Bế Văn Hải", "Thợ sửa chữa vũ khí"), 20_000_000,
     ["SD346-E246", "SD346!"], ["SD346-E677"], ""),
    ("Quy trình niêm cất xe quân sự dài hạn bằng túi bảo quản kín", "xe-may", "SD346", 2018,
     ("Thượng tá", "Trịnh Xuân Khải", "Phó Chủ nhiệm Kỹ thuật Sư đoàn"), 250_000_000,
     ["SD346", "QK1"], ["QK1-LS", "QK1-TN", "QK1-CB", "QK1-BN"], "loai-1"),
    ("Bộ dụng cụ kiểm tra nhanh hệ thống điện xe ô tô quân sự", "xe-may", "QK1-TN", 2019,
     ("Đại úy QNCN", "Ma Văn Long", "Nhân viên sửa chữa xe"), 35_000_000,
     ["QK1-TN"], ["SD346-TSC"], "loai-2"),
    ("Cải tiến bệ thử bơm cao áp động cơ diesel", "xe-may", "SD346-TSC", 2020,
     ("Thiếu tá QNCN", "Hà Văn Minh", "Tổ trưởng sửa chữa động cơ"), 60_000_000,
     ["SD346", "QK1!"], ["SD346-E677"], "loai-2"),
    ("Giá để đạn di động trong kho tạm", "dan-duoc", "SD346-K46", 2021,
     ("Trung úy", "Lò Văn Nam", "Trợ lý kho K46"), 12_000_000,
     ["SD346"], [], "loai-3"),
    ("Thiết bị hâm nóng nhiên liệu khởi động xe mùa đông vùng cao", "xe-may", "QK1-LS", 2022,
     ("Thiếu tá", "Lương Văn Phúc", "Trợ lý xe máy Bộ CHQS tỉnh"), 40_000_000,
     ["QK1-LS", "QK1"], ["QK1-CB", "SD346-E851"], "loai-2"),
    ("Phần mềm quản lý sổ sách vũ khí trang bị kỹ thuật cấp đại đội", "khac", "SD346-E677",
     2023, ("Trung úy", "Phan Minh Quân", "Trợ lý quân khí Tiểu đoàn"), None,
     ["SD346-E677!"], [], ""),
    ("Bộ gá hiệu chỉnh đường ngắm súng trường CKC", "quan-khi", "QK1-BN", 2024,
     ("Đại úy", "Ngô Đức Sơn", "Trợ lý quân khí Bộ CHQS tỉnh"), 8_000_000,
     ["QK1-BN"], ["QK1-TN"], ""),
    ("Cải tiến máy nạp điện ắc quy tự ngắt dùng cho trạm nguồn", "thong-tin", "SD346-E851",
     2025, ("Thượng úy", "Vũ Văn Tâm", "Trợ lý thông tin Trung đoàn"), 18_000_000,
     ["SD346-E851?"], [], ""),
    ("Thiết bị hút ẩm tủ súng bằng gói silica tái sinh", "quan-khi", "QK1-LS", 2025,
     ("Thiếu tá", "Hoàng Văn Tuấn", "Trợ lý quân khí Bộ CHQS tỉnh"), None, [], [], ""),
    ("Cải tiến bộ lọc nhiên liệu xe Ural-4320 giảm tiêu hao dầu", "xe-may", "QK1-LS", 2025,
     ("Đại úy QNCN", "Hoàng Văn Lợi", "Nhân viên sửa chữa xe"), 54_000_000,
     ["QK1-LS"], ["QK1-CB"], "loai-3"),
]
FUEL = 16  # the initiative whose benefit is measured from the trips (fuel per 100 km)
CO_AUTHORS = [("Trung sĩ", "Nguyễn Văn Hòa", "Nhân viên kỹ thuật"),
              ("Thượng sĩ", "Đặng Văn Khoa", "Nhân viên sửa chữa")]


class Seeder:
    def __init__(self, context) -> None:
        self.context = context
        self.today: dt.date = context.today
        self.fields = {f.code: f for f in InitiativeField.objects.all()}
        self.levels = {lv.code: lv for lv in RecognitionLevel.objects.prefetch_related(
            "unit_kinds")}
        self.awards = {a.code: a for a in AwardClass.objects.all()}
        self.criteria = list(ScoringCriterion.objects.filter(is_active=True).order_by("order"))
        self.councils: dict[tuple[int, int], Council] = {}
        self.numbers: dict[int, int] = defaultdict(int)

    def unit(self, code: str) -> Unit | None:
        return self.context.tree.units.get(code) or Unit.objects.filter(code=code).first()

    def level_of(self, unit: Unit) -> RecognitionLevel:
        return next(lv for lv in self.levels.values()
                    if any(k.pk == unit.kind_id for k in lv.unit_kinds.all()))

    def council(self, unit: Unit, year: int, open_now: bool = False) -> Council:
        key = (unit.pk, year)
        if key not in self.councils:
            level = self.level_of(unit)
            month, day = MEETS[level.code]
            convened = self.today if open_now else D(year, month, day)
            council = services.council_create(
                actor=None, unit=unit, level=level, year=convened.year, convened_on=convened,
                quorum=3, name=f"Hội đồng sáng kiến {unit.short_name or unit.name} năm "
                               f"{convened.year}",
                members=[MemberSpec(name=name, rank=rank, role=role)
                         for rank, name, role in MEMBERS[:3 if self.context.small else 5]])
            self.councils[key] = council
        return self.councils[key]

    def number(self, unit: Unit, year: int) -> str:
        self.numbers[unit.pk * 10000 + year] += 1
        abbreviation = ABBREVIATION.get(unit.code, "BCH")
        return f"{self.numbers[unit.pk * 10000 + year] * 7 + 3:02d}/QĐ-{abbreviation}"

    def score(self, dossier, passing: bool, seed: int) -> None:
        for index, member in enumerate(CouncilMember.objects.filter(council=dossier.council)):
            share = Decimal("0.75") if passing else Decimal("0.35")
            share += Decimal((seed + index * 3) % 5) / 50
            services.score_submit(actor=None, dossier=dossier, member=member, points={
                c: (c.max_points * share).quantize(Decimal("1")) for c in self.criteria})


def seed(context) -> str:
    seeder = Seeder(context)
    today = context.today
    made: list[tuple[Initiative, list, list, str, int]] = []
    for index, (title, field, unit_code, year, author, money, steps, adopters, award) in \
            enumerate(INITIATIVES):
        unit = seeder.unit(unit_code)
        if unit is None or year > today.year or (context.small and index not in SMALL):
            continue
        registered = min(D(year, 2 + index % 2, 10 + index), today)
        rank, name, position = author
        authors = [AuthorSpec(name, rank, position, unit, True)]
        authors += [AuthorSpec(n, r, p, unit) for r, n, p in CO_AUTHORS[: index % 3]]
        initiative = services.initiative_register(
            actor=None, unit=unit, field=seeder.fields[field], title=title,
            registered_on=registered, first_applied_on=registered - dt.timedelta(days=60),
            scope=gettext("Units of Military Region 1 using the same equipment"),
            problem=f"Trước đây việc {title[0].lower()}{title[1:]} chưa có, đơn vị phải làm "
                    "thủ công, mất nhiều thời gian và không an toàn.",
            solution=f"{title}: thiết kế, chế tạo từ vật tư sẵn có tại đơn vị, thử nghiệm "
                     "tại phân đội trước khi đề nghị công nhận.",
            benefit_vnd=money, benefit_hours=Decimal(200 + 40 * index) if money else None,
            benefit_text="Rút ngắn thời gian bảo dưỡng, bảo đảm an toàn cho người và vũ khí "
                         "trang bị.", authors=authors)
        made.append((initiative, steps, adopters, award, index))
    # Stage by stage: every step at the same (year, level) is sent, scored, closed, decided.
    stages: dict[tuple[int, int], list] = defaultdict(list)
    for initiative, steps, _adopters, _award, index in made:
        for depth, step in enumerate(steps):
            unit = seeder.unit(step.rstrip("!?"))
            if unit is None:
                break
            level = seeder.level_of(unit)
            year = min(initiative.registered_on.year + depth, today.year - 1)
            if step.endswith("?"):
                year = today.year
            stages[(year, level.order)].append((initiative, unit, step[-1], index))
    for year, _order in sorted(stages):
        run_stage(seeder, stages[(year, _order)], year)
    awarded = adopted = 0
    for initiative, _steps, adopters, award, index in made:
        initiative.refresh_from_db()
        last = initiative.dossiers.filter(outcome="recognised").order_by("-decision_date").first()
        if last is None:
            continue
        if award:
            services.award_grant(actor=None, dossier=last, award_class=seeder.awards[award],
                                 decision_number=seeder.number(last.council.unit,
                                                               last.decision_date.year),
                                 decision_date=min(last.decision_date + dt.timedelta(days=20),
                                                   today))
            awarded += 1
        for offset, code in enumerate(adopters):
            unit = seeder.unit(code)
            if unit is None:
                continue
            day = min(last.decision_date + dt.timedelta(days=45 + 75 * offset), today)
            services.adoption_record(actor=None, initiative=initiative, unit=unit,
                                     adopted_on=day, result="Áp dụng có hiệu quả, giảm thời "
                                                           "gian bảo dưỡng, sửa chữa.")
            adopted += 1
        if index == FUEL:
            measure_fuel(seeder, initiative)
    return gettext("Initiatives: %(count)s, %(councils)s councils, %(awards)s awards, "
                   "%(adoptions)s adoptions") % {"count": len(made),
                                                 "councils": len(seeder.councils),
                                                 "awards": awarded, "adoptions": adopted}


def run_stage(seeder: Seeder, steps: list, year: int) -> None:
    today = seeder.today
    touched: dict[int, Council] = {}
    for initiative, unit, mark, index in steps:
        initiative.refresh_from_db()
        if initiative.status not in (Initiative.Status.REGISTERED, Initiative.Status.RECOGNISED):
            continue
        council = seeder.council(unit, year, open_now=mark == "?")
        sent = min(max(council.convened_on - dt.timedelta(days=20), initiative.registered_on),
                   today)
        dossier = services.dossier_send(actor=None, initiative=initiative, council=council,
                                        sent_on=sent)
        seeder.score(dossier, passing=mark not in "!", seed=index)
        touched[council.pk] = council
    for item in touched.values():
        if not item.is_open or item.convened_on >= today:
            continue
        council = services.council_close(actor=None, council=item,
                                         closed_on=item.convened_on + dt.timedelta(days=2),
                                         minutes="Hội đồng họp đủ thành phần, các thành viên "
                                                 "chấm điểm độc lập theo phiếu.")
        for dossier in council.dossiers.filter(outcome="pending"):
            day = min(council.closed_on + dt.timedelta(days=10), today)
            if dossier.passed:
                services.dossier_recognise(actor=None, dossier=dossier, decision_date=day,
                                           decision_number=seeder.number(council.unit, day.year))
            else:
                services.dossier_refuse(actor=None, dossier=dossier, decision_date=day,
                                        reason="Giải pháp chưa có tính mới trong phạm vi đơn "
                                               "vị; hiệu quả chưa được chứng minh qua áp dụng "
                                               "thử.")


def measure_fuel(seeder: Seeder, initiative: Initiative) -> None:
    """The fuel filter: fuel per 100 km of the province's vehicles in the five months before
    and the five months since it was fitted (the demo's trips cover the last months)."""
    pivot = seeder.today - dt.timedelta(days=150)
    services.measured_benefit_set(
        actor=None, initiative=initiative, unit=initiative.unit, indicator_code="vehicles.fuel",
        per_code="vehicles.km", per_scale=100,
        before_start=pivot - dt.timedelta(days=150), before_end=pivot - dt.timedelta(days=1),
        after_start=pivot, after_end=seeder.today)
