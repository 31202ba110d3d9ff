"""Demo directives: the cascade of Resolution 382 (DOMAIN §0, §7) from the Central Military
Party Committee down to Lạng Sơn's and Division 346's programmes, with their numbered tasks and
solutions (the targets demo attaches to them by number, symbol and clause number)."""

import datetime as dt

from django.utils.translation import gettext

from kythuat.documents import services as document_services
from kythuat.documents.models import FormatProfile, Issuer
from kythuat.org.models import Unit

from . import services
from .models import Directive, DirectiveKind

D = dt.date
# key → (unit code, name, abbreviation, superior body, place, valid from, term start, term end,
# previous name's key). Party committees number per term (HD 36), so each carries the term of
# its directives. The Central Military Party Committee was renamed Central Military Commission.
ISSUERS = {
    "duqstw": ("BQP", "Đảng ủy Quân sự Trung ương", "ĐUQSTW", "", "Hà Nội", D(2000, 1, 1),
               D(2005, 11, 1), D(2010, 10, 31), None),
    "qutw": ("BQP", "Quân ủy Trung ương", "QUTW", "", "Hà Nội", D(2012, 1, 1),
             D(2010, 11, 1), D(2015, 10, 31), "duqstw"),
    "duqk1": ("QK1", "Đảng ủy Quân khu 1", "ĐUQK", "Đảng bộ Quân đội", "Thái Nguyên",
              D(2000, 1, 1), D(2010, 7, 1), D(2015, 6, 30), None),
    "ls": ("QK1-LS", "Đảng ủy Quân sự tỉnh Lạng Sơn", "ĐUQS", "Đảng bộ tỉnh Lạng Sơn",
           "Lạng Sơn", D(2007, 1, 1), D(2010, 7, 15), D(2015, 7, 14), None),
    "sd346": ("SD346", "Đảng ủy Sư đoàn 346", "ĐU", "Đảng bộ Quân khu 1", "Cao Bằng",
              D(2000, 1, 1), D(2010, 6, 1), D(2015, 5, 31), None),
}
# (issuer key, kind, number, symbol, date, title, implements [(number, symbol)], clauses)
# Clauses: (number, kind, text).
DIRECTIVES = [
    ("duqstw", "NQ", 382, "NQ/ĐUQSTW", D(2007, 11, 29),
     "Về lãnh đạo công tác kỹ thuật trong tình hình mới", [], [
         ("1", "objective", "Nâng cao chất lượng công tác kỹ thuật, bảo đảm vũ khí trang bị kỹ "
                            "thuật đồng bộ, chất lượng tốt, đáp ứng yêu cầu sẵn sàng chiến đấu; "
                            "duy trì hệ số kỹ thuật ở mức cao."),
         ("2", "task", "Đầu tư xây dựng, cải tạo hệ thống nhà kho, trạm, xưởng kỹ thuật theo "
                       "hướng chính quy, đạt tiêu chuẩn; bảo quản vũ khí trang bị an toàn."),
         ("3", "task", "Thực hiện nghiêm chế độ bảo dưỡng, sửa chữa vũ khí trang bị kỹ thuật theo "
                       "phân cấp; duy trì nền nếp ngày, giờ kỹ thuật."),
         ("4", "solution", "Đẩy mạnh phong trào thi đua sáng kiến, cải tiến kỹ thuật; ứng dụng "
                           "khoa học công nghệ vào công tác bảo đảm kỹ thuật."),
         ("5", "solution", "Quản lý chặt chẽ, khai thác, sử dụng xe máy đúng quy định; kiềm chế, "
                           "giảm tai nạn giao thông."),
     ]),
    ("qutw", "KL", 763, "KL/QUTW", D(2012, 12, 19),
     "Về tiếp tục thực hiện Nghị quyết 382-NQ/ĐUQSTW về lãnh đạo công tác kỹ thuật trong tình "
     "hình mới", [(382, "NQ/ĐUQSTW")], [
         ("1", "objective", "Tiếp tục quán triệt, thực hiện Nghị quyết 382; phấn đấu đến năm 2020 "
                            "hệ số kỹ thuật vũ khí trang bị đạt và vượt chỉ tiêu trên giao."),
         ("2", "task", "Hoàn thành cải tạo, nâng cấp hệ thống kho, trạm kỹ thuật; bảo đảm đủ tủ "
                       "súng, giá súng cho Ban Chỉ huy quân sự cấp xã."),
         ("3", "task", "Tiếp tục đi-ê-den hóa xe quân sự, giảm tiêu hao nhiên liệu và chi phí "
                       "bảo đảm."),
         ("4", "solution", "Duy trì nghiêm chế độ bảo dưỡng, sửa chữa theo phân cấp; nâng cao "
                           "chất lượng sửa chữa vừa, sửa chữa lớn."),
         ("5", "solution", "Tăng cường quản lý người điều khiển phương tiện; giảm tai nạn giao "
                           "thông do xe quân sự gây ra."),
     ]),
    ("duqk1", "CTHĐ", 352, "CTr/ĐUQK", D(2013, 3, 8),
     "Chương trình hành động của Đảng ủy Quân khu 1 thực hiện Nghị quyết 382-NQ/ĐUQSTW và Kết "
     "luận 763-KL/QUTW về lãnh đạo công tác kỹ thuật trong tình hình mới",
     [(763, "KL/QUTW")], [
         ("1", "task", "Xây dựng mới, cải tạo nhà kho, trạm kỹ thuật của các đơn vị đạt tiêu "
                       "chuẩn; ưu tiên kho vũ khí, đạn của Bộ CHQS các tỉnh."),
         ("2", "task", "Trang bị đủ tủ súng, giá súng theo mẫu thống nhất cho 100% Ban CHQS xã, "
                       "phường, thị trấn."),
         ("3", "task", "Đi-ê-den hóa xe quân sự theo kế hoạch của Quân khu; ưu tiên xe vận tải "
                       "và xe chỉ huy."),
         ("4", "task", "Duy trì hệ số kỹ thuật vũ khí trang bị: vũ khí bộ binh từ 0,95 trở lên, "
                       "xe máy từ 0,90 trở lên."),
         ("5", "solution", "Bảo dưỡng, sửa chữa vũ khí trang bị theo phân cấp; hằng năm hoàn "
                           "thành 100% kế hoạch bảo dưỡng."),
         ("6", "solution", "Giảm tai nạn giao thông xe quân sự; phát động phong trào sáng kiến, "
                           "cải tiến kỹ thuật trong toàn Quân khu."),
     ]),
    ("ls", "CTr", 9, "CTr/ĐUQS", D(2013, 5, 15),
     "Chương trình thực hiện Chương trình hành động 352-CTr/ĐUQK về lãnh đạo công tác kỹ thuật "
     "trong tình hình mới", [(352, "CTr/ĐUQK")], [
         ("1", "task", "Cải tạo, nâng cấp kho vũ khí, đạn của Bộ CHQS tỉnh; xây dựng nhà xe, "
                       "trạm bảo dưỡng kỹ thuật."),
         ("2", "task", "Bảo đảm tủ súng, giá súng cho 100% Ban CHQS xã, phường, thị trấn trong "
                       "tỉnh."),
         ("3", "task", "Duy trì hệ số kỹ thuật vũ khí trang bị của lực lượng dân quân tự vệ và "
                       "dự bị động viên."),
         ("4", "solution", "Bảo dưỡng, sửa chữa theo phân cấp; tổ chức ngày kỹ thuật hằng tháng "
                           "ở các Ban CHQS xã."),
         ("5", "solution", "Phát động phong trào sáng kiến, cải tiến kỹ thuật; phòng ngừa, giảm "
                           "tai nạn giao thông."),
     ]),
    ("sd346", "KH", 15, "KH/ĐU", D(2013, 6, 20),
     "Kế hoạch thực hiện Chương trình hành động 352-CTr/ĐUQK về lãnh đạo công tác kỹ thuật của "
     "Sư đoàn 346", [(352, "CTr/ĐUQK")], [
         ("1", "task", "Cải tạo kho K46 và trạm sửa chữa của Sư đoàn; bảo quản vũ khí trang bị "
                       "đúng quy định."),
         ("2", "task", "Đi-ê-den hóa xe vận tải của các trung đoàn theo kế hoạch của Quân khu."),
         ("3", "task", "Duy trì hệ số kỹ thuật xe máy, vũ khí trang bị đạt chỉ tiêu trên giao."),
         ("4", "solution", "Bảo dưỡng, sửa chữa theo phân cấp; không để xảy ra tai nạn giao "
                           "thông nghiêm trọng."),
     ]),
]


def _unit(context, code: str) -> Unit | None:
    return context.tree.units.get(code) or Unit.objects.filter(code=code).first()


def _issuer(key: str, unit: Unit, party: FormatProfile, made: dict[str, Issuer]) -> Issuer:
    _code, name, abbreviation, parent, place, start, term_start, term_end, previous = \
        ISSUERS[key]
    day = next(d[4] for d in DIRECTIVES if d[0] == key)
    # A Party name of the unit recorded by the documents demo serves when it covers the date.
    for existing in Issuer.objects.filter(unit=unit, profile=party, abbreviation=abbreviation):
        if existing.is_valid_on(day) and existing.term_start and existing.term_start <= day \
                and (existing.term_end is None or day <= existing.term_end):
            return existing
    # The later name of the documents demo starts in 2015: this one ends before it.
    later = (Issuer.objects.filter(unit=unit, profile=party, valid_from__gt=start)
             .order_by("valid_from").first())
    return document_services.issuer_create(
        actor=None, unit=unit, profile=party, name=name, abbreviation=abbreviation,
        parent_name=parent, place=place, valid_from=start,
        valid_to=later.valid_from - dt.timedelta(days=1) if later and not previous else None,
        term_start=term_start, term_end=term_end, predecessor=made.get(previous or ""))


def seed(context) -> str:
    party = FormatProfile.objects.get(code="party")
    kinds = {kind.code: kind for kind in DirectiveKind.objects.all()}
    issuers: dict[str, Issuer] = {}
    for key, (code, *_rest) in ISSUERS.items():
        unit = _unit(context, code)
        if unit is not None:
            issuers[key] = _issuer(key, unit, party, issuers)
    made: dict[tuple[int, str], Directive] = {}
    clauses = 0
    for key, kind, number, symbol, day, title, implements, items in DIRECTIVES:
        if key not in issuers:
            continue
        directive = services.directive_create(
            actor=None, issuer=issuers[key], kind=kinds[kind], number=number, symbol=symbol,
            issued_on=day, title=title,
            implements=[made[link] for link in implements if link in made])
        made[(number, symbol)] = directive
        for clause_number, clause_kind, text in items:
            services.clause_create(actor=None, directive=directive, number=clause_number,
                                   kind=clause_kind, text=text)
            clauses += 1
    return gettext("Directives: %(directives)s directives with %(clauses)s tasks and "
                   "solutions") % {"directives": len(made), "clauses": clauses}
