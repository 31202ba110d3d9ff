from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmmunitionConfig(AppConfig):
    name = "kythuat.ammunition"
    verbose_name = _("Ammunition lots")

    def ready(self) -> None:
        from . import guards  # noqa: F401  registers the posting rules
