from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReorgConfig(AppConfig):
    name = "kythuat.reorg"
    verbose_name = _("Reorganisations")
