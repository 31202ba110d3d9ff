"""Demo training and contests of Quân khu 1: yearly technical training plans of a few units with
their courses over the last years (trainees taken from the people already seeded — drivers and
technical staff), the region's "thợ sửa chữa giỏi" contest with its prizes, a division's "xe
tốt, lái xe an toàn" contest; and the technicians of the repair work orders, named from the
people of the units concerned."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext

from kythuat.maintenance.models import TechnicianRule, WorkOrder
from kythuat.maintenance.services import work_order_technicians_set
from kythuat.maintenance.services.technicians import eligible_technicians
from kythuat.org.models import Unit
from kythuat.people.models import Person, SkillLevel

from . import services
from .models import ContestLevel, Prize

D = dt.date
# (subject, trainees, hours, month): the usual content of a unit's technical training year.
SUBJECTS = [
    ("Tập huấn bảo quản, bảo dưỡng VKTBKT theo Điều lệ công tác kỹ thuật",
     "Cán bộ, nhân viên kỹ thuật", Decimal(32), 3),
    ("Huấn luyện lái xe an toàn, phòng ngừa tai nạn giao thông", "Lái xe", Decimal(24), 4),
    ("Bồi dưỡng chuyên môn thợ sửa chữa vũ khí bộ binh", "Thợ sửa chữa vũ khí", Decimal(80), 6),
    ("Huấn luyện an toàn kho đạn, phòng chống cháy nổ", "Thủ kho, nhân viên kho",
     Decimal(16), 9),
]
RESULTS = ["excellent", "good", "good", "good", "pass", "pass", "pass", "fail"]


def _people(unit: Unit, today: dt.date) -> list[Person]:
    return list(Person.objects.within(unit).filter(is_active=True)
                .filter(assignments__started_on__lte=today).distinct()
                .select_related("unit").order_by("pk"))


def _units(context) -> list[Unit]:
    tree = context.tree
    wanted = [*tree.provinces[:2], tree.units.get("SD346"), *tree.regiments[:1]]
    units = [u for u in wanted if u is not None]
    return units[:2] if context.small else units


def _plans_and_courses(context, units: list[Unit]) -> tuple[int, int, int]:
    rng, today = context.rng, context.today
    plans = courses = trainees = 0
    years = range(today.year - (1 if context.small else 3), today.year + 1)
    for unit in units:
        people = _people(unit, today)
        for year in years:
            plan = services.plan_create(
                actor=None, unit=unit, year=year, approved_on=D(year - 1, 12, 20),
                title=f"Kế hoạch huấn luyện kỹ thuật năm {year} của {unit.name}")
            plans += 1
            for subject, audience, hours, month in SUBJECTS:
                item = services.plan_item_add(
                    actor=None, plan=plan, subject=subject, audience=audience,
                    planned_hours=hours, planned_trainees=rng.randint(10, 30))
                start = D(year, month, rng.randint(3, 20))
                end = start + dt.timedelta(days=int(hours // 8) + rng.randint(0, 2))
                if end >= today or not people:
                    continue
                course = services.course_create(
                    actor=None, unit=unit, subject=subject, plan_item=item,
                    place=f"Hội trường {unit.short_name or unit.name}", starts_on=start,
                    ends_on=end, hours=hours)
                courses += 1
                for person in rng.sample(people, min(len(people), rng.randint(6, 15))):
                    missed = Decimal(rng.choice((0, 0, 0, 4, 8))) if hours > 16 else 0
                    services.trainee_add(actor=None, course=course, person=person,
                                         hours_attended=hours - missed,
                                         result=rng.choice(RESULTS))
                    trainees += 1
    return plans, courses, trainees


def _region_contest(context, region: Unit, units: list[Unit]) -> int:
    """Hội thi thợ sửa chữa giỏi of the military region, last year, with prizes."""
    rng = context.rng
    year = context.today.year - 1
    prizes = {p.code: p for p in Prize.objects.all()}
    contest = services.contest_create(
        actor=None, unit=region, level=ContestLevel.objects.get(code="quan-khu"),
        name=f"Hội thi thợ sửa chữa giỏi Quân khu 1 năm {year}", held_on=D(year, 8, 12),
        ends_on=D(year, 8, 15), place="Xưởng sửa chữa tổng hợp, Cục Kỹ thuật Quân khu 1",
        events=["Lý thuyết chuyên ngành", "Thực hành tháo lắp, sửa chữa"])
    practice = contest.events.order_by("order").last()
    contestants = [p for unit in units for p in _people(unit, D(year, 8, 1))[:3]]
    scored = sorted(((Decimal(rng.randint(700, 980)) / 100, p) for p in contestants),
                    key=lambda pair: -pair[0])
    awards = ["nhat", "nhi", "nhi", "ba", "ba", "ba", "khuyen-khich", "khuyen-khich"]
    for placing, (score, person) in enumerate(scored, start=1):
        code = awards[placing - 1] if placing <= len(awards) else None
        services.contest_entry_add(actor=None, contest=contest, person=person, event=practice,
                                   score=score, placing=placing,
                                   prize=prizes.get(code) if code else None)
    return len(scored)


def _driving_contest(context, division: Unit) -> int:
    """Hội thi xe tốt, lái xe an toàn of the division: drivers and the regiments' teams."""
    rng = context.rng
    year = context.today.year - 1
    prizes = {p.code: p for p in Prize.objects.all()}
    contest = services.contest_create(
        actor=None, unit=division, level=ContestLevel.objects.get(code="su-doan-tinh"),
        name=f"Hội thi xe tốt, lái xe an toàn Sư đoàn 346 năm {year}", held_on=D(year, 5, 20),
        ends_on=D(year, 5, 22), place="Thao trường Sư đoàn 346",
        events=["Kiểm tra xe (đồng bộ, sổ sách)", "Lý thuyết luật giao thông",
                "Thực hành lái xe"])
    driving = contest.events.order_by("order").last()
    drivers = list(Person.objects.within(division).filter(driver__isnull=False,
                                                          is_active=True)[:8])
    for placing, person in enumerate(drivers, start=1):
        prize = prizes["nhat"] if placing == 1 else prizes["nhi"] if placing == 2 else \
            prizes["ba"] if placing <= 4 else None
        services.contest_entry_add(actor=None, contest=contest, person=person, event=driving,
                                   score=Decimal(rng.randint(800, 990)) / 100, placing=placing,
                                   prize=prize)
    teams = context.tree.children(division) or [division]
    for placing, team in enumerate(teams[:4], start=1):
        services.contest_entry_add(actor=None, contest=contest, team=team, placing=placing,
                                   prize=prizes["nhat"] if placing == 1 else None)
    return len(drivers) + len(teams[:4])


def _technicians(context, region: Unit) -> int:
    """Names one or two technicians on the repair work orders of the region: people of the
    facility's unit holding the trade the rule asks for when there is one (so most orders meet
    the rule and a few are flagged)."""
    rng = context.rng
    named = 0
    rules = {r.repair_level_id for r in TechnicianRule.objects.all()}
    orders = (WorkOrder.objects.within(region).filter(category=WorkOrder.Category.REPAIR,
                                                       repair_level_id__in=rules)
              .select_related("unit", "facility__owner_unit").order_by("opened_on")[:40])
    for order in orders:
        pool = list(eligible_technicians(user=None, work_order=order)
                    .filter(driver__isnull=True)[:40])
        if not pool:
            continue
        skilled = set(SkillLevel.objects.filter(person__in=pool).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=order.opened_on),
            started_on__lte=order.opened_on, level__gte=4).values_list("person_id", flat=True))
        first = [p for p in pool if p.pk in skilled and rng.random() < 0.85]
        chosen = (first[:1] or rng.sample(pool, 1)) + rng.sample(pool, min(1, len(pool) - 1))
        work_order_technicians_set(actor=None, work_order=order,
                                               technicians=chosen)
        named += 1
    return named


def seed(context) -> str:
    region = context.tree.units.get("QK1") or Unit.objects.filter(code="QK1").first()
    units = _units(context)
    if region is None or not units:
        return gettext("Training: no demo unit found, nothing seeded.")
    plans, courses, trainees = _plans_and_courses(context, units)
    results = _region_contest(context, region, units)
    division = context.tree.units.get("SD346")
    if division is not None:
        results += _driving_contest(context, division)
    orders = _technicians(context, region)
    return gettext("Training: %(plans)s plans, %(courses)s courses with %(trainees)s "
                   "trainees, 2 contests with %(results)s results; technicians named on "
                   "%(orders)s work orders.") % {
        "plans": plans, "courses": courses,
        "trainees": trainees, "results": results, "orders": orders}


