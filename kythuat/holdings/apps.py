from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoldingsConfig(AppConfig):
    name = "kythuat.holdings"
    verbose_name = _("Holdings")

    def ready(self) -> None:
        from . import jobs, page_sections  # noqa: F401  (the item export job; sections on other pages)
