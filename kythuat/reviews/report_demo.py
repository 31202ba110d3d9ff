"""Demo reports of the 15-year review of Resolution 382 by Lạng Sơn (made by the reviews demo):
the reports of the units of its plan, issued (one after its deadline, one missing), and the
central report, written with figures inserted from the records and issued; a draft central
report for Sư đoàn 346. Runs after the reviews and commendations demos."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from kythuat.documents import services as documents
from kythuat.documents.models import FormatProfile, IssuedNumber, Issuer

from .models import Report, Review
from .report_selectors import report_docx_bytes
from .services import figures, reports

SITUATION = (
    "Thực hiện Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007 của Đảng ủy Quân sự Trung ương "
    "(nay là Quân ủy Trung ương), Kết luận số 763-KL/QUTW và các chương trình hành động của "
    "cấp trên, Đảng ủy Quân sự tỉnh, Bộ Chỉ huy quân sự tỉnh đã lãnh đạo, chỉ đạo cơ quan và "
    "các đơn vị thực hiện công tác kỹ thuật trong điều kiện nhiệm vụ quân sự, quốc phòng địa "
    "phương ngày càng nặng nề, địa bàn rộng, nhiều đơn vị ở vùng biên giới.\n"
    "Thuận lợi: được Bộ Tư lệnh Quân khu, Tỉnh ủy, Ủy ban nhân dân tỉnh quan tâm, đầu tư "
    "kinh phí; đội ngũ nhân viên kỹ thuật từng bước được kiện toàn. Khó khăn: vũ khí trang bị "
    "kỹ thuật phần lớn đã qua nhiều năm sử dụng, nhiều chủng loại, đồng bộ thấp; hệ thống kho "
    "tàng ở một số đơn vị xuống cấp.")
LEADERSHIP = (
    "Đảng ủy, Bộ Chỉ huy đã quán triệt Nghị quyết đến 100% cơ quan, đơn vị; xây dựng chương "
    "trình hành động, kế hoạch thực hiện cho từng giai đoạn; đưa chỉ tiêu công tác kỹ thuật vào "
    "nghị quyết lãnh đạo hằng năm và gắn với Cuộc vận động 50.")
RESULTS = (
    "Đến ngày kết thúc kỳ tổng kết, số vũ khí trang bị kỹ thuật được đăng ký, thống kê, quản lý "
    "chặt chẽ trên toàn tỉnh là {on_hand}; hệ số kỹ thuật đạt {coefficient}; tỷ lệ trang bị "
    "thuộc nhóm sẵn sàng chiến đấu ở cấp chất lượng tốt đạt {readiness}.\n"
    "Công tác đăng ký, thống kê được duy trì nền nếp: trong 15 năm, các đơn vị đã ghi sổ "
    "{documents} nhập, xuất, điều chuyển. Công tác bảo quản đạn dược được chú trọng, số lượt "
    "kiểm tra mẫu, phân cấp chất lượng lô đạn: {tests}. Công tác xây dựng kho tàng được quan "
    "tâm: đã xây dựng mới {built}, với tổng kinh phí {investment}; số kho, trạm, tủ súng đang "
    "sử dụng: {facilities}. Phong trào sáng kiến cải tiến kỹ thuật phát triển, số sáng kiến "
    "được công nhận: {initiatives}.\n"
    "Kết quả thực hiện từng chỉ tiêu và số liệu theo từng đơn vị trực thuộc có tại các bảng "
    "dưới đây; nguồn gốc của mỗi số liệu được liệt kê tại Phụ lục truy nguyên số liệu.")
SHORTCOMINGS = (
    "Một số đơn vị chưa thực hiện nghiêm chế độ đăng ký, thống kê; việc phân cấp chất lượng "
    "có lúc chưa kịp thời. Nguyên nhân chủ yếu là nhận thức, trách nhiệm của một số cấp ủy, "
    "chỉ huy chưa đầy đủ; kinh phí bảo đảm còn hạn chế.")
LESSONS = (
    "Một là, phải thường xuyên quán triệt, nâng cao nhận thức, trách nhiệm của cấp ủy, chỉ huy "
    "các cấp đối với công tác kỹ thuật.\n"
    "Hai là, phải gắn thực hiện Nghị quyết với Cuộc vận động 50 và nhiệm vụ chính trị của đơn "
    "vị; lấy số liệu từ sổ sách làm căn cứ đánh giá.")
DIRECTIONS = (
    "Tiếp tục quán triệt, thực hiện Nghị quyết số 382-NQ/ĐUQSTW và Kết luận số 763-KL/QUTW; "
    "phấn đấu đến năm 2030 hệ số kỹ thuật của vũ khí trang bị đạt trên 95%, 100% kho, trạm "
    "đạt tiêu chuẩn; đẩy mạnh ứng dụng công nghệ thông tin trong quản lý trang bị.")
PROPOSALS = (
    "Đề nghị Bộ Tư lệnh Quân khu tiếp tục đầu tư kinh phí cải tạo, nâng cấp kho tàng; bổ sung "
    "biên chế nhân viên kỹ thuật cho Ban Chỉ huy Phòng thủ khu vực.")
FIGURES = [  # (placeholder, indicator, label)
    ("on_hand", "holdings.on_hand", "Trang bị hiện có của toàn tỉnh"),
    ("coefficient", "holdings.technical_coefficient", "Hệ số kỹ thuật của toàn tỉnh"),
    ("readiness", "holdings.combat_readiness", "Tỷ lệ trang bị SSCĐ tốt"),
    ("documents", "holdings.documents_posted", "Chứng từ ghi sổ trong 15 năm"),
    ("tests", "ammunition.tests_done", "Lượt kiểm tra mẫu lô đạn"),
    ("built", "storage.facilities_built", "Kho, trạm xây dựng mới"),
    ("investment", "storage.investment", "Kinh phí đầu tư kho tàng"),
    ("facilities", "storage.facilities", "Kho, trạm, tủ súng đang sử dụng"),
    ("initiatives", "initiatives.recognised", "Sáng kiến được công nhận"),
]


def _review(unit_code: str) -> Review | None:
    return (Review.objects.filter(unit__code=unit_code, kind__code="final_15y")
            .select_related("unit").order_by("pk").first())


def _day_after_series(issuer: Issuer, day: dt.date) -> dt.date:
    """Numbers of a series follow the order of dates: never before the series' last one."""
    last = IssuedNumber.objects.filter(issuer=issuer, date__year=day.year).aggregate(
        last=Max("date"))["last"]
    return max(day, last) if last else day


def _issuer_for(unit) -> Issuer:
    issuer = Issuer.objects.filter(unit=unit).order_by("pk").first()
    if issuer is not None:
        return issuer
    place = unit.name.split(" - ")[-1] if " - " in unit.name else "Lạng Sơn"
    return documents.issuer_create(
        actor=None, unit=unit, profile=FormatProfile.objects.get(code="state"), name=unit.name,
        abbreviation=unit.code.split("-")[-1].upper(), parent_name=unit.parent.name
        if unit.parent_id else "", place=place, valid_from=dt.date(2005, 1, 1))


def _issue(report: Report, day: dt.date) -> bool:
    try:
        issued = reports.report_issue(
            actor=None, report=report, date=_day_after_series(report.issuer, day))
    except ValidationError:
        return False
    # The demo seeds today a report issued in 2022: its issue time and the time its figures
    # were computed are those of the issue day, as they would have been.
    moment = dt.datetime.combine(issued.issued_on, dt.time(8, 0),
                                 tzinfo=timezone.get_current_timezone())
    issued.figures.update(computed_at=moment)
    issued.issued_at = moment  # and the issued document says so, as the screen does
    issued.issued_file.save(f"bao-cao-{issued.pk}.docx",
                            ContentFile(report_docx_bytes(issued)), save=False)
    issued.save(update_fields=["issued_at", "issued_file"])
    return True


def _write(report: Report, texts: dict[str, str]) -> None:
    for section in report.sections.all():
        if texts.get(section.part):
            reports.section_update(actor=None, section=section, text=texts[section.part])


def _central_text(report: Report) -> dict[str, str]:
    tokens = {}
    for key, code, label in FIGURES:
        try:
            tokens[key] = figures.figure_add(actor=None, report=report, indicator_code=code,
                                             unit=report.unit, label=label).token
        except ValidationError:
            tokens[key] = "…"
    return {"situation": SITUATION, "leadership": LEADERSHIP,
            "results": RESULTS.format(**tokens), "shortcomings": SHORTCOMINGS,
            "lessons": LESSONS, "directions": DIRECTIONS, "proposals": PROPOSALS}


def seed(context) -> str:
    review = _review("QK1-LS")
    if review is None:
        return gettext("Review reports: no 15-year review of Lạng Sơn, nothing added")
    today = context.today
    entries = list(review.plan_entries.select_related("unit", "unit__parent").order_by(
        "unit__path"))
    issued = made = 0
    # The last unit of the plan has not reported; the first reports five days late.
    for index, entry in enumerate(entries[:-1] if len(entries) > 1 else entries):
        if Report.objects.filter(review=review, unit=entry.unit).exists():
            continue
        _issuer_for(entry.unit)
        report = reports.report_create(actor=None, review=review, unit=entry.unit)
        made += 1
        unit_place = entry.unit.name
        _write(report, {
            "situation": f"{unit_place} quán triệt và triển khai thực hiện Nghị quyết số "
                         "382-NQ/ĐUQSTW theo chương trình hành động của Bộ Chỉ huy quân sự "
                         "tỉnh; địa bàn rộng, giao thông khó khăn.",
            "results": "Các chỉ tiêu về quản lý, bảo quản vũ khí trang bị kỹ thuật cơ bản "
                       "hoàn thành; kết quả cụ thể tại bảng kèm theo.",
            "proposals": "Đề nghị Bộ Chỉ huy quân sự tỉnh bổ sung kinh phí bảo quản tủ súng."})
        late = index == 0 and len(entries) > 2
        day = entry.deadline + dt.timedelta(days=5 if late else -3)
        issued += _issue(report, min(day, today))
    central = Report.objects.filter(review=review, unit=review.unit).first()
    if central is None:
        central = reports.report_create(actor=None, review=review, unit=review.unit)
        central.signer_name = "Đại tá Hoàng Văn Thái"
        central.recipients = "Bộ Tư lệnh Quân khu 1\nĐảng ủy Quân sự tỉnh Lạng Sơn"
        central.save(update_fields=["signer_name", "recipients"])
        made += 1
        _write(central, _central_text(central))
        day = (review.conference_date - dt.timedelta(days=7) if review.conference_date
               else review.period_end + dt.timedelta(days=10))
        issued += _issue(central, min(day, today))
    division = _review("SD346")
    if division is not None and not Report.objects.filter(review=division,
                                                          unit=division.unit).exists():
        draft = reports.report_create(actor=None, review=division, unit=division.unit)
        _write(draft, {"situation": SITUATION.replace("Đảng ủy Quân sự tỉnh, Bộ Chỉ huy quân "
                                                      "sự tỉnh", "Đảng ủy, Bộ Tư lệnh Sư đoàn")})
        made += 1
    return gettext("Review reports: %(made)s reports, %(issued)s issued") % {
        "made": made, "issued": issued}
