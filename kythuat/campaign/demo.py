"""Demo Campaign 50: the criteria of phase 2020–2025 for the provincial commands (14 criteria
under the four objectives, 100 points, several computed from the records), the steering
committee of Quân khu 1, the block of Quân khu 1's provinces scored for the last two years of
the provinces' 2020–2024 (self-assessment, then the region's scores, frozen), and the provinces'
pledges for 2025–2029 as targets on a clause of the region's plan.

The computed column is read once per year for the whole block (one registry call per criterion
indicator); self and higher-level scores start from it, so differences and their reasons come
out of the records, never typed at random."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from kythuat.directives import services as directive_services
from kythuat.directives.models import Clause, DirectiveKind
from kythuat.documents import services as document_services
from kythuat.documents.models import FormatProfile, Issuer
from kythuat.indicators import registry
from kythuat.org.models import Unit, UnitKind

from . import services
from .models import Criterion, Phase, Score, Sheet
from .scoring import compute_many

C, L, S = Criterion.Rule.THRESHOLD, Criterion.Rule.LINEAR, Criterion.Rule.SELF
# (objective, points, [(number, name, points, rule, indicator, measure, threshold, baseline,
# target)])
GRID = [
    (1, 25, [
        ("1.1", "Đăng ký, thống kê, ghi sổ kịp thời các phiếu nhập, xuất, điều chuyển VKTBKT",
         4, C, "holdings.documents_posted", "value", 1, None, None),
        ("1.2", "Tổ chức kiểm kê VKTBKT thời điểm 0 giờ ngày 01/01, được phê duyệt", 4, C,
         "stocktake.approved", "value", 1, None, None),
        ("1.3", "Kiểm tra, thử nghiệm mẫu đạn dược theo kế hoạch (từ 5 lượt trong năm)", 5, C,
         "ammunition.tests_done", "value", 5, None, None),
        ("1.4", "Quản lý chặt chẽ số lượng, chất lượng, đồng bộ VKTBKT; không để mất mát", 8,
         S, "", "value", None, None, None),
        ("1.5", "Hồ sơ, sổ sách quản lý VKTBKT đầy đủ, đúng mẫu quy định", 4, S, "", "value",
         None, None, None),
    ]),
    (2, 30, [
        ("2.1", "Hệ số kỹ thuật VKTBKT (từ 80% trở lên được điểm tối đa)", 12, L,
         "holdings.technical_coefficient", "value", None, 50, 80),
        ("2.2", "Hoàn thành kế hoạch bảo dưỡng VKTBKT", 8, L,
         "maintenance.done_vs_planned", "value", None, 70, 100),
        ("2.3", "Xây dựng, cải tạo kho, trạm kỹ thuật trong năm", 5, C,
         "storage.facilities_built", "value", 1, None, None),
        ("2.4", "Duy trì nền nếp ngày, giờ kỹ thuật, tháng kỹ thuật", 5, S, "", "value", None,
         None, None),
    ]),
    (3, 30, [
        ("3.1", "Giảm số vụ tai nạn giao thông so với năm trước (giảm 5–10%)", 10, L,
         "vehicles.accidents", "change", None, -5, -10),
        ("3.2", "Km xe chạy an toàn (từ 5.000 km)", 6, C, "vehicles.safe_km", "value", 5000,
         None, None),
        ("3.3", "Không để xảy ra tai nạn giao thông làm chết người", 8, C, "vehicles.deaths",
         "value", 0, None, None),
        ("3.4", "An toàn kho tàng: không cháy nổ, không mất mát VKTBKT", 6, S, "", "value",
         None, None, None),
    ]),
    (4, 15, [
        ("4.1", "Tiết kiệm nhiên liệu so với định mức", 6, S, "", "value", None, None, None),
        ("4.2", "Sáng kiến, cải tiến kỹ thuật được áp dụng có hiệu quả", 5, S, "", "value",
         None, None, None),
        ("4.3", "Tiết kiệm vật tư kỹ thuật trong bảo dưỡng, sửa chữa", 4, S, "", "value",
         None, None, None),
    ]),
]
COMMITTEE = [
    ("Nguyễn Văn Thành", "Thiếu tướng", "Phó Tư lệnh Quân khu", "head"),
    ("Trần Quang Hải", "Đại tá", "Cục trưởng Cục Kỹ thuật Quân khu", "deputy"),
    ("Lê Minh Đức", "Đại tá", "Phó Cục trưởng Cục Hậu cần Quân khu", "member"),
    ("Hoàng Văn Nam", "Thượng tá", "Trưởng phòng Xe - Máy, Cục Kỹ thuật", "standing"),
    ("Phạm Thị Hoa", "Trung tá", "Trợ lý Kế hoạch, Cục Kỹ thuật", "secretary"),
]
SELF_NOTES = {
    "1.4": ("Sổ đăng ký, thống kê VKTBKT năm", "Số lượng, chất lượng khớp sổ sách khi kiểm kê."),
    "1.5": ("Biên bản kiểm tra hồ sơ, sổ sách", ""),
    "2.4": ("Sổ theo dõi ngày kỹ thuật", "Duy trì ngày kỹ thuật hằng tuần, tháng kỹ thuật."),
    "3.4": ("Biên bản kiểm tra an toàn kho", "Không để xảy ra cháy nổ, mất mát."),
    "4.1": ("", "Nhiên liệu cấp phát trong định mức; không có số liệu định mức trên hệ thống."),
    "4.2": ("Quyết định công nhận sáng kiến cấp cơ sở", ""),
    "4.3": ("", "Tận dụng vật tư thu hồi trong bảo dưỡng."),
}


def grid() -> list[dict]:
    """The demo's criteria as `grid_save` takes them (also used by the benchmark)."""
    codes = {indicator.code for indicator in registry.all_indicators()}
    groups = []
    for objective, points, rows in GRID:
        criteria = []
        for number, name, weight, rule, code, measure, threshold, base, target in rows:
            if rule != S and code not in codes:
                rule, code = S, ""  # an app left out of this demo: assessed by the unit
            criteria.append({"number": number, "name": name, "max_points": weight, "rule": rule,
                             "indicator_code": code, "measure": measure,
                             "threshold": threshold, "baseline": base, "target": target})
        groups.append({"objective": objective, "points": points, "criteria": criteria})
    return groups


class Seeder:
    def __init__(self, context) -> None:
        self.context = context
        self.rng = context.rng
        self.today = context.today
        self.qk1 = context.tree.units.get("QK1") or Unit.objects.filter(code="QK1").first()
        self.provinces = list(context.tree.provinces)

    def _self(self, criterion: Criterion, computed) -> dict:
        """The unit's own score: the computed one, now and then a point more (units are
        generous with themselves); self-assessed criteria near the top with their evidence."""
        top = criterion.max_points
        if criterion.is_computed:
            base = computed.score if computed and computed.score is not None else top
            generous = self.rng.random() < 0.25 and base < top
            return {"self_score": min(top, base + 1) if generous else base,
                    "self_note": "Đơn vị tự đánh giá cao hơn do có nỗ lực khắc phục."
                    if generous else ""}
        ref, note = SELF_NOTES.get(criterion.number, ("", "Đơn vị tự đánh giá."))
        score = top - (Decimal(1) if self.rng.random() < 0.3 else Decimal(0))
        return {"self_score": score, "self_note": note, "evidence_ref": ref}

    def _review(self, criterion: Criterion, computed, own: Decimal) -> dict:
        """The region's score: the computed one where there is one, else the unit's; now and
        then a point less for missing evidence, always with the reason."""
        if criterion.is_computed and computed and computed.score is not None:
            score = computed.score
            reason = "" if score == own else "Chấm theo số liệu tính từ sổ sách, báo cáo."
        elif own > 0 and self.rng.random() < 0.2:
            score, reason = own - 1, "Hồ sơ minh chứng chưa đầy đủ."
        else:
            score, reason = own, ""
        return {"review_score": score, "review_reason": reason}

    def scored_years(self, phase: Phase, level: UnitKind) -> int:
        years = [y for y in phase.years(level) if y < self.today.year][-2:]
        criteria = services.criteria_of(phase, self.provinces[0])
        count = 0
        for year in years:
            sheets = [services.sheet_open(actor=None, phase=phase, unit=unit, year=year)
                      for unit in self.provinces]
            computed = compute_many(criteria, self.provinces, year, today=self.today)
            reviews = []
            for sheet in sheets:
                found = computed[sheet.unit_id]
                own = {c.pk: self._self(c, found.get(c.pk)) for c in criteria}
                services.sheet_assess(actor=None, sheet=sheet, entries=own)
                services.sheet_submit(actor=None, sheet=sheet)
                reviews.append((sheet, {c.pk: self._review(c, found.get(c.pk),
                                                           own[c.pk]["self_score"])
                                        for c in criteria}))
            services.sheets_review(actor=None, reviews=reviews, close=True)
            self._dated_as_scored(sheets, year)
            count += len(sheets)
        return count

    @staticmethod
    def _dated_as_scored(sheets: list, year: int) -> None:
        """A year is assessed in January and scored in February of the next year: the demo
        seeds today, so it dates the sheets and their frozen figures as they would have been
        (a 2024 sheet "scored on 08/12/2026" would puzzle an officer)."""
        submitted = dt.datetime(year + 1, 1, 15, 9, 0, tzinfo=timezone.get_current_timezone())
        scored = dt.date(year + 1, 2, 20)
        ids = [sheet.pk for sheet in sheets]
        Sheet.objects.filter(pk__in=ids).update(submitted_at=submitted, scored_on=scored)
        Score.objects.filter(sheet__in=ids, computed_at__isnull=False).update(
            computed_at=dt.datetime(year + 1, 2, 20, 8, 0,
                                    tzinfo=timezone.get_current_timezone()))

    def current_year(self, phase: Phase, level: UnitKind) -> int:
        """This phase's first year, being assessed: one province has submitted its sheet to
        the region, the others are still assessing themselves."""
        services.grid_save(actor=None, phase=phase, level=level, groups=grid())
        year = phase.years(level)[0]
        if year >= self.today.year:
            return 0
        criteria = services.criteria_of(phase, self.provinces[0])
        computed = compute_many(criteria, self.provinces, year, today=self.today)
        for index, unit in enumerate(self.provinces):
            sheet = services.sheet_open(actor=None, phase=phase, unit=unit, year=year)
            found = computed[unit.pk]
            done = criteria if index == 0 else criteria[: len(criteria) // 2]
            services.sheet_assess(actor=None, sheet=sheet, entries={
                c.pk: self._self(c, found.get(c.pk)) for c in done})
            if index == 0:
                services.sheet_submit(actor=None, sheet=sheet)
        return len(self.provinces)

    def plan_clause(self) -> Clause | None:
        """A clause of the region's plan for 2025–2030 that the pledges answer."""
        day = dt.date(2025, 3, 15)
        issuer = (Issuer.objects.filter(unit=self.qk1, profile__code="state").valid_on(day)
                  .first())
        if issuer is None:
            issuer = document_services.issuer_create(
                actor=None, unit=self.qk1, profile=FormatProfile.objects.get(code="state"),
                name="Bộ Tư lệnh Quân khu 1", abbreviation="BTL", place="Thái Nguyên",
                valid_from=dt.date(2000, 1, 1))
        kind = DirectiveKind.objects.get(code="KH")
        for number in range(250, 260):
            try:
                plan = directive_services.directive_create(
                    actor=None, issuer=issuer, kind=kind, number=number, issued_on=day,
                    title="Thực hiện Cuộc vận động 50 giai đoạn 2025–2030")
            except ValidationError:
                continue
            return directive_services.clause_create(
                actor=None, directive=plan, number="1", kind="task",
                text="Các cơ quan, đơn vị ký kết giao ước thi đua thực hiện Cuộc vận động 50, "
                     "giữ vững hệ số kỹ thuật, giảm tai nạn giao thông, hoàn thành kế hoạch "
                     "bảo dưỡng.")
        return None

    def pledges(self, phase: Phase) -> int:
        clause = self.plan_clause()
        codes = {indicator.code for indicator in registry.all_indicators()}
        if clause is None:
            return 0
        count = 0
        for unit in self.provinces:
            eve = dt.date(2024, 12, 31)
            items = []
            if "holdings.technical_coefficient" in codes:
                now = registry.compute("holdings.technical_coefficient", unit,
                                       registry.Period(eve, eve), breakdown=False).total
                if now is not None:
                    items.append({"indicator_code": "holdings.technical_coefficient",
                                  "stated_value": min(Decimal(98), now.quantize(Decimal(1)) + 2),
                                  "note": "Hệ số kỹ thuật đạt và vượt chỉ tiêu"})
            if "maintenance.done_vs_planned" in codes:
                items.append({"indicator_code": "maintenance.done_vs_planned",
                              "stated_value": 95, "note": "Hoàn thành kế hoạch bảo dưỡng"})
            try:
                services.pledge_create(
                    actor=None, unit=unit, phase=phase, clause=clause,
                    title="Giao ước thi đua thực hiện Cuộc vận động 50 giai đoạn 2025–2029",
                    signed_on=dt.date(2025, 4, 10), items=items)
            except (ValidationError, PermissionDenied):
                continue
            count += 1
        return count

    def seed(self) -> str:
        phase = Phase.objects.filter(label="Giai đoạn 2020–2025").first()
        level = UnitKind.objects.filter(code="bo-chqs-tinh").first()
        if phase is None or level is None or self.qk1 is None or len(self.provinces) < 2:
            return gettext("Campaign 50: nothing to seed (no phase or provinces).")
        services.grid_save(actor=None, phase=phase, level=level, groups=grid())
        services.committee_create(
            actor=None, unit=self.qk1, phase=phase, name="Ban Chỉ đạo Cuộc vận động 50",
            decision_ref="Quyết định số 1125/QĐ-BTL ngày 15/7/2020 của Bộ Tư lệnh Quân khu 1",
            established_on=dt.date(2020, 7, 15),
            members=[{"name": n, "rank": r, "position": p, "role": role}
                     for n, r, p, role in COMMITTEE])
        services.block_create(actor=None, phase=phase, superior=self.qk1, level=level,
                              name="Khối các Bộ CHQS tỉnh Quân khu 1", members=self.provinces,
                              awards=2)
        sheets = self.scored_years(phase, level)
        later = Phase.objects.filter(label="Giai đoạn 2025–2030").first()
        pledges = opened = 0
        if later is not None:
            opened = self.current_year(later, level)
            pledges = self.pledges(later)
        return gettext("Campaign 50: %(criteria)s criteria, %(sheets)s sheets scored, "
                       "%(open)s being assessed, %(pledges)s pledges.") % {
            "criteria": sum(len(rows) for _o, _p, rows in GRID), "sheets": sheets,
            "open": opened, "pledges": pledges}


def seed(context) -> str:
    with registry.memo():  # the computed column is read once per year, not again at closing
        return Seeder(context).seed()
