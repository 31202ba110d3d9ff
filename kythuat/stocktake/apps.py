from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StocktakeConfig(AppConfig):
    name = "kythuat.stocktake"
    verbose_name = _("Stocktake")

    def ready(self) -> None:
        from . import guards  # noqa: F401  (registers the posting guard)
