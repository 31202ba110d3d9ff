"""Demo technical staff of Quân khu 1: the region's technical department, the division's
repair station, depot and regiments, the provinces and their depots — some hundreds of people
with their assignments (some moved once by an order), skill levels with their history, exam
sessions to raise the level over several years (the last one still being marked), a level
decision, certificates (a few expiring soon, a couple expired) and the establishment of several
units. Everything goes through the services."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from . import services
from .models import CertificateKind, ExamCandidate, Person, PersonCategory, SkillLevel, Trade

D = dt.date
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
            "Nông", "Hà", "Lường", "Lò", "Vi", "Bế", "Ma", "Triệu", "Lục", "Đinh", "Hoàng",
            "Nguyễn", "Trần", "Lê"]
MIDDLE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Ngọc", "Thế",
          "Mạnh", "Trọng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hải", "Hùng", "Huy", "Khánh", "Lâm",
         "Long", "Mạnh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tiến", "Toàn", "Trung",
         "Tuấn", "Việt", "Vinh", "Thành", "Hiếu", "Hưng", "Kiên", "Lợi", "Nghĩa", "Phúc",
         "Quyết", "Tâm", "Thái", "Thịnh", "Tùng", "Chiến", "Duy", "Đạt", "Hậu"]
WOMEN = ["Hà", "Hương", "Lan", "Mai", "Nga", "Thảo", "Thu", "Vân", "Yến", "Hằng"]
RANKS = {
    "si-quan-ky-thuat": ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá"],
    "qncn": ["Thiếu úy QNCN", "Trung úy QNCN", "Thượng úy QNCN", "Đại úy QNCN",
             "Thiếu tá QNCN", "Trung tá QNCN"],
    "cnqp": [""], "cong-chuc-qp": [""],
    "hsq-bs": ["Hạ sĩ", "Trung sĩ", "Thượng sĩ"],
}
POSITIONS = {
    "sua-chua-vu-khi": "Thợ sửa chữa vũ khí", "sua-chua-xe": "Nhân viên sửa chữa xe",
    "dien-xe": "Thợ điện xe", "dan": "Thợ đạn", "thong-tin": "Thợ sửa chữa thông tin",
    "quang-hoc": "Thợ quang học", "han": "Thợ hàn", "tien": "Thợ tiện", "son": "Thợ sơn",
    "bao-quan-kho": "Nhân viên bảo quản", "ac-quy": "Thợ nạp ắc quy",
}
# unit code → officers (position) and workers (trade, count, category); small keeps a third.
STAFF = {
    "QK1": (["Chủ nhiệm Kỹ thuật Quân khu", "Trưởng phòng Quân khí", "Trợ lý xe máy",
             "Trợ lý thông tin"], []),
    "SD346": (["Chủ nhiệm Kỹ thuật Sư đoàn", "Trợ lý quân khí", "Trợ lý xe máy"], []),
    "SD346-TSC": (["Trạm trưởng", "Phó Trạm trưởng"], [
        ("sua-chua-vu-khi", 14, "qncn"), ("sua-chua-xe", 16, "cnqp"), ("dien-xe", 7, "cnqp"),
        ("quang-hoc", 4, "qncn"), ("han", 5, "cnqp"), ("tien", 4, "cnqp"), ("son", 3, "cnqp"),
        ("ac-quy", 4, "hsq-bs"), ("thong-tin", 5, "qncn")]),
    "SD346-K46": (["Chủ nhiệm kho"], [("dan", 8, "qncn"), ("bao-quan-kho", 8, "cnqp"),
                                      ("sua-chua-vu-khi", 3, "qncn")]),
    "SD346-E246": (["Chủ nhiệm Kỹ thuật Trung đoàn"], [
        ("sua-chua-vu-khi", 5, "qncn"), ("sua-chua-xe", 5, "qncn"), ("dien-xe", 2, "hsq-bs"),
        ("thong-tin", 2, "qncn"), ("ac-quy", 1, "hsq-bs")]),
    "SD346-E677": (["Chủ nhiệm Kỹ thuật Trung đoàn"], [
        ("sua-chua-vu-khi", 4, "qncn"), ("sua-chua-xe", 5, "qncn"), ("dien-xe", 2, "hsq-bs"),
        ("thong-tin", 2, "qncn")]),
    "SD346-E851": (["Chủ nhiệm Kỹ thuật Trung đoàn"], [
        ("sua-chua-vu-khi", 4, "qncn"), ("sua-chua-xe", 4, "qncn"), ("dien-xe", 2, "hsq-bs"),
        ("thong-tin", 1, "qncn")]),
    "QK1-LS": (["Chủ nhiệm Kỹ thuật Bộ CHQS tỉnh", "Trợ lý quân khí"], [
        ("sua-chua-vu-khi", 5, "qncn"), ("sua-chua-xe", 4, "qncn"), ("dien-xe", 2, "cnqp"),
        ("thong-tin", 2, "qncn"), ("dan", 2, "qncn"), ("bao-quan-kho", 2, "cong-chuc-qp")]),
    "QK1-CB": (["Chủ nhiệm Kỹ thuật Bộ CHQS tỉnh", "Trợ lý xe máy"], [
        ("sua-chua-vu-khi", 4, "qncn"), ("sua-chua-xe", 4, "qncn"), ("dien-xe", 1, "cnqp"),
        ("thong-tin", 2, "qncn"), ("dan", 2, "qncn")]),
    "QK1-TN": (["Chủ nhiệm Kỹ thuật Bộ CHQS tỉnh"], [
        ("sua-chua-vu-khi", 3, "qncn"), ("sua-chua-xe", 3, "qncn"), ("thong-tin", 1, "qncn"),
        ("dan", 2, "qncn")]),
    "QK1-BN": (["Chủ nhiệm Kỹ thuật Bộ CHQS tỉnh"], [
        ("sua-chua-vu-khi", 3, "qncn"), ("sua-chua-xe", 3, "qncn"), ("thong-tin", 1, "qncn"),
        ("dan", 1, "qncn")]),
}
# Staff of every unit of a role (the battalions' repairmen, the province depots' storemen).
BY_ROLE = {
    "battalion": [("sua-chua-vu-khi", 1, "hsq-bs"), ("sua-chua-xe", 1, "qncn")],
    "province_depot": [("dan", 2, "qncn"), ("bao-quan-kho", 2, "cnqp")],
}
# Units whose establishment is recorded: (trade, low band, high band).
ESTABLISHMENT = {
    "SD346-TSC": [("sua-chua-vu-khi", 6, 5), ("sua-chua-xe", 7, 6), ("dien-xe", 3, 3),
                  ("quang-hoc", 1, 2), ("han", 2, 2), ("tien", 2, 1), ("son", 2, 1),
                  ("ac-quy", 2, 1), ("thong-tin", 2, 2)],
    "SD346-K46": [("dan", 4, 4), ("bao-quan-kho", 6, 2), ("sua-chua-vu-khi", 2, 1)],
    "SD346-E246": [("sua-chua-vu-khi", 3, 2), ("sua-chua-xe", 3, 2), ("dien-xe", 2, 0),
                   ("thong-tin", 1, 1)],
    "SD346-E677": [("sua-chua-vu-khi", 3, 2), ("sua-chua-xe", 3, 2), ("dien-xe", 2, 0),
                   ("thong-tin", 1, 1)],
    "SD346-E851": [("sua-chua-vu-khi", 3, 2), ("sua-chua-xe", 3, 2), ("dien-xe", 2, 0),
                   ("thong-tin", 1, 1)],
    "QK1-LS": [("sua-chua-vu-khi", 3, 2), ("sua-chua-xe", 2, 2), ("dan", 1, 1),
               ("thong-tin", 1, 1)],
    "QK1-CB": [("sua-chua-vu-khi", 2, 2), ("sua-chua-xe", 2, 2), ("dan", 1, 1),
               ("thong-tin", 1, 1)],
}
# Exam sessions: (unit, year, month, trades); the last one is still being marked.
SESSIONS = [
    ("SD346", 2021, 6, ["sua-chua-vu-khi", "sua-chua-xe", "dien-xe"]),
    ("QK1-LS", 2022, 5, ["sua-chua-vu-khi", "sua-chua-xe", "dan"]),
    ("SD346", 2023, 6, ["sua-chua-vu-khi", "sua-chua-xe", "dien-xe", "han", "tien", "thong-tin"]),
    ("SD346", 2024, 6, ["sua-chua-vu-khi", "sua-chua-xe", "quang-hoc", "dan", "bao-quan-kho"]),
    ("QK1-CB", 2025, 5, ["sua-chua-vu-khi", "sua-chua-xe", "thong-tin"]),
    ("SD346", None, None, ["sua-chua-vu-khi", "sua-chua-xe", "dien-xe", "dan"]),
]
ABBREVIATION = {"SD346": "SĐ", "QK1-LS": "BCH", "QK1-CB": "BCH"}


class Seeder:
    def __init__(self, context) -> None:
        self.context = context
        self.rng = context.rng
        self.today = context.today
        self.trades = {t.code: t for t in Trade.objects.all()}
        self.categories = {c.code: c for c in PersonCategory.objects.all()}
        self.decisions = 0

    def unit(self, code: str) -> Unit | None:
        return self.context.tree.units.get(code)

    def name(self) -> str:
        rng = self.rng
        if rng.random() < 0.08:
            return f"{rng.choice(SURNAMES)} Thị {rng.choice(WOMEN)}"
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    def day(self, year: int, month: int | None = None) -> dt.date:
        day = D(year, month or self.rng.randint(1, 12), self.rng.randint(1, 28))
        return min(day, self.today - dt.timedelta(days=1))

    def evidence(self, unit: Unit, day: dt.date) -> str:
        self.decisions += 1
        who = "BTL" if unit.code.startswith("QK1") and "-" not in unit.code else \
            ("SĐ" if unit.code.startswith("SD346") else "BCH")
        return f"QĐ số {40 + self.decisions % 350}/QĐ-{who} ngày {day:%d/%m/%Y}"

    def person(self, unit: Unit, category: str, position: str, hired: dt.date) -> Person:
        ranks = RANKS[category]
        served = max(0, self.today.year - hired.year)
        rank = ranks[min(len(ranks) - 1, served // 4 + self.rng.randint(0, 1))] \
            if len(ranks) > 1 else ranks[0]
        if category == "si-quan-ky-thuat" and position.startswith("Chủ nhiệm"):
            rank = self.rng.choice(["Thượng tá", "Trung tá"]) if "Quân khu" in position or \
                "Sư đoàn" in position else "Thiếu tá"
        born = D(hired.year - self.rng.randint(19, 26), self.rng.randint(1, 12),
                 self.rng.randint(1, 28))
        return services.person_create(
            actor=None, unit=unit, full_name=self.name(), category=self.categories[category],
            started_on=hired, rank=rank, date_of_birth=born, position=position,
            order_number=f"{self.rng.randint(10, 480)}/QĐ-{ABBREVIATION.get(unit.code, 'BCH')}")

    def levels(self, person: Person, trade: Trade, hired: dt.date) -> None:
        """A first level some months after joining, then a raise every three to five years
        (by a decision, before the exams the demo records)."""
        start = min(hired + dt.timedelta(days=self.rng.randint(90, 300)),
                    self.today - dt.timedelta(days=400))
        level = 1 if trade.ladder_size <= 4 else self.rng.choice([1, 2, 2, 3])
        services.skill_level_grant(actor=None, person=person, trade=trade, level=level,
                                   started_on=start, evidence=self.evidence(person.unit, start))
        day = start
        cutoff = D(min(2021, self.today.year - 3), 1, 1)
        while level < trade.ladder_size - 1:
            day = day + dt.timedelta(days=365 * self.rng.randint(3, 5) + self.rng.randint(0, 90))
            if day >= cutoff:
                break
            level += 1
            services.skill_level_raise(actor=None, person=person, trade=trade, level=level,
                                       started_on=day, evidence=self.evidence(person.unit, day))


def seed(context) -> str:
    seeder = Seeder(context)
    rng = seeder.rng
    workers: list[tuple[Person, Trade]] = []
    count = 0
    plan = [(seeder.unit(code), officers, trades) for code, (officers, trades) in STAFF.items()]
    if not context.small:
        plan += [(unit, [], trades) for role, trades in BY_ROLE.items()
                 for unit in context.tree.of_role(role)]
    for unit, officers, trades in plan:
        if unit is None:
            continue
        for position in officers:
            seeder.person(unit, "si-quan-ky-thuat", position,
                          seeder.day(rng.randint(1998, 2016)))
            count += 1
        for trade_code, number, category in trades:
            trade = seeder.trades[trade_code]
            for index in range(max(1, number // 3) if context.small else number):
                kind = category if rng.random() < 0.8 else rng.choice(["qncn", "cnqp"])
                if kind == "hsq-bs" and index % 2:
                    kind = "qncn"
                hired = seeder.day(rng.randint(2003, 2021) if kind != "hsq-bs"
                                   else rng.randint(2022, 2024))
                title = POSITIONS[trade_code]
                if index == 0 and number >= 4:
                    title = f"Tổ trưởng {title[0].lower()}{title[1:]}"
                someone = seeder.person(unit, kind, title, hired)
                seeder.levels(someone, trade, hired)
                workers.append((someone, trade))
                count += 1
    moved = _moves(seeder, workers)
    sessions, raised = _exams(seeder, workers)
    certificates = _certificates(seeder, workers)
    rows = _establishment(seeder)
    return gettext("Technical staff: %(people)s people (%(moved)s moved), %(sessions)s exam "
                   "sessions, %(raised)s raised a level, %(certificates)s certificates, "
                   "%(rows)s establishment figures") % {
        "people": count, "moved": moved, "sessions": sessions, "raised": raised,
        "certificates": certificates, "rows": rows}


def _moves(seeder: Seeder, workers) -> int:
    """One worker in eight moved once, mostly from a regiment to the repair station."""
    station = seeder.unit("SD346-TSC")
    moved = 0
    for person, _trade in workers[::8]:
        person.refresh_from_db()
        target = station if person.unit != station else seeder.unit("SD346-E246")
        if target is None:
            continue
        first = person.assignments.get().started_on
        day = first + dt.timedelta(days=seeder.rng.randint(700, 2500))
        if day >= seeder.today:
            continue
        services.person_move(actor=None, person=person, unit=target, started_on=day,
                             order_number=f"{seeder.rng.randint(10, 300)}/QĐ-SĐ")
        moved += 1
    return moved


def _exams(seeder: Seeder, workers) -> tuple[int, int]:
    rng, today = seeder.rng, seeder.today
    held = 0
    raised = 0
    plan = SESSIONS[-3:] if seeder.context.small else SESSIONS
    for index, (code, year, month, trade_codes) in enumerate(plan):
        unit = seeder.unit(code)
        if unit is None:
            continue
        last = index == len(plan) - 1
        if last or year is None:
            day = today - dt.timedelta(days=10)
        else:
            day = min(D(min(year, today.year - 1), month, 15), today - dt.timedelta(days=60))
        trades = [seeder.trades[c] for c in trade_codes]
        committee = list(Person.objects.filter(unit__in=subtree_ids(unit),
                                               category__code="si-quan-ky-thuat")[:3])
        committee += [p for p, _t in workers if p.unit.path.startswith(unit.path)][:2]
        session = services.session_create(
            actor=None, unit=unit, held_on=day, trades=trades, committee=committee,
            name=f"Kỳ thi nâng bậc thợ năm {day.year} — {unit.name}")
        held += 1
        candidates = []
        for person, trade in workers:
            person.refresh_from_db()
            if trade not in trades or not person.unit.path.startswith(unit.path):
                continue
            current = SkillLevel.objects.filter(person=person, trade=trade,
                                                ended_on__isnull=True).first()
            if current is None or current.level >= trade.ladder_size or \
                    current.started_on > day - dt.timedelta(days=540):
                continue
            if rng.random() < 0.5:
                continue
            high = trade.band(current.level) == "high"
            training = (f"Lớp bồi dưỡng nâng cao tay nghề {trade.name.lower()}, Trường Trung "
                        f"cấp Kỹ thuật Quân khu 1, năm {day.year - 1}"
                        if high and rng.random() < 0.85 else "")
            exempt = rng.random() < 0.06
            try:
                candidate = services.candidate_add(
                    actor=None, session=session, person=person, trade=trade,
                    training_evidence=training, theory_exempt=exempt,
                    exemption_reason="Đạt giải Nhất hội thi thợ sửa chữa giỏi cấp Quân khu"
                    if exempt else "")
            except ValidationError:
                continue
            candidates.append(candidate)
            if len(candidates) >= (6 if seeder.context.small else 14):
                break
        for candidate in candidates:
            if not candidate.eligible:
                if rng.random() < 0.4:
                    services.candidate_override(
                        actor=None, candidate=candidate,
                        reason="Hoàn thành xuất sắc nhiệm vụ sửa chữa đột xuất; Chủ nhiệm Kỹ "
                               "thuật đồng ý cho dự thi")
                else:
                    continue
            if last and rng.random() < 0.5:
                continue  # the last session is still being marked
            theory = round(rng.uniform(4.0, 9.5) * 2) / 2
            practice = round(rng.uniform(4.5, 9.5) * 2) / 2
            services.candidate_mark(actor=None, candidate=candidate, theory_mark=theory,
                                    practice_mark=practice)
        if last:
            continue
        session.refresh_from_db()
        if not session.candidates.filter(result=ExamCandidate.Result.PASSED).exists():
            continue
        pending = session.candidates.filter(result=ExamCandidate.Result.PENDING)
        if any(c.admitted for c in pending):
            continue
        decided = min(day + dt.timedelta(days=21), today)
        number = f"{rng.randint(100, 420)}/QĐ-{ABBREVIATION.get(code, 'BCH')}"
        if code == "SD346" and index == max(i for i, row in enumerate(plan[:-1])
                                            if row[0] == "SD346"):
            try:  # the most recent decision takes its number from the unit's register
                with _savepoint():
                    services.session_decide(actor=None, session=session,
                                            decision_date=decided)
            except ValidationError:
                services.session_decide(actor=None, session=session, decision_date=decided,
                                        decision_number=number)
        else:
            services.session_decide(actor=None, session=session, decision_date=decided,
                                    decision_number=number)
        raised += session.candidates.filter(result=ExamCandidate.Result.PASSED).count()
    return held, raised


def _savepoint():
    from django.db import transaction

    return transaction.atomic()


def _certificates(seeder: Seeder, workers) -> int:
    """Safety certificates of the electrical, welding and depot trades and the labour-safety
    training of many workers, valid two to five years: a few end within weeks, a couple have
    ended."""
    rng, today = seeder.rng, seeder.today
    kinds = {k.code: k for k in CertificateKind.objects.all()}
    made = 0
    expired = 0  # two, to show the alert
    for index, (person, trade) in enumerate(workers):
        codes = []
        if trade.code in ("dien-xe", "ac-quy", "thong-tin"):
            codes.append("an-toan-dien")
        if trade.code == "han":
            codes.append("han")
        if trade.code in ("dan", "bao-quan-kho"):
            codes.append("nghiep-vu-kho")
        if index % 3 == 0:
            codes.append("an-toan-lao-dong")
        for code in codes:
            kind = kinds.get(code)
            if kind is None or not kind.validity_months:
                continue
            months = kind.validity_months
            if made in (3, 17):
                end = today - dt.timedelta(days=rng.randint(10, 40))  # expired
                expired += 1
            elif made % 9 == 5:
                end = today + dt.timedelta(days=rng.randint(10, 50))  # expiring soon
            else:
                end = today + dt.timedelta(days=rng.randint(120, months * 30 - 60))
            issued = end - dt.timedelta(days=months * 30)
            services.certificate_add(
                actor=None, person=person, kind=kind, issued_on=min(issued, today),
                valid_until=end, number=f"{rng.randint(100, 9999):04d}/{issued.year}",
                issued_by="Trường Trung cấp Kỹ thuật Quân khu 1" if code != "an-toan-lao-dong"
                else "Trung tâm huấn luyện an toàn lao động, Bộ Tư lệnh Quân khu 1")
            made += 1
    return made


def _establishment(seeder: Seeder) -> int:
    rows = 0
    start = D(2022, 1, 1)
    for code, figures in ESTABLISHMENT.items():
        unit = seeder.unit(code)
        if unit is None:
            continue
        for trade_code, low, high in figures:
            for band, required in (("low", low), ("high", high)):
                if seeder.context.small:
                    required = (required + 2) // 3
                if not required:
                    continue
                services.establishment_set(
                    actor=None, unit=unit, trade=seeder.trades[trade_code], band=band,
                    required=required, valid_from=start,
                    decision_ref="QĐ số 1125/QĐ-BTL ngày 20/12/2021 về biên chế nhân viên "
                                 "kỹ thuật")
                rows += 1
    return rows
