from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VehiclesConfig(AppConfig):
    name = "kythuat.vehicles"
    verbose_name = _("Vehicles")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import sections  # noqa: F401  (the driving licence on a person's page)
        from .models import LicenceClass, PlateType

        register_reference("plate-type", PlateType, ["code", "name", "order"],
                           title=_("Types of number plate"))
        register_reference("licence-class", LicenceClass, ["code", "name", "order"],
                           title=_("Classes of military driving licence"))
