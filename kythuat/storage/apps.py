from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorageConfig(AppConfig):
    name = "kythuat.storage"
    verbose_name = _("Storage")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from .models import FacilityStandard, FundingSource

        # The default condition limits of each facility kind are edited with the catalogue's
        # "facility-kind" table.
        register_reference(
            "facility-standard", FacilityStandard, ["code", "name", "description", "order"],
            title=_("Facility standards"))
        register_reference(
            "funding-source", FundingSource, ["code", "name", "order"],
            title=_("Funding sources"))
