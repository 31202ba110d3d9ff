import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor) -> None:
    """Computes every (item, plan) of the existing books with the service's own computation
    (raw SQL on the columns this migration creates, so later model changes do not matter)."""
    from kythuat.maintenance.services.due import _insert, _rows

    _insert(_rows("1 = 1", []))
    last = apps.get_model("holdings", "Item").objects.order_by("-pk").values_list(
        "pk", flat=True).first()
    apps.get_model("maintenance", "PlanDueMark").objects.create(last_item_id=last or 0)


class Migration(migrations.Migration):
    dependencies = [
        ("holdings", "0003_read_indexes"),
        ("maintenance", "0002_reference_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanDue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("last_done_on", models.DateField(null=True)),
                ("base_date", models.DateField(null=True)),
                ("due_on", models.DateField(null=True)),
                ("due_total", models.DecimalField(decimal_places=1, max_digits=14, null=True)),
                ("meter_total", models.DecimalField(decimal_places=1, max_digits=14, null=True)),
                ("item", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="+", to="holdings.item")),
                ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="dues",
                                           to="maintenance.maintenanceplan")),
            ],
            options={
                "indexes": [models.Index(fields=["due_on", "item", "plan"],
                                         name="plan_due_date_idx")],
                "constraints": [models.UniqueConstraint(fields=("item", "plan"),
                                                        name="plan_due_unique_item_plan")],
            },
        ),
        migrations.CreateModel(
            name="PlanDueMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("last_item_id", models.BigIntegerField(default=0)),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
