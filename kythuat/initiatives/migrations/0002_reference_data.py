from django.db import migrations

# Defaults of the reference lists (DOMAIN §5). The levels follow the BQP flow (cơ sở → … →
# BQP) with the unit kinds whose council recognises at each level; the award amounts are the
# BQP 2021 ones (loại I 6.0 M, II 4.5 M, III 3.5 M VND); criteria and pass mark are [U].
FIELDS = [
    ("quan-khi", "Quân khí"), ("xe-may", "Xe - máy"), ("tang-thiet-giap", "Tăng - thiết giáp"),
    ("thong-tin", "Thông tin"), ("cong-binh", "Công binh"), ("hoa-hoc", "Hóa học"),
    ("dan-duoc", "Đạn dược, kho tàng"), ("huan-luyen", "Mô hình, học cụ huấn luyện"),
    ("khac", "Lĩnh vực khác"),
]
LEVELS = [
    ("co-so", "Cấp cơ sở", ["trung-doan", "lu-doan", "ban-chptkv", "kho", "xuong", "tram",
                            "nha-may", "tieu-doan"]),
    ("su-doan-tinh", "Cấp sư đoàn, tỉnh", ["su-doan", "bo-chqs-tinh", "cuc"]),
    ("quan-khu", "Cấp quân khu", ["quan-khu", "quan-doan", "quan-chung", "tong-cuc"]),
    ("bqp", "Cấp Bộ Quốc phòng", ["bo"]),
]
AWARDS = [("loai-1", "Loại I", 6_000_000), ("loai-2", "Loại II", 4_500_000),
          ("loai-3", "Loại III", 3_500_000)]
CRITERIA = [("tinh-moi", "Tính mới", 40), ("kha-nang-ap-dung", "Khả năng áp dụng", 30),
            ("hieu-qua", "Hiệu quả, lợi ích", 30)]


def add_reference(apps, schema_editor):
    """The defaults, so a new installation can register and review initiatives at once."""
    Field = apps.get_model("initiatives", "InitiativeField")
    Level = apps.get_model("initiatives", "RecognitionLevel")
    Award = apps.get_model("initiatives", "AwardClass")
    Criterion = apps.get_model("initiatives", "ScoringCriterion")
    Rule = apps.get_model("initiatives", "ScoringRule")
    UnitKind = apps.get_model("org", "UnitKind")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    for order, (code, name, kinds) in enumerate(LEVELS, start=1):
        level, created = Level.objects.get_or_create(code=code, defaults={
            "name": name, "order": order * 10})
        if created:
            level.unit_kinds.set(UnitKind.objects.filter(code__in=kinds))
    for order, (code, name, amount) in enumerate(AWARDS, start=1):
        Award.objects.get_or_create(code=code, defaults={"name": name, "amount_vnd": amount,
                                                         "order": order * 10})
    for order, (code, name, points) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(code=code, defaults={"name": name, "max_points": points,
                                                             "order": order * 10})
    if not Rule.objects.exists():
        Rule.objects.create(name="Điểm trung bình của các thành viên", method="average",
                            pass_mark=50)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initiatives"), ("org", "0002_unit_kinds")]
    operations = [migrations.RunPython(add_reference, migrations.RunPython.noop)]
