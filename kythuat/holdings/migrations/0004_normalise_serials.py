"""Serial numbers stored before look-alike spellings were unified (issue 15).

"AK - 47", "AK-47" with a zero-width space, a soft hyphen, a non-breaking hyphen or
full-width digits were registered as new items. Every serial is rewritten in its one spelling
(core.text.normalize_serial) and its duplicate key (search_text) recomputed. Two items of one
type that turn out to be the same serial are NOT merged: both keep their stored spelling and
the migration prints them, so the units concerned can check the items and void the wrong one.
"""

from django.db import migrations

from kythuat.core.text import normalize_serial, serial_key

BATCH = 2000


def normalise(apps, schema_editor):
    Item = apps.get_model("holdings", "Item")
    groups: dict[tuple[int, str], list] = {}
    for item in Item.objects.exclude(status="void").only("id", "type_id", "serial").iterator(
            chunk_size=BATCH):
        groups.setdefault((item.type_id, serial_key(item.serial)), []).append(item)
    duplicates = {key: items for key, items in groups.items() if len(items) > 1}
    clashing = {item.pk for items in duplicates.values() for item in items}
    changed = []
    for item in Item.objects.only("id", "serial", "search_text").iterator(chunk_size=BATCH):
        serial = item.serial if item.pk in clashing else normalize_serial(item.serial)
        key = serial_key(item.serial)
        if (serial, key) != (item.serial, item.search_text):
            item.serial, item.search_text = serial, key
            changed.append(item)
        if len(changed) >= BATCH:
            Item.objects.bulk_update(changed, ["serial", "search_text"])
            changed = []
    if changed:
        Item.objects.bulk_update(changed, ["serial", "search_text"])
    if duplicates:
        print(f"\n  Serial numbers registered twice under look-alike spellings "
              f"({len(duplicates)}); the items were left as they are, check them:")
        for items in duplicates.values():
            print("   ", "; ".join(f"item {item.pk} (type {item.type_id}): {item.serial!r}"
                                   for item in items))


class Migration(migrations.Migration):
    dependencies = [("holdings", "0003_read_indexes")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]
