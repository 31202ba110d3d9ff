"""Demo: Lạng Sơn's clerk has uploaded last year's gun register; it is checked, one row names a
type that is not in the catalogue, and it waits for the officer to post it."""

import io

from django.utils.translation import gettext
from openpyxl import Workbook

from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.org.models import Role

from . import services
from .specs import template


def seed(context) -> str:
    unit = context.tree.units.get("QK1-LS")
    rifle = (
        EquipmentType.objects.filter(
            tracking=Tracking.SERIAL, owner_unit__isnull=True, is_active=True
        )
        .order_by("symbol")
        .first()
    )
    if unit is None or rifle is None:
        return "imports: nothing to seed"
    clerk = unit.users.filter(role=Role.CLERK).order_by("username").first()
    group = context.groups.get("sscd") or next(iter(context.groups.values()))
    communes = context.tree.children(unit)[:3] or [unit]
    count = 12 if context.small else 60
    rows = [
        [
            context.rng.choice(communes).code,
            rifle.symbol,
            f"LS-DK-{n:05d}",
            context.rng.randint(1975, 2015),
            context.rng.choice([1, 2, 2, 3]),
            group.name,
            "",
            "",
            "",
        ]
        for n in range(1, count + 1)
    ]
    rows.append([unit.code, "K-999", "LS-DK-99999", 1980, 2, group.name, "", "", "sổ cũ"])
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ đăng ký súng"
    sheet.append([str(field.header) for field in template("items").fields])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    imp = services.import_upload(
        actor=clerk,
        unit=unit,
        template="items",
        file_name="so-dang-ky-sung-2025.xlsx",
        content=buffer.getvalue(),
        effective_date=context.today,
    )
    imp = services.import_check(actor=clerk, imp=imp, background=False)
    return gettext("Import: 1 checked file of %(rows)s rows (%(errors)s with errors)") % {
        "rows": imp.row_count, "errors": imp.error_count}
