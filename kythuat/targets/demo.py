"""Demo targets on the clauses of the demo directives (NQ 382, KL 763, CTHĐ 352 of Quân khu 1,
Lạng Sơn's programme, Sư đoàn 346's plan): depots built, diesel conversion, the technical
coefficient, maintenance done, traffic accidents (−5 % against the baseline), gun cabinets when
an indicator counts them; some split among the subordinate units.

Goals are chosen from the values the registry computes at seeding time (the pace so far, a
little ahead, well behind, or already passed), so the statuses shown (met, on track, at risk)
come out of the computation, never typed. A directive, clause or indicator that is missing is
skipped quietly."""

import datetime as dt
import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from kythuat.directives.models import Clause, Directive
from kythuat.indicators import registry
from kythuat.indicators.registry import Kind, Period
from kythuat.org.models import Role, Unit, User

from . import services
from .models import PERCENT, Target
from .progress import elapsed

SHARES = 6  # subordinates given a share of a split target
# Pace factors: the goal is the pace so far times this; below 1 the unit is ahead.
AHEAD, BEHIND = Decimal("0.9"), Decimal("1.6")


class Seeder:
    def __init__(self, context) -> None:
        self.context = context
        self.today = min(context.today, timezone.localdate())
        self.codes = {indicator.code for indicator in registry.all_indicators()}
        self.made: list[Target] = []

    # Look-ups

    def unit(self, code: str) -> Unit | None:
        return self.context.tree.units.get(code) or Unit.objects.filter(code=code).first()

    def clause(self, number: int, kind: str, clause: str) -> Clause | None:
        directive = (Directive.objects.filter(number=number, kind__code=kind)
                     .order_by("issued_on").first())
        if directive is None:
            return None
        clauses = list(directive.clauses.order_by("order", "number"))
        found = [c for c in clauses if c.number == clause]
        if found:
            return found[0]
        index = int(clause) - 1 if clause.isdigit() else -1
        return clauses[index] if 0 <= index < len(clauses) else None

    def officer(self, unit: Unit) -> User | None:
        return (User.objects.filter(unit=unit, role=Role.OFFICER, is_active=True)
                .order_by("username").first())

    # Values

    def value(self, code: str, unit: Unit, start: dt.date, end: dt.date) -> Decimal | None:
        return registry.compute(code, unit, Period(start, min(end, self.today))).total

    def paced(self, code: str, unit: Unit, start: dt.date, deadline: dt.date,
              factor: Decimal) -> Decimal | None:
        """The goal that the pace so far (times `factor`) reaches at the deadline."""
        actual = self.value(code, unit, start, deadline)
        fraction = elapsed(start, deadline, self.today)
        if not actual or not fraction:
            return None
        return Decimal(math.ceil(actual / fraction * factor))

    # Writing

    def assign(self, clause: Clause | None, code: str, unit: Unit | None, start: dt.date,
               deadline: dt.date, *, goal: Decimal | None = None, form: str = "absolute",
               value: Decimal | None = None, note: str = "") -> Target | None:
        if clause is None or unit is None or code not in self.codes:
            return None
        stated = value if value is not None else goal
        if stated is None:
            return None
        indicator = registry.get(code)
        stated_unit = PERCENT if form == Target.Form.CHANGE_PERCENT else indicator.unit_code
        try:
            target = services.target_assign(
                actor=self.officer(clause.directive.unit), clause=clause, indicator_code=code,
                unit=unit, start=start, deadline=deadline, form=form, stated_value=stated,
                stated_unit=stated_unit, note=note)
        except (ValidationError, PermissionDenied):
            return None  # a demo without the records for it (no baseline to change from)
        self.made.append(target)
        return target

    def split(self, target: Target | None) -> None:
        """Shares for the subordinates with records: alternately a little ahead of their pace
        and well behind it."""
        if target is None:
            return
        period = Period(target.start, min(target.deadline, self.today))
        rows, _total = registry.by_subordinates(target.indicator_code, target.unit, period)
        fraction = elapsed(target.start, target.deadline, self.today)
        indicator = registry.get(target.indicator_code)
        shares = []
        for index, row in enumerate(r for r in rows if not r.is_self and r.value.total):
            if len(shares) == SHARES:
                break
            actual = row.value.total
            if indicator.kind == Kind.RATIO:
                # Above the unit's own baseline (the day before the start): a small rise for
                # some, a bigger one for others; the statuses come out of the records.
                eve = target.start - dt.timedelta(days=1)
                base = self.value(target.indicator_code, row.unit, eve, eve) or actual
                share = min(Decimal(100), base.quantize(Decimal(1)) + (4 if index % 2 else 1))
            elif fraction:
                factor = BEHIND if index % 2 else AHEAD
                share = Decimal(math.ceil(actual / fraction * factor))
            else:
                continue
            shares.append((row.unit, share))
        if shares:
            self.made.extend(services.target_allocate(
                actor=self.officer(target.unit), target=target, shares=shares,
                note="Phân bổ chỉ tiêu cho các đơn vị trực thuộc"))

    # The targets

    def seed(self) -> str:
        year = self.today.year
        # A programme running from two years ago to the end of next year.
        start, deadline = dt.date(year - 2, 1, 1), dt.date(year + 1, 12, 31)
        this_year = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        qk1, ls, sd346 = self.unit("QK1"), self.unit("QK1-LS"), self.unit("SD346")
        cthd = {n: self.clause(352, "CTHĐ", str(n)) for n in range(1, 7)}
        if qk1 is not None:
            built = self.assign(
                cthd[1], "storage.facilities_built", qk1, start, deadline,
                goal=self.paced("storage.facilities_built", qk1, start, deadline, AHEAD),
                note="Xây mới, cải tạo kho, trạm kỹ thuật đạt tiêu chuẩn")
            self.split(built)
            converted = self.assign(
                cthd[3], "vehicles.converted", qk1, start, deadline,
                goal=self.paced("vehicles.converted", qk1, start, deadline, AHEAD),
                note="Đi-ê-den hóa xe quân sự theo kế hoạch của Quân khu")
            self.split(converted)
            eve = start - dt.timedelta(days=1)
            coefficient = self.value("holdings.technical_coefficient", qk1, eve, eve)
            if coefficient is not None:
                self.assign(cthd[4], "holdings.technical_coefficient", qk1, start, deadline,
                            goal=min(Decimal(95), coefficient.quantize(Decimal(1)) + 3),
                            note="Nâng hệ số kỹ thuật vũ khí trang bị, phấn đấu đạt 95%")
            recent = (self.today - dt.timedelta(days=300), self.today + dt.timedelta(days=65))
            self.assign(cthd[5], "maintenance.done", qk1, *recent,
                        goal=self.paced("maintenance.done", qk1, *recent, BEHIND),
                        note="Hoàn thành 100% kế hoạch bảo dưỡng")
            accidents = self.assign(cthd[6], "vehicles.accidents", qk1, *this_year,
                                    form="change_percent", value=Decimal(-5),
                                    note="Giảm 5% số vụ tai nạn giao thông so với năm trước")
            self.split_percent(accidents)
            for code in sorted(c for c in self.codes if "cabinet" in c):
                self.assign(cthd[2], code, qk1, start, deadline,
                            goal=self.paced(code, qk1, start, deadline, AHEAD),
                            note="Đủ tủ súng cho 100% Ban CHQS xã")
        if ls is not None:
            programme = {n: self.clause(9, "CTr", str(n)) for n in range(1, 6)}
            self.assign(programme[1], "storage.investment", ls, start, deadline,
                        goal=self.paced("storage.investment", ls, start, deadline, BEHIND),
                        note="Cải tạo, nâng cấp kho vũ khí, đạn của Bộ CHQS tỉnh")
            baseline = self.value("holdings.technical_coefficient", ls, start - dt.timedelta(
                days=1), start - dt.timedelta(days=1))
            if baseline is not None:
                coefficient = self.assign(
                    programme[3], "holdings.technical_coefficient", ls, start, deadline,
                    goal=min(Decimal(100), baseline.quantize(Decimal(1)) + 4),
                    note="Nâng hệ số kỹ thuật của lực lượng dân quân tự vệ")
                self.split(coefficient)
        if sd346 is not None:
            plan = {n: self.clause(15, "KH", str(n)) for n in range(1, 5)}
            converted = self.value("vehicles.converted", sd346, start, deadline)
            self.assign(plan[2], "vehicles.converted", sd346, start, deadline,
                        goal=max(Decimal(1), (converted or 0) - 1),
                        note="Đi-ê-den hóa xe vận tải của các trung đoàn")
            self.assign(plan[4], "vehicles.accidents", sd346, *this_year,
                        form="change_percent", value=Decimal(-5),
                        note="Không để xảy ra tai nạn giao thông nghiêm trọng")
        self.historic()
        return gettext("Targets: %(count)s on the clauses of the demo directives.") % {
            "count": len(self.made)}

    def split_percent(self, target: Target | None) -> None:
        """The same change in per cent for each subordinate, against its own baseline."""
        if target is None:
            return
        children = list(target.unit.children.order_by("name")[:SHARES])
        shares = [(child, target.stated_value) for child in children
                  if self.value(target.indicator_code, child, target.baseline_start,
                                target.baseline_end)]
        if shares:
            self.made.extend(services.target_allocate(
                actor=self.officer(target.unit), target=target, shares=shares))

    def historic(self) -> None:
        """NQ 382's objective over 2007–2022, judged at its deadline."""
        top = Unit.objects.filter(parent__isnull=True).order_by("path").first()
        start, deadline = dt.date(2007, 11, 29), dt.date(2022, 12, 31)
        if top is None or self.today <= deadline:
            return
        value = self.value("holdings.technical_coefficient", top, start, deadline)
        if value is not None:
            self.assign(self.clause(382, "NQ", "1"), "holdings.technical_coefficient", top,
                        start, deadline, goal=(value - 2).quantize(Decimal(1)),
                        note="Duy trì hệ số kỹ thuật ở mức cao")


def seed(context) -> str:
    return Seeder(context).seed()
