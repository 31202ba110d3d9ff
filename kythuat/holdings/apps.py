from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoldingsConfig(AppConfig):
    name = "kythuat.holdings"
    verbose_name = _("Holdings")
