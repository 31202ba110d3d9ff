from decimal import Decimal

from django.db import migrations

# Standards a facility may meet. QCVN 11:2018/BQP is the regulation found (DOMAIN §3); the
# others are the usual wording of the branch's own depot and gun-cabinet standards, whose
# documents were not identified (DOMAIN Appendix B.6): edit them on the reference screen.
STANDARDS = [
    ("qcvn-11-2018-bqp", "QCVN 11:2018/BQP",
     "Quy chuẩn kỹ thuật quốc gia về kho chứa vũ khí, vật liệu nổ, công cụ hỗ trợ thu gom, "
     "tiếp nhận (Thông tư 169/2018/TT-BQP)"),
    ("kho-dat-chuan-nganh", "Kho đạt chuẩn ngành Kỹ thuật",
     "Kho kỹ thuật đạt tiêu chuẩn theo quy định của ngành Kỹ thuật Quân đội"),
    ("tu-sung-mau-thong-nhat", "Tủ súng theo mẫu thống nhất",
     "Tủ, giá súng của Ban CHQS cấp xã theo mẫu thống nhất, đủ khóa và niêm phong"),
    ("nha-xe-dat-chuan", "Nhà xe đạt chuẩn",
     "Nhà xe, nhà để trang bị có mái che, nền cứng, đủ phương tiện phòng cháy"),
]

FUNDING_SOURCES = [
    ("cap-tren-dau-tu", "Cấp trên đầu tư"),
    ("ngan-sach-dia-phuong", "Ngân sách địa phương"),
    ("don-vi-tu-lam", "Đơn vị tự làm"),
    ("xa-hoi-hoa", "Xã hội hóa"),
    ("nguon-khac", "Nguồn khác"),
]

# Default storage-condition limits by facility kind (min °C, max °C, max humidity %). No
# military numbers were found (DOMAIN §3 [U]); these are common storage practice and editable.
LIMITS = {
    "kho": (Decimal(5), Decimal(35), Decimal(80)),
    "tu-sung": (Decimal(5), Decimal(40), Decimal(85)),
    "tram": (Decimal(5), Decimal(40), Decimal(85)),
    "xuong": (Decimal(5), Decimal(40), Decimal(85)),
    "nha-xe": (Decimal(0), Decimal(45), Decimal(90)),
}


def add_reference_data(apps, schema_editor):
    """Default standards, funding sources and condition limits; all editable data."""
    FacilityStandard = apps.get_model("storage", "FacilityStandard")
    FundingSource = apps.get_model("storage", "FundingSource")
    FacilityKind = apps.get_model("storage", "FacilityKind")
    for order, (code, name, description) in enumerate(STANDARDS, start=1):
        FacilityStandard.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order * 10})
    for order, (code, name) in enumerate(FUNDING_SOURCES, start=1):
        FundingSource.objects.get_or_create(code=code, defaults={"name": name,
                                                                 "order": order * 10})
    for code, (low, high, humidity) in LIMITS.items():
        FacilityKind.objects.filter(code=code, default_min_temperature__isnull=True).update(
            default_min_temperature=low, default_max_temperature=high,
            default_max_humidity=humidity)


class Migration(migrations.Migration):
    dependencies = [("storage", "0003_facility_records")]
    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
