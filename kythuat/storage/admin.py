"""The storage reference data in Django's admin (the system administrator also edits it on
the storage reference screen)."""

from django.contrib import admin

from .models import FacilityKind, FacilityStandard, FundingSource


@admin.register(FacilityStandard)
class FacilityStandardAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code", "description"]


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(FacilityKind)
class FacilityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "default_min_temperature",
                    "default_max_temperature", "default_max_humidity"]
