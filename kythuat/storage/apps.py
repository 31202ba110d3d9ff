from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorageConfig(AppConfig):
    name = "kythuat.storage"
    verbose_name = _("Storage")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from .models import FacilityKind, FacilityStandard, FundingSource

        register_reference(
            "facility-kind", FacilityKind,
            ["code", "name", "order", "default_min_temperature", "default_max_temperature",
             "default_max_humidity"],
            title=_("Facility kinds"),
            help_text=_("A facility without limits of its own uses those of its kind. No "
                        "military figures were found for these limits: set them to your "
                        "regulations."))
        register_reference(
            "facility-standard", FacilityStandard, ["code", "name", "description", "order"],
            title=_("Facility standards"))
        register_reference(
            "funding-source", FundingSource, ["code", "name", "order"],
            title=_("Funding sources"))
