from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "kythuat.imports"
    verbose_name = _("Excel import")

    def ready(self) -> None:
        from . import background  # noqa: F401  registers the job handlers
