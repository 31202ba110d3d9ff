"""Demo storage records: capacity, standard and safety equipment of every facility; construction
and investment over 2019–2026 (province depots paid mostly by the level above, communes' gun
cabinets by the local budget); inspections (most closed, some open, one overdue); and
temperature and humidity readings over the last months, a few out of limits (one left for an
officer to acknowledge). Everything goes through the services."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from kythuat.org.models import Role, User

from . import services
from .models import Facility, FacilityStandard, FundingSource

MILLION = 1_000_000
FIRST_YEAR = 2019
# Mean temperature by month in the northern provinces (°C), for plausible readings.
MONTH_TEMPERATURE = {1: 16, 2: 17, 3: 20, 4: 24, 5: 27, 6: 29, 7: 29, 8: 28, 9: 27, 10: 24,
                     11: 21, 12: 17}


class Seeder:
    def __init__(self, context) -> None:
        self.context = context
        self.rng = context.rng
        self.today = min(context.today, timezone.localdate())
        self.small = context.small
        self.sources = {s.code: s for s in FundingSource.objects.all()}
        self.standards = {s.code: s for s in FacilityStandard.objects.all()}
        self.units = {unit.pk: unit for unit in context.tree.units.values()}
        unique = {f.pk: f for f in context.tree.facilities.values()}
        self.facilities = sorted(unique.values(), key=lambda f: f.code)
        self.counts = {"investments": 0, "inspections": 0, "readings": 0}

    # Helpers

    def money(self, low: float, high: float) -> int:
        """An amount between low and high million dong, rounded to the million."""
        return int(self.rng.uniform(low, high)) * MILLION

    def province_code(self, facility: Facility) -> str:
        unit = self.units.get(facility.owner_unit_id)
        while unit is not None and unit.kind.code != "bo-chqs-tinh":
            unit = self.units.get(unit.parent_id)
        return unit.code if unit else ""

    def officer_for(self, facility: Facility) -> User | None:
        """The nearest demo officer above the facility, to acknowledge and close as a person."""
        path = self.units[facility.owner_unit_id].path
        ancestors = [u.pk for u in self.units.values() if path.startswith(u.path)]
        return (User.objects.filter(unit__in=ancestors, role=Role.OFFICER, is_active=True)
                .select_related("unit").order_by("-unit__depth", "username").first())

    def group(self, facility: Facility) -> str:
        role = self.context.tree.role.get(facility.owner_unit_id, "")
        if facility.kind.code == "kho":
            return "depot" if role in ("province_depot", "division_depot") else "province"
        return {"tu-sung": "cabinet", "nha-xe": "shed", "tram": "station"}.get(
            facility.kind.code, "other")

    # Facility data

    def details(self, facility: Facility, group: str) -> dict:
        rng = self.rng
        if group in ("depot", "province"):
            return {
                "capacity": Decimal(rng.randrange(120, 600, 10) if group == "depot"
                                    else rng.randrange(40, 150, 5)),
                "capacity_uom": "tấn",
                "standard": self.standards["qcvn-11-2018-bqp" if group == "depot"
                                           else "kho-dat-chuan-nganh"],
                "safety_radius_m": rng.choice([300, 400, 500, 800]) if group == "depot"
                else rng.choice([100, 150, 200]),
                "has_fire_equipment": True,
                "fire_equipment": f"{rng.randint(6, 16)} bình bột MFZ8, bể nước "
                                  f"{rng.choice([20, 30, 50])} m³, máy bơm chữa cháy",
                "has_lightning_protection": True,
                "lightning_protection": "Cột thu sét, đo điện trở tiếp địa hằng năm trước mùa mưa",
                "logs_conditions": True,
            }
        if group == "cabinet":
            held = len(self.context.book.items.get(facility.owner_unit_id, {}))
            meets = rng.random() < 0.85
            return {
                "capacity": Decimal(max(20, held + rng.randint(4, 12))),
                "capacity_uom": "khẩu",
                "standard": self.standards["tu-sung-mau-thong-nhat"] if meets else None,
                "has_fire_equipment": rng.random() < 0.9,
                "fire_equipment": "2 bình bột MFZ4 tại phòng trực",
                "has_lightning_protection": False,
                "logs_conditions": True,
            }
        if group == "shed":
            return {"capacity": Decimal(rng.randrange(20, 45)), "capacity_uom": "xe",
                    "standard": self.standards["nha-xe-dat-chuan"] if rng.random() < 0.7
                    else None,
                    "has_fire_equipment": True, "fire_equipment": "4 bình bột MFZ8, 1 bình CO2",
                    "has_lightning_protection": True,
                    "lightning_protection": "Kim thu sét trên mái",
                    "logs_conditions": False}
        return {"capacity": Decimal(1200), "capacity_uom": "m²", "has_fire_equipment": True,
                "fire_equipment": "6 bình bột MFZ8", "has_lightning_protection": True,
                "lightning_protection": "Cột thu sét", "logs_conditions": False}

    # Records

    def invest(self, facility: Facility, year: int, kind: str, text: str, cost: int,
               source: str, decision: str = "") -> None:
        if year > self.today.year or cost <= 0:
            return
        services.investment_create(actor=None, facility=facility, year=year, kind=kind,
                                   description=text, cost_vnd=cost,
                                   funding_source=self.sources[source], decision_ref=decision)
        self.counts["investments"] += 1

    def investments(self, facility: Facility, group: str) -> None:
        rng = self.rng
        year = rng_year = rng.randint(FIRST_YEAR, FIRST_YEAR + 2)
        local = "ngan-sach-dia-phuong"
        if group == "depot":
            self.invest(facility, rng_year, "built", f"Xây dựng {facility.name} đạt QCVN "
                        "11:2018/BQP", self.money(9000, 16000), "cap-tren-dau-tu",
                        f"QĐ {rng.randint(100, 900)}/QĐ-BTL ngày 15/03/{rng_year}")
            self.invest(facility, rng_year, "built", "Đường vào kho, hàng rào, vành đai an toàn",
                        self.money(800, 2500), local)
            self.invest(facility, 2025, "equipped", "Máy hút ẩm, nhiệt ẩm kế điện tử, camera",
                        self.money(300, 800), "cap-tren-dau-tu")
        elif group == "province":
            self.invest(facility, year, "built", "Xây dựng nhà kho VKTBKT của Bộ CHQS tỉnh",
                        self.money(4000, 9000), "cap-tren-dau-tu",
                        f"QĐ {rng.randint(100, 900)}/QĐ-BTL ngày 10/04/{year}")
            self.invest(facility, year, "built", "Đối ứng xây dựng nhà kho, sân bãi",
                        self.money(1000, 3000), local)
            self.invest(facility, rng.choice([2023, 2024]), "upgraded",
                        "Cải tạo mái, chống thấm, lắp hệ thống chống sét", self.money(600, 1800),
                        "cap-tren-dau-tu")
        elif group == "cabinet":
            built = rng.randint(FIRST_YEAR, self.today.year)
            self.invest(facility, built, "built", "Làm tủ súng, giá súng theo mẫu thống nhất",
                        self.money(40, 150), local)
            if rng.random() < 0.3:
                self.invest(facility, min(built + 1, self.today.year), "equipped",
                            "Khóa, niêm phong, bình chữa cháy", self.money(10, 30),
                            "xa-hoi-hoa" if rng.random() < 0.5 else "don-vi-tu-lam")
        elif group == "shed":
            built = rng.randint(2021, 2023)
            self.invest(facility, built, "built", f"Xây dựng {facility.name}",
                        self.money(1000, 2200), "cap-tren-dau-tu")
            self.invest(facility, built + 2, "upgraded", "Láng nền, làm rãnh thoát nước",
                        self.money(250, 700), "don-vi-tu-lam")
        elif group == "station":
            self.invest(facility, 2022, "upgraded", "Nâng cấp nhà xưởng sửa chữa, cầu nâng",
                        self.money(2000, 3200), "cap-tren-dau-tu")

    def inspection(self, facility: Facility, day: dt.date, findings: str, days: int | None,
                   closed_after: int | None) -> None:
        if day > self.today:
            return
        inspection = services.inspection_create(
            actor=None, facility=facility, inspected_on=day,
            inspector="Phòng Kỹ thuật Bộ CHQS tỉnh" if facility.kind.code == "tu-sung"
            else "Đoàn kiểm tra Cục Kỹ thuật Quân khu 1",
            findings=findings, fix_deadline=day + dt.timedelta(days=days) if days else None)
        self.counts["inspections"] += 1
        if closed_after is not None and day + dt.timedelta(days=closed_after) <= self.today:
            services.inspection_close(actor=self.officer_for(facility), inspection=inspection,
                                      closed_on=day + dt.timedelta(days=closed_after),
                                      note="Đã khắc phục xong, đơn vị báo cáo bằng văn bản")

    def inspections(self, facility: Facility, group: str, index: int) -> None:
        rng = self.rng
        if group in ("depot", "province"):
            for year in (2024, 2025):
                day = dt.date(year, rng.randint(3, 5), rng.randint(1, 28))
                self.inspection(facility, day, "Sổ sách đầy đủ; một số giá kệ han gỉ, cần sơn "
                                "lại.", 45, rng.randint(20, 40))
            day = self.today - dt.timedelta(days=rng.randint(10, 25))
            self.inspection(facility, day, "Hệ thống chống sét chưa đo điện trở tiếp địa năm "
                            "nay.", 60, None if index % 2 == 0 else rng.randint(3, 8))
        elif group == "cabinet" and index < (6 if self.small else 40):
            day = self.today - dt.timedelta(days=rng.randint(60, 300))
            self.inspection(facility, day, "Khóa tủ súng hỏng một chiếc; thiếu sổ theo dõi.",
                            30, rng.randint(7, 25))

    def reading(self, facility: Facility, when: dt.datetime, temperature: float,
                humidity: float, note: str = ""):
        reading = services.reading_record(
            actor=None, facility=facility, taken_at=when,
            temperature=Decimal(str(round(temperature, 1))),
            humidity=Decimal(str(round(humidity, 1))), note=note)
        self.counts["readings"] += 1
        return reading

    def readings(self, facility: Facility, *, spike: str = "") -> None:
        """Readings every few days over the last months; `spike` adds an out-of-limit one:
        "acknowledged" (an officer has seen it) or "open" (left for the dashboard)."""
        rng = self.rng
        days, step = (30, 5) if self.small else (90, 3)
        low, high, wet = facility.limits()
        for back in range(days, 0, -step):
            day = self.today - dt.timedelta(days=back)
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(7, 30)))
            base = MONTH_TEMPERATURE[day.month] + rng.uniform(-2.5, 2.5)
            temperature = min(max(base, float(low or 0) + 1), float(high or 40) - 1)
            humidity = min(rng.uniform(62, 79), float(wet or 90) - 1)
            self.reading(facility, when, temperature, humidity)
        if spike:
            back = 2 if spike == "open" else days // 2
            when = timezone.make_aware(dt.datetime.combine(
                self.today - dt.timedelta(days=back), dt.time(14, 0)))
            reading = self.reading(facility, when, 24.5, float(wet or 85) + 6,
                                   "Sau nhiều ngày mưa nồm")
            if spike == "acknowledged":
                services.reading_acknowledge(actor=self.officer_for(facility), reading=reading,
                                             note="Đã mở cửa thông gió, chạy máy hút ẩm 8 giờ")

    def run(self) -> str:
        cabinets_ls: list[Facility] = []
        watched: list[Facility] = []
        building_set = False
        for index, facility in enumerate(self.facilities):
            group = self.group(facility)
            services.facility_update(actor=None, facility=facility,
                                     data=self.details(facility, group))
            self.investments(facility, group)
            self.inspections(facility, group, index)
            if group == "cabinet" and self.province_code(facility).endswith("-LS"):
                cabinets_ls.append(facility)
            if group in ("depot", "province"):
                watched.append(facility)
            if (group == "cabinet" and not building_set
                    and facility.investments.filter(year=self.today.year).exists()):
                services.facility_update(actor=None, facility=facility,
                                         data={"status": Facility.Status.BUILDING})
                building_set = True
        # One Lạng Sơn gun cabinet has an inspection whose deadline has passed: overdue.
        if cabinets_ls:
            late = cabinets_ls[0]
            self.inspection(late, self.today - dt.timedelta(days=45),
                            "Tủ súng đặt sát tường ẩm, chưa có bình chữa cháy tại phòng trực.",
                            30, None)
        watched = watched if not self.small else watched[:4]
        for number, facility in enumerate(watched):
            spike = "acknowledged" if number in (0, 1) else ""
            self.readings(facility, spike=spike)
        for number, facility in enumerate(cabinets_ls[: 2 if self.small else 6]):
            self.readings(facility, spike="open" if number == 0 else "")
        return gettext("Facilities: %(facilities)s described, %(investments)s investment "
                       "records, %(inspections)s inspections, %(readings)s readings") % {
            "facilities": len(self.facilities), "investments": self.counts["investments"],
            "inspections": self.counts["inspections"], "readings": self.counts["readings"]}


def seed(context) -> str:
    return Seeder(context).run()

