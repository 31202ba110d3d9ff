"""Demo commendations, handed out at the 15-year reviews of NQ 382 (2007–2022): giấy khen of Bộ
CHQS tỉnh Lạng Sơn to 8 collectives and 8 individuals, giấy khen of Sư đoàn 346 to 2 and 4, a
bằng khen of Bộ Tư lệnh Quân khu 1 to two units, and an open proposal of Lạng Sơn for Kho K19.

Everything goes through the services; decisions take their numbers from the register of the
issuer (the state series of 2022, which the documents demo leaves empty). The decisions are
linked to the reviews the reviews demo made, when there are any."""

import datetime as dt

from django.utils.translation import gettext

from kythuat.documents import services as documents
from kythuat.documents.models import FormatProfile, IssuedNumber, Issuer
from kythuat.org.models import Unit
from kythuat.reviews.models import Review

from . import services
from .models import CommendationForm, RecipientKind
from .services import RecipientSpec

RESOLUTION = "Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007 của Đảng ủy Quân sự Trung ương"
ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ bảo đảm kỹ thuật (2007 – 2022)"
DEFAULT_DAY = dt.date(2022, 12, 15)

# (unit code, body inside the unit or "", achievement)
LS_COLLECTIVES = [
    ("QK1-LS", "Phòng Kỹ thuật", "Tham mưu tốt công tác bảo đảm kỹ thuật, hệ số kỹ thuật "
     "VKTBKT luôn đạt trên 0,96"),
    ("QK1-LS-K19", "", "Quản lý an toàn tuyệt đối kho đạn, 15 năm liền không để xảy ra mất "
     "an toàn"),
    ("QK1-LS-PTKV1", "", "Hoàn thành tốt việc quản lý, bảo quản vũ khí của lực lượng dân quân"),
    ("QK1-LS-PTKV2", "", "Làm tốt công tác đăng ký, thống kê, kiểm kê VKTBKT"),
    ("QK1-LS-PTKV1-X01", "", "Xây dựng tủ súng đạt chuẩn, bảo quản vũ khí chặt chẽ"),
    ("QK1-LS-PTKV1-X02", "", "Duy trì nghiêm ngày kỹ thuật, giờ kỹ thuật"),
    ("QK1-LS-PTKV2-X01", "", "Thực hiện tốt Cuộc vận động 50, không để xảy ra mất an toàn"),
    ("QK1-LS-PTKV2-X02", "", "Bảo quản tốt vũ khí, trang bị của dân quân tự vệ"),
]
# (unit code, rank, full name, position)
LS_INDIVIDUALS = [
    ("QK1-LS", "Thượng tá", "Hoàng Văn Chung", "Trưởng phòng Kỹ thuật"),
    ("QK1-LS-K19", "Trung tá", "Nông Đức Thắng", "Chủ nhiệm kho"),
    ("QK1-LS", "Thiếu tá QNCN", "Lường Văn Hải", "Nhân viên sửa chữa vũ khí, Phòng Kỹ thuật"),
    ("QK1-LS-PTKV1", "Đại úy", "Vi Văn Toàn", "Trợ lý quân khí"),
    ("QK1-LS", "Thiếu tá", "Lộc Thị Hằng", "Trợ lý xe - máy, Phòng Kỹ thuật"),
    ("QK1-LS-K19", "Thượng úy QNCN", "Triệu Văn Minh", "Thủ kho đạn"),
    ("QK1-LS-PTKV1-X01", "Trung úy", "Hà Văn Dũng", "Chỉ huy phó Ban CHQS"),
    ("QK1-LS-PTKV2-X02", "Thiếu úy", "Lăng Văn Quý", "Chỉ huy trưởng Ban CHQS"),
]
SD_COLLECTIVES = [
    ("SD346-K46", "", "Quản lý, bảo quản an toàn kho VKTBKT của Sư đoàn"),
    ("SD346-TSC", "", "Sửa chữa vượt chỉ tiêu vũ khí, xe máy cho các trung đoàn"),
]
SD_INDIVIDUALS = [
    ("SD346", "Thượng tá", "Đinh Quang Huy", "Chủ nhiệm Kỹ thuật"),
    ("SD346-TSC", "Thiếu tá QNCN", "Phạm Văn Tuấn", "Tổ trưởng tổ sửa chữa xe"),
    ("SD346-E246", "Trung tá", "Nguyễn Văn Hòa", "Phó Trung đoàn trưởng về Kỹ thuật"),
    ("SD346-K46", "Đại úy", "Bế Văn Lâm", "Trợ lý kỹ thuật đạn"),
]
# (unit code, profile, name, abbreviation, superior body, place)
ISSUERS = {
    "QK1-LS": ("state", "Bộ Chỉ huy quân sự tỉnh Lạng Sơn", "BCH", "Bộ Tư lệnh Quân khu 1",
               "Lạng Sơn"),
    "SD346": ("state", "Sư đoàn 346", "SĐ346", "Bộ Tư lệnh Quân khu 1", "Cao Bằng"),
    "QK1": ("state", "Bộ Tư lệnh Quân khu 1", "BTL", "Bộ Quốc phòng", "Thái Nguyên"),
}
SIGNERS = {
    "QK1-LS": ("", "Chỉ huy trưởng", "Đại tá Nguyễn Văn Quyết"),
    "SD346": ("", "Sư đoàn trưởng", "Đại tá Lê Minh Trung"),
    "QK1": ("KT.", "Phó Tư lệnh", "Thiếu tướng Trần Hồng Sơn"),
}


class Seeder:
    def __init__(self, context) -> None:
        self.context = context
        self.forms = {form.code: form for form in CommendationForm.objects.all()}
        self.decisions = 0
        self.recipients = 0

    def unit(self, code: str) -> Unit | None:
        return self.context.tree.units.get(code) or Unit.objects.filter(code=code).first()

    def issuer(self, code: str, day: dt.date) -> Issuer | None:
        unit = self.unit(code)
        if unit is None:
            return None
        profile, name, abbreviation, parent, place = ISSUERS[code]
        found = (Issuer.objects.valid_on(day).filter(unit=unit, profile__code=profile)
                 .order_by("pk").first())
        if found is not None:
            return found
        return documents.issuer_create(
            actor=None, unit=unit, profile=FormatProfile.objects.get(code=profile), name=name,
            abbreviation=abbreviation, parent_name=parent, place=place,
            valid_from=dt.date(2015, 1, 1))

    @staticmethod
    def review(code: str) -> Review | None:
        return (Review.objects.filter(unit__code=code, kind__code="final_15y")
                .order_by("pk").first())

    def specs(self, collectives, individuals) -> list[RecipientSpec]:
        specs = [RecipientSpec(unit=unit, kind=RecipientKind.COLLECTIVE, full_name=body,
                               achievement=achievement)
                 for code, body, achievement in collectives
                 if (unit := self.unit(code)) is not None]
        specs += [RecipientSpec(unit=unit, kind=RecipientKind.INDIVIDUAL, rank=rank,
                                full_name=name, position=position, achievement=ACHIEVEMENT)
                  for code, rank, name, position in individuals
                  if (unit := self.unit(code)) is not None]
        return specs

    def decide(self, code: str, form: str, specs: list[RecipientSpec], *, subject: str,
               day: dt.date | None = None, review_of: str | None = None) -> None:
        review = self.review(review_of or code)
        if day is None:
            day = (review.conference_date if review and review.conference_date
                   and review.conference_date.year == DEFAULT_DAY.year else DEFAULT_DAY)
        issuer = self.issuer(code, day)
        if issuer is None or not specs:
            return
        # Numbers follow the order of dates: never before the last number of the series.
        last = (IssuedNumber.objects.filter(issuer__unit=issuer.unit, date__year=day.year)
                .order_by("-date").values_list("date", flat=True).first())
        day = max(day, last) if last else day
        prefix, title, name = SIGNERS[code]
        decision = services.decision_create(
            actor=None, issuer=issuer, form=self.forms[form], decided_on=day, recipients=specs,
            title=subject, review=review, signer_prefix=prefix, signer_title=title,
            signer_name=name,
            basis=f"Căn cứ {RESOLUTION} về lãnh đạo công tác kỹ thuật trong tình hình mới;\n"
                  "Căn cứ Luật Thi đua, khen thưởng năm 2022;\n"
                  "Xét đề nghị của Hội đồng Thi đua - Khen thưởng.")
        services.decision_issue(actor=None, decision=decision)
        self.decisions += 1
        self.recipients += len(specs)

    def proposal(self) -> None:
        """Lạng Sơn asks Quân khu 1 for a bằng khen for Kho K19 (sent, not yet decided)."""
        province, region, depot = self.unit("QK1-LS"), self.unit("QK1"), self.unit("QK1-LS-K19")
        if province is None or region is None or depot is None:
            return
        year = self.context.today.year - 1
        proposal = services.proposal_create(
            actor=None, proposer=province, awarding_unit=region, form=self.forms["bang-khen"],
            title=f"Đề nghị tặng Bằng khen cho Kho K19 – thành tích năm {year}",
            summary=("Kho K19 quản lý an toàn tuyệt đối kho đạn dược; hoàn thành 100% kế hoạch "
                     "bảo quản, bảo dưỡng; cải tạo nhà kho đạt tiêu chuẩn; thực hiện tốt Cuộc "
                     "vận động 50, không để xảy ra mất an toàn, tai nạn giao thông."),
            period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
            recipients=[RecipientSpec(unit=depot, achievement="Quản lý an toàn tuyệt đối kho "
                                                              "đạn dược")],
            indicator_codes=["ammunition.tests_done", "storage.investment",
                             "holdings.technical_coefficient", "vehicles.accidents"],
            source=f"Cuộc vận động 50 năm {year}")
        services.proposal_submit(actor=None, proposal=proposal)

    def run(self) -> None:
        self.decide("QK1-LS", "giay-khen", self.specs(LS_COLLECTIVES, LS_INDIVIDUALS),
                    subject="Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích "
                            "xuất sắc trong 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW")
        self.decide("SD346", "giay-khen", self.specs(SD_COLLECTIVES, SD_INDIVIDUALS),
                    subject="Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích "
                            "xuất sắc trong 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW")
        region = [("QK1-LS", "", "Lãnh đạo, chỉ đạo thực hiện toàn diện Nghị quyết 382"),
                  ("SD346-E246", "", "Đơn vị dẫn đầu phong trào thi đua bảo đảm kỹ thuật")]
        self.decide("QK1", "bang-khen", self.specs(region, []), day=dt.date(2022, 12, 28),
                    subject="Về việc tặng Bằng khen cho các tập thể có thành tích xuất sắc "
                            "trong 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW")
        self.proposal()


def seed(context) -> str:
    seeder = Seeder(context)
    seeder.run()
    return gettext("Commendations: %(decisions)s decisions for %(recipients)s recipients, "
                   "one proposal waiting") % {"decisions": seeder.decisions,
                                              "recipients": seeder.recipients}
