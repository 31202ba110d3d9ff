from decimal import Decimal

from django.db import migrations

# DOMAIN.md §2 and Appendix B: maintenance kinds, repair levels and the echelon allowed to do
# each were not found in public sources, so these are editable defaults, not rules in code.
KINDS = [
    ("bao-quan", "Bảo quản", []),
    ("kiem-tra", "Kiểm tra kỹ thuật", []),
    ("bd-cap-1", "Bảo dưỡng cấp 1", ["bao-quan"]),
    ("bd-cap-2", "Bảo dưỡng cấp 2", ["bd-cap-1", "bao-quan"]),
    ("niem-cat", "Niêm cất", []),
]
HIGH = ["bo", "tong-cuc", "quan-khu", "quan-doan", "quan-chung", "cuc", "xuong", "nha-may"]
MIDDLE = [*HIGH, "su-doan", "lu-doan", "bo-chqs-tinh"]
LEVELS = [
    ("sua-chua-nho", "Sửa chữa nhỏ", ["tram", "xuong", "nha-may"], []),
    ("sua-chua-vua", "Sửa chữa vừa", ["tram", "xuong", "nha-may"], MIDDLE),
    ("sua-chua-lon", "Sửa chữa lớn", ["xuong", "nha-may"], HIGH),
]
METERS = [
    ("km", "Quãng đường (km)", "km", Decimal(1500), Decimal(9999999)),
    ("gio-may", "Giờ máy (mô-tô giờ)", "giờ", Decimal(24), Decimal(999999)),
    ("phat-ban", "Số phát bắn", "phát", Decimal(5000), Decimal(9999999)),
]


def add_reference_data(apps, schema_editor):
    """Default maintenance kinds, repair levels with their echelons, and meter kinds."""
    MaintenanceKind = apps.get_model("maintenance", "MaintenanceKind")
    RepairLevel = apps.get_model("maintenance", "RepairLevel")
    MeterKind = apps.get_model("maintenance", "MeterKind")
    FacilityKind = apps.get_model("storage", "FacilityKind")
    UnitKind = apps.get_model("org", "UnitKind")
    kinds = {}
    for order, (code, name, _covers) in enumerate(KINDS, start=1):
        kinds[code], _created = MaintenanceKind.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 10})
    for code, _name, covers in KINDS:
        kinds[code].covers.add(*(kinds[c] for c in covers))
    for order, (code, name, facility_kinds, unit_kinds) in enumerate(LEVELS, start=1):
        level, _created = RepairLevel.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 10})
        level.allowed_facility_kinds.add(*FacilityKind.objects.filter(code__in=facility_kinds))
        level.allowed_unit_kinds.add(*UnitKind.objects.filter(code__in=unit_kinds))
    for order, (code, name, uom, per_day, largest) in enumerate(METERS, start=1):
        MeterKind.objects.get_or_create(code=code, defaults={
            "name": name, "uom": uom, "max_per_day": per_day, "max_value": largest,
            "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [
        ("maintenance", "0001_initial"),
        ("storage", "0002_facility_kinds"),
        ("org", "0002_unit_kinds"),
    ]
    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
