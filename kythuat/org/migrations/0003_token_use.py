import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("org", "0002_unit_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="TokenUse",
            fields=[
                ("token", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="use", serialize=False, to="authtoken.token", verbose_name="API token")),
                ("last_used_at", models.DateTimeField(verbose_name="last used")),
            ],
            options={
                "verbose_name": "API token use",
                "verbose_name_plural": "API token uses",
            },
        ),
    ]
