from django.db import migrations

# Giấy khen: Chỉ huy trưởng Bộ CHQS tỉnh, sư đoàn trưởng, lữ đoàn trưởng and above; bằng khen and
# cờ thi đua: Bộ Tư lệnh quân khu (quân đoàn, quân chủng, tổng cục) and the Minister; the
# titles as the Law on emulation and commendation and the army's rules give them. DOMAIN.md
# marks the levels as unverified, so they are reference data the administrator edits.
DIVISION_UP = ["su-doan", "lu-doan", "bo-chqs-tinh", "cuc", "quan-khu", "quan-doan",
               "quan-chung", "tong-cuc", "bo"]
REGIMENT_UP = ["trung-doan", "ban-chptkv", *DIVISION_UP]
REGION_UP = ["quan-khu", "quan-doan", "quan-chung", "tong-cuc", "bo"]
FORMS = [
    ("giay-khen", "Giấy khen", "both", DIVISION_UP),
    ("bang-khen", "Bằng khen", "both", REGION_UP),
    ("co-thi-dua", "Cờ thi đua", "collective", REGION_UP),
    ("don-vi-quyet-thang", "Danh hiệu \"Đơn vị quyết thắng\"", "collective", DIVISION_UP),
    ("don-vi-tien-tien", "Danh hiệu \"Đơn vị tiên tiến\"", "collective", REGIMENT_UP),
    ("chien-si-thi-dua-co-so", "Danh hiệu \"Chiến sĩ thi đua cơ sở\"", "individual",
     DIVISION_UP),
    ("chien-si-tien-tien", "Danh hiệu \"Chiến sĩ tiên tiến\"", "individual", REGIMENT_UP),
    ("chien-si-thi-dua-toan-quan", "Danh hiệu \"Chiến sĩ thi đua toàn quân\"", "individual",
     ["bo"]),
]


def add(apps, schema_editor):
    """Commendation forms and the unit kinds that may award each, as defaults to edit."""
    Form = apps.get_model("commendations", "CommendationForm")
    UnitKind = apps.get_model("org", "UnitKind")
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    for order, (code, name, applies, allowed) in enumerate(FORMS, start=1):
        form, created = Form.objects.get_or_create(code=code, defaults={
            "name": name, "applies_to": applies, "order": order * 10})
        if created:
            form.allowed_kinds.set([kinds[c] for c in allowed if c in kinds])


def remove(apps, schema_editor):
    apps.get_model("commendations", "CommendationForm").objects.filter(
        code__in=[code for code, *_ in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("commendations", "0001_commendations"), ("org", "0002_unit_kinds")]
    operations = [migrations.RunPython(add, remove)]
