from django.db import migrations

# Defaults of the contest reference lists (DOMAIN §6, [U]): the levels a contest is held at, from
# the unit up to the whole army, and the usual prizes.
LEVELS = [("don-vi", "Cấp đơn vị"), ("su-doan-tinh", "Cấp sư đoàn, tỉnh"),
          ("quan-khu", "Cấp quân khu"), ("toan-quan", "Toàn quân")]
PRIZES = [("nhat", "Giải nhất"), ("nhi", "Giải nhì"), ("ba", "Giải ba"),
          ("khuyen-khich", "Giải khuyến khích")]


def add_reference(apps, schema_editor):
    """The defaults, so a new installation can record contests at once."""
    Level = apps.get_model("training", "ContestLevel")
    Prize = apps.get_model("training", "Prize")
    for order, (code, name) in enumerate(LEVELS, start=1):
        Level.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    for order, (code, name) in enumerate(PRIZES, start=1):
        Prize.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_training")]
    operations = [migrations.RunPython(add_reference, migrations.RunPython.noop)]
