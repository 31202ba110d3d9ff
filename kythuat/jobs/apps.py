from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "kythuat.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app's job handlers live in its `jobs.py` (or a module its views import).
        autodiscover_modules("jobs")
