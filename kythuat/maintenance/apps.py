from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "kythuat.maintenance"
    verbose_name = _("Maintenance and repair")

    def ready(self) -> None:
        from . import guards  # noqa: F401  (registers the posting guard)
