from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "kythuat.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import definitions  # noqa: F401  registers the indicators

        # Each app's own indicators and alert sources live in its `indicators.py`.
        autodiscover_modules("indicators")
