from django.db import migrations

KINDS = [("kho", "Kho"), ("tram", "Trạm"), ("xuong", "Xưởng"), ("nha-may", "Nhà máy"),
         ("tu-sung", "Tủ súng"), ("nha-xe", "Nhà xe")]


def add_kinds(apps, schema_editor):
    """Default facility kinds; editable reference data."""
    FacilityKind = apps.get_model("storage", "FacilityKind")
    for order, (code, name) in enumerate(KINDS, start=1):
        FacilityKind.objects.get_or_create(code=code, defaults={"name": name,
                                                                "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("storage", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
