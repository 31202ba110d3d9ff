from django.db import migrations

# The kinds of directive of the cascade (DOMAIN §7): Party resolutions and conclusions, action
# programmes and plans, and the state instruments. Editable on the reference screen.
KINDS = [
    ("NQ", "Nghị quyết"),
    ("KL", "Kết luận"),
    ("CTr", "Chương trình"),
    ("CTHĐ", "Chương trình hành động"),
    ("KH", "Kế hoạch"),
    ("CT", "Chỉ thị"),
    ("QĐ", "Quyết định"),
    ("HD", "Hướng dẫn"),
]


def add_kinds(apps, schema_editor):
    """The default directive kinds, so a new installation can record NQ 382 at once."""
    DirectiveKind = apps.get_model("directives", "DirectiveKind")
    for order, (code, name) in enumerate(KINDS, start=1):
        DirectiveKind.objects.get_or_create(code=code, defaults={"name": name,
                                                                 "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_directives")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
