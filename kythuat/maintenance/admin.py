"""Reference data of maintenance, editable by the system administrator: kinds of maintenance,
repair levels with the echelons allowed to do each, meter kinds with their limits."""

from django.contrib import admin

from .models import MaintenanceKind, MeterKind, RepairLevel


@admin.register(MaintenanceKind)
class MaintenanceKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    filter_horizontal = ["covers"]
    search_fields = ["name", "code"]


@admin.register(RepairLevel)
class RepairLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    filter_horizontal = ["allowed_facility_kinds", "allowed_unit_kinds"]
    search_fields = ["name", "code"]


@admin.register(MeterKind)
class MeterKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "uom", "max_per_day", "max_value", "order"]
    search_fields = ["name", "code"]
