"""Default plate types and military driving-licence classes (Circular 169/2021/TT-BQP keeps
military plates the norm; the classes follow the civil classes the army licences use). Both
are editable data: the system administrator changes them in the reference screen or admin."""

from django.db import migrations

PLATE_TYPES = [
    ("quan-su", "Biển đỏ quân sự", 10),
    ("quan-su-kinh-te", "Biển quân sự làm kinh tế", 20),
    ("dan-su", "Biển dân sự (có quyết định của Tổng Tham mưu trưởng)", 30),
    ("tam-thoi", "Biển tạm thời", 40),
]

LICENCE_CLASSES = [
    ("A1", "Mô tô hai bánh đến 175 cm³", 10),
    ("B2", "Ô tô chở người đến 9 chỗ, ô tô tải dưới 3.500 kg", 20),
    ("C", "Ô tô tải từ 3.500 kg trở lên", 30),
    ("D", "Ô tô chở người từ 10 đến 30 chỗ", 40),
    ("E", "Ô tô chở người trên 30 chỗ", 50),
    ("FC", "Ô tô hạng C kéo rơ moóc, đầu kéo sơ mi rơ moóc", 60),
    ("FD", "Ô tô hạng D kéo rơ moóc", 70),
    ("FE", "Ô tô hạng E kéo rơ moóc", 80),
    ("XMCD", "Chứng chỉ điều khiển xe máy chuyên dùng", 90),
]


def add(apps, schema_editor):
    PlateType = apps.get_model("vehicles", "PlateType")
    LicenceClass = apps.get_model("vehicles", "LicenceClass")
    for code, name, order in PLATE_TYPES:
        PlateType.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, order in LICENCE_CLASSES:
        LicenceClass.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
