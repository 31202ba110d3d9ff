"""Demo entered figures: contests, people trained, technical days (flows) and software in use
(a stock) of the provinces, the division and its regiments, one figure a year since 2022 and one
a quarter for the quarters of this year that have ended.

Each figure is entered by the nearest demo clerk of its unit or above (the provinces without
their own sign-in report on paper to the military region's technical department, whose
assistant enters them) and confirmed by the nearest officer. The latest figures of Lạng Sơn
and Trung đoàn 246 still wait for confirmation, and one of them was returned with a reason.
Everything goes through the services."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from kythuat.org.models import Role, Unit, User

from . import services
from .models import EnteredIndicator
from .periods import Period

FIRST_YEAR = 2022
# Yearly range of each indicator by kind of unit: (low, high).
RANGES = {
    "hoi-thi": {"province": (1, 3), "division": (2, 4), "regiment": (1, 2)},
    "tap-huan": {"province": (45, 120), "division": (80, 180), "regiment": (30, 90)},
    "ngay-ky-thuat": {"province": (22, 26), "division": (12, 24), "regiment": (44, 52)},
    "phan-mem": {"province": (2, 4), "division": (3, 5), "regiment": (1, 2)},
}
NOTES = {
    "hoi-thi": ["Hội thi thợ sửa chữa giỏi; hội thao lái xe an toàn",
                "Hội thi nhân viên kỹ thuật giỏi cấp đơn vị",
                "Hội thao bảo quản vũ khí, trang bị kỹ thuật"],
    "tap-huan": ["Tập huấn nghiệp vụ kỹ thuật đầu năm cho trợ lý, nhân viên kỹ thuật",
                 "Bồi dưỡng thủ kho, nhân viên bảo quản các kho, trạm",
                 "Tập huấn sử dụng phần mềm quản lý trang bị"],
    "ngay-ky-thuat": ["Theo sổ ghi chép ngày kỹ thuật", "Ngày kỹ thuật tuần, tháng theo kế hoạch"],
    "phan-mem": ["Phần mềm quản lý trang bị, quản lý kho và quản lý xe - máy",
                 "Phần mềm quản lý kho đạn dược, quản lý xăng dầu"],
}
WAITING_UNITS = ("QK1-LS", "SD346-E246")
RETURNED = ("QK1-LS", "tap-huan",
            "Số lượt tính cả lớp tập huấn do Quân khu mở; chỉ tính các lớp do đơn vị tổ chức, "
            "đề nghị kiểm tra và nhập lại.")


def periods(today: dt.date) -> list[Period]:
    """Whole years since FIRST_YEAR, then the quarters of this year that have ended."""
    found = [Period.year(year) for year in range(FIRST_YEAR, today.year)]
    found += [Period.quarter(today.year, q) for q in range(1, 5)
              if Period.quarter(today.year, q).end < today]
    return found


class Seeder:
    def __init__(self, context) -> None:
        self.rng = context.rng
        self.today = min(context.today, timezone.localdate())
        tree = context.tree
        division = tree.units.get("SD346")
        self.units: list[tuple[Unit, str]] = [(u, "province") for u in tree.provinces]
        if division is not None:
            self.units.append((division, "division"))
        self.units += [(u, "regiment") for u in tree.regiments]
        self.users = list(User.objects.filter(is_active=True, unit__isnull=False)
                          .select_related("unit").order_by("-unit__depth", "username"))
        self.counts = {"figures": 0, "waiting": 0, "returned": 0}

    def nearest(self, unit: Unit, roles: tuple[str, ...], other_than: User | None = None
                ) -> User | None:
        for role in roles:  # the first role found at any level above wins over the next
            for user in self.users:
                if (user.role == role and unit.path.startswith(user.unit.path)
                        and user != other_than):
                    return user
        return None

    def value(self, code: str, group: str, period: Period, unit: Unit, *, year_index: int
              ) -> Decimal:
        low, high = RANGES[code][group]
        if code == "phan-mem":  # software comes into use over the years, and stays
            return Decimal(min(high, low + year_index // 2 + unit.pk % 2))
        share = period.days / 365
        return Decimal(max(0, round(self.rng.uniform(low, high) * share)))

    def run(self) -> str:
        indicators = {i.code: i for i in EnteredIndicator.objects.filter(code__in=RANGES)}
        found = periods(self.today)
        for unit, group in self.units:
            clerk = self.nearest(unit, (Role.CLERK, Role.UNIT_ADMIN))
            officer = self.nearest(unit, (Role.OFFICER,), other_than=clerk)
            if clerk is None or officer is None:
                continue
            for indicator in indicators.values():
                for index, period in enumerate(found):
                    latest = index == len(found) - 1
                    if indicator.kind == EnteredIndicator.Kind.STOCK and (
                            period.days < 365 and not latest):
                        continue  # the software in use is counted at the end of each year
                    value = self.value(indicator.code, group, period, unit,
                                       year_index=period.end.year - FIRST_YEAR)
                    self.figure(unit, indicator, period, value, clerk, officer,
                                waiting=latest and unit.code in WAITING_UNITS)
        return gettext("Entered figures: %(figures)s, %(waiting)s awaiting confirmation, "
                       "%(returned)s returned") % self.counts

    def figure(self, unit: Unit, indicator: EnteredIndicator, period: Period, value: Decimal,
               clerk: User, officer: User, *, waiting: bool) -> None:
        entered = services.entered_value_create(
            actor=clerk, indicator=indicator, unit=unit, period_start=period.start,
            period_end=period.end, value=value, note=self.rng.choice(NOTES[indicator.code]))
        self.counts["figures"] += 1
        if not waiting:
            services.entered_value_confirm(actor=officer, entered=entered)
        elif (unit.code, indicator.code) == RETURNED[:2]:
            services.entered_value_return(actor=officer, entered=entered, reason=RETURNED[2])
            self.counts["returned"] += 1
        else:
            self.counts["waiting"] += 1


def seed(context) -> str:
    return Seeder(context).run()
