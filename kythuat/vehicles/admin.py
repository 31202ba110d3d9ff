from django.contrib import admin

from .models import FuelNorm, LicenceClass, PlateType


@admin.register(PlateType)
class PlateTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(LicenceClass)
class LicenceClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(FuelNorm)
class FuelNormAdmin(admin.ModelAdmin):
    list_display = ["type", "litres_per_100km", "tank_litres", "source"]
    list_select_related = ["type"]
