from django.db import migrations

KINDS = [
    ("quarter", "Sơ kết quý", 3, 10),
    ("half_year", "Sơ kết 6 tháng", 6, 20),
    ("year", "Tổng kết năm", 12, 30),
    ("interim_5y", "Sơ kết 5 năm", 60, 40),
    ("interim_10y", "Sơ kết 10 năm", 120, 50),
    ("final_15y", "Tổng kết 15 năm", 180, 60),
    ("final", "Tổng kết", None, 70),
]


def add(apps, schema_editor):
    ReviewKind = apps.get_model("reviews", "ReviewKind")
    for code, name, months, order in KINDS:
        ReviewKind.objects.get_or_create(code=code, defaults={
            "name": name, "months": months, "order": order})


def remove(apps, schema_editor):
    apps.get_model("reviews", "ReviewKind").objects.filter(
        code__in=[code for code, *_ in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_reviews")]
    operations = [migrations.RunPython(add, remove)]
