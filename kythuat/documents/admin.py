"""Django admin for the reference data; the app's own screens are the usual way in."""

from django.contrib import admin

from .models import DocumentType, FormatProfile, IssuedNumber, Issuer


@admin.register(FormatProfile)
class FormatProfileAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "number_pattern", "counter_scope"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "applies_to", "order", "is_active"]


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "unit", "profile", "valid_from", "valid_to"]
    list_select_related = ["unit", "profile"]


@admin.register(IssuedNumber)
class IssuedNumberAdmin(admin.ModelAdmin):
    """The register is written by the number-issuing service only."""

    list_display = ["symbol", "date", "issuer", "subject"]
    list_select_related = ["issuer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
