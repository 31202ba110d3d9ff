from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "kythuat.targets"
    verbose_name = _("Targets")

    def ready(self) -> None:
        from . import page_sections  # noqa: F401  (the targets on a directive's page)
