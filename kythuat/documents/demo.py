"""Demo issuers and register: the military region's command (state style, BTL), the Lạng Sơn
province command (state style, BCH), its Party committee (Party style, numbered per term), the
division, and a few numbers already issued."""

import datetime as dt

from django.utils.translation import gettext

from kythuat.org.models import Unit

from . import services
from .models import DocumentType, FormatProfile

# (unit code, profile, name, abbreviation, superior body, place, term start)
ISSUERS = [
    ("QK1", "state", "Bộ Tư lệnh Quân khu 1", "BTL", "Bộ Quốc phòng", "Thái Nguyên", None),
    ("QK1-LS", "state", "Bộ Chỉ huy quân sự tỉnh Lạng Sơn", "BCH", "Bộ Tư lệnh Quân khu 1",
     "Lạng Sơn", None),
    ("QK1-LS", "party", "Đảng uỷ Quân sự tỉnh Lạng Sơn", "ĐUQS", "Đảng bộ tỉnh Lạng Sơn",
     "Lạng Sơn", dt.date(2025, 7, 15)),
    ("SD346", "state", "Sư đoàn 346", "SĐ346", "Bộ Tư lệnh Quân khu 1", "Cao Bằng", None),
]
# (issuer index, type, days before today, subject)
NUMBERS = [
    (1, "KH", 80, "Kế hoạch kiểm kê vũ khí trang bị kỹ thuật thời điểm 0 giờ ngày 01/01/{next}"),
    (2, "NQ", 75, "Nghị quyết lãnh đạo thực hiện nhiệm vụ công tác kỹ thuật năm {year}"),
    (1, "BC", 60, "Báo cáo kết quả công tác kỹ thuật tháng {previous}"),
    (1, "QĐ", 45, "Quyết định điều chuyển vũ khí trang bị kỹ thuật cho Ban CHQS các xã"),
    (3, "BC", 40, "Báo cáo kết quả thực hiện Cuộc vận động 50 năm {year}"),
    (2, "BC", 30, "Báo cáo sơ kết công tác kỹ thuật, Cuộc vận động 50 năm {year}"),
    (1, "BB", 20, "Biên bản bàn giao vũ khí trang bị kỹ thuật"),
    (1, "BC", 7, "Báo cáo tình hình chất lượng vũ khí trang bị kỹ thuật năm {year}"),
]


def seed(context) -> str:
    profiles = {p.code: p for p in FormatProfile.objects.all()}
    issuers = []
    for code, profile, name, abbreviation, parent, place, term_start in ISSUERS:
        unit = context.tree.units.get(code) or Unit.objects.filter(code=code).first()
        if unit is None:
            issuers.append(None)
            continue
        issuers.append(services.issuer_create(
            actor=None, unit=unit, profile=profiles[profile], name=name,
            abbreviation=abbreviation, parent_name=parent, place=place,
            valid_from=dt.date(2015, 1, 1), term_start=term_start,
            term_end=(term_start.replace(year=term_start.year + 5) - dt.timedelta(days=1))
            if term_start else None))
    types = {t.code: t for t in DocumentType.objects.all()}
    issued = 0
    for index, code, days, subject in NUMBERS:
        issuer = issuers[index]
        if issuer is None:
            continue
        day = context.today - dt.timedelta(days=days)
        if issuer.term_start is not None and day < issuer.term_start:
            day = issuer.term_start
        if issuer.valid_from > day:
            continue
        previous = f"{day.replace(day=1) - dt.timedelta(days=1):%m/%Y}"
        services.number_issue(actor=None, issuer=issuer, document_type=types[code], date=day,
                              subject=subject.format(year=day.year, next=day.year + 1,
                                                     previous=previous))
        issued += 1
    made = sum(1 for issuer in issuers if issuer is not None)
    return gettext("Documents: %(issuers)s issuers, %(numbers)s numbers in the register") % {
        "issuers": made, "numbers": issued}
