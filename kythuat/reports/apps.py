from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kythuat.reports"
    verbose_name = _("Statistical reports")

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the background job of long reports
