"""Read-only views of stocktakes for the system administrator; every change goes through the
screens, so that the services check the rules and write the audit trail."""

from django.contrib import admin

from .models import CommitteeMember, CountSheet, Stocktake


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    can_delete = False
    readonly_fields = ["name", "position", "role"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Stocktake)
class StocktakeAdmin(ReadOnly):
    list_display = ["title", "unit", "as_of", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "decision_ref"]
    inlines = [MemberInline]


@admin.register(CountSheet)
class CountSheetAdmin(ReadOnly):
    list_display = ["stocktake", "number", "unit", "facility"]
