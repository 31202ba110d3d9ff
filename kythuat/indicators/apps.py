from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "kythuat.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from kythuat.catalog.forms import register_reference

        from . import entered  # noqa: F401  indicators entered by units, defined as data
        from .models import EnteredIndicator

        register_reference(
            "entered-indicator", EnteredIndicator,
            ["code", "name", "definition", "unit_of_measure", "kind", "direction", "entered_by",
             "order", "is_active"],
            title=_("Entered indicators"),
            help_text=_("Figures that no record holds, entered by the units for a period and "
                        "confirmed by an officer."))

        # Each app's indicators and alert sources live in its `indicators.py`.
        autodiscover_modules("indicators")
