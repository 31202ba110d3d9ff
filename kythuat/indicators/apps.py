from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "kythuat.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from . import definitions  # noqa: F401  registers the indicators
