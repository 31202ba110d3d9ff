from django.db import migrations

KINDS = [
    ("bo", "Bộ", False), ("tong-cuc", "Tổng cục", False), ("quan-khu", "Quân khu", False),
    ("quan-doan", "Quân đoàn", False), ("quan-chung", "Quân chủng", False),
    ("su-doan", "Sư đoàn", False), ("lu-doan", "Lữ đoàn", False),
    ("trung-doan", "Trung đoàn", False), ("tieu-doan", "Tiểu đoàn", False),
    ("dai-doi", "Đại đội", False), ("bo-chqs-tinh", "Bộ CHQS tỉnh", False),
    ("ban-chptkv", "Ban CHPTKV", False), ("ban-chqs-xa", "Ban CHQS xã", False),
    ("cuc", "Cục", False), ("phong", "Phòng", False), ("ban", "Ban", False),
    ("kho", "Kho", True), ("xuong", "Xưởng", True), ("tram", "Trạm", True),
    ("nha-may", "Nhà máy", True),
]


def add_kinds(apps, schema_editor):
    """Unit kinds are reference data an installation may edit; these are the defaults."""
    UnitKind = apps.get_model("org", "UnitKind")
    for order, (code, name, is_storage) in enumerate(KINDS, start=1):
        UnitKind.objects.get_or_create(code=code, defaults={
            "name": name, "order": order * 10, "is_storage": is_storage})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
