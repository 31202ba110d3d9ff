from django.db import migrations

OLD = "Mặc định ban đầu, cần xác nhận với cơ quan kỹ thuật (DOMAIN.md §1.2)"
NEW = "Mặc định ban đầu, cần xác nhận với cơ quan kỹ thuật"


def drop_internal_reference(apps, schema_editor):
    """The source of the default grades named a design document no user has."""
    GradeDefinition = apps.get_model("catalog", "GradeDefinition")
    GradeDefinition.objects.filter(source=OLD).update(source=NEW)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_reference_data")]
    operations = [migrations.RunPython(drop_internal_reference, migrations.RunPython.noop)]
