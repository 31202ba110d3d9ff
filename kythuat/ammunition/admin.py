"""Reference data of the ammunition screens, editable by the system administrator."""

from django.contrib import admin

from .models import RetestInterval, TestConclusion, TestKind


@admin.register(TestKind)
class TestKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    ordering = ["order", "name"]


@admin.register(TestConclusion)
class TestConclusionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "outcome", "order"]
    list_filter = ["outcome"]
    ordering = ["order", "name"]


@admin.register(RetestInterval)
class RetestIntervalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "branch", "type", "months", "source"]
    list_select_related = ["branch", "type"]
    autocomplete_fields: list = []
    raw_id_fields = ["type"]
