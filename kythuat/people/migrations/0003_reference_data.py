from django.db import migrations

# Defaults of the reference lists (DOMAIN §6, all [U]: edited on the reference screen). The
# categories of technical staff; the trades (nghề) with the size of their skill ladder after
# NĐ 83/2016 and TT 41/2017 (7 levels for the heavy repair trades, fewer for the others); the
# eligibility rules of the exam to raise a level (months at the level held, by band, and the
# training required in the high band); the pass rule on a 10-point scale; the kinds of
# certificate with their usual validity.
CATEGORIES = [
    ("si-quan-ky-thuat", "Sĩ quan kỹ thuật"),
    ("qncn", "Quân nhân chuyên nghiệp"),
    ("cnqp", "Công nhân quốc phòng"),
    ("cong-chuc-qp", "Công chức quốc phòng"),
    ("hsq-bs", "Hạ sĩ quan – binh sĩ có chức danh kỹ thuật"),
]
TRADES = [
    ("sua-chua-vu-khi", "Thợ sửa chữa vũ khí", 7),
    ("sua-chua-xe", "Thợ sửa chữa xe", 7),
    ("dien-xe", "Thợ điện xe", 7),
    ("dan", "Thợ đạn", 6),
    ("thong-tin", "Thợ thông tin", 6),
    ("quang-hoc", "Thợ quang học", 5),
    ("han", "Thợ hàn", 7),
    ("tien", "Thợ tiện", 7),
    ("son", "Thợ sơn", 5),
    ("bao-quan-kho", "Thợ bảo quản vũ khí, khí tài", 4),
    ("ac-quy", "Thợ nạp ắc quy", 3),
]
RULES = [("low", 24, False), ("high", 36, True)]
CERTIFICATE_KINDS = [
    ("bac-tho", "Giấy chứng nhận bậc thợ", None, 0),
    ("an-toan-dien", "Chứng chỉ an toàn điện", 24, 60),
    ("an-toan-lao-dong", "Chứng nhận huấn luyện an toàn, vệ sinh lao động", 24, 60),
    ("thiet-bi-ap-luc", "Chứng chỉ vận hành thiết bị áp lực", 36, 90),
    ("han", "Chứng chỉ thợ hàn", 36, 90),
    ("nghiep-vu-kho", "Chứng chỉ nghiệp vụ thủ kho vũ khí, đạn", 60, 90),
]


def add_reference(apps, schema_editor):
    Category = apps.get_model("people", "PersonCategory")
    Trade = apps.get_model("people", "Trade")
    Rule = apps.get_model("people", "ExamRule")
    PassRule = apps.get_model("people", "PassRule")
    Kind = apps.get_model("people", "CertificateKind")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    for order, (code, name, size) in enumerate(TRADES, start=1):
        Trade.objects.get_or_create(code=code, defaults={"name": name, "ladder_size": size,
                                                         "order": order * 10})
    if not Rule.objects.exists():
        for band, months, training in RULES:
            Rule.objects.create(trade=None, band=band, min_months=months,
                                training_required=training)
    if not PassRule.objects.exists():
        PassRule.objects.create(name="Thang điểm 10, lý thuyết và thực hành đạt từ 5 điểm",
                                max_mark=10, theory_min=5, practice_min=5)
    for order, (code, name, months, warn) in enumerate(CERTIFICATE_KINDS, start=1):
        Kind.objects.get_or_create(code=code, defaults={
            "name": name, "validity_months": months, "warn_days": warn, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_exams_certificates_establishment")]
    operations = [migrations.RunPython(add_reference, migrations.RunPython.noop)]
