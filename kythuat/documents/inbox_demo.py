"""Demo inbox: drafts the Lạng Sơn clerk saved that wait for the officer to post them, and one
the officer returned with a comment (run after the other demo content: drafts change no book)."""

from decimal import Decimal

from django.utils.translation import gettext

from kythuat.catalog.models import EquipmentType
from kythuat.holdings import services as holdings
from kythuat.org.models import User

# (type symbol, quantity, reason, decision, officer's comment when returned)
DRAFTS = [
    ("RON92", 3000, "Nhận xăng bảo đảm huấn luyện quý IV", "Lệnh cấp phát số 245/LCP-PHCKT", ""),
    ("DN-ĐC", 400, "Nhận dầu nhờn động cơ theo kế hoạch năm", "Lệnh cấp phát số 246/LCP-PHCKT",
     ""),
    ("MBT", 120, "Nhận mỡ bôi trơn cho xe máy", "",
     "Thiếu số lệnh cấp phát của Phòng Hậu cần – Kỹ thuật; bổ sung rồi gửi lại."),
]


def seed(context) -> str:
    province = context.tree.units.get("QK1-LS")
    clerk = User.objects.filter(username="langson.clerk").first()
    officer = User.objects.filter(username="langson.officer").first()
    if province is None or clerk is None or officer is None:
        return "inbox: no Lạng Sơn clerk in this demo"
    types = {t.symbol: t for t in EquipmentType.objects.filter(
        symbol__in=[row[0] for row in DRAFTS])}
    group = context.groups["thuong-xuyen"]
    waiting = returned = 0
    for symbol, quantity, reason, decision, comment in DRAFTS:
        if symbol not in types:
            continue
        draft = holdings.movement_create(
            actor=clerk, kind="receipt", source="higher_level", to_unit=province,
            effective_date=context.today, reason=reason, decision_ref=decision,
            lines=[holdings.LineSpec(type=types[symbol], quantity=Decimal(quantity), grade=1,
                                     usage_group=group)])
        if comment:
            holdings.movement_return(actor=officer, movement=draft, comment=comment)
            returned += 1
        else:
            waiting += 1
    return gettext("Inbox: %(waiting)s drafts waiting to be posted, %(returned)s returned to "
                   "the clerk") % {"waiting": waiting, "returned": returned}
