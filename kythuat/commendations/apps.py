from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "kythuat.commendations"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import (  # noqa: F401  (the review report's annex, a person page's section)
            annexes,
            person_sections,
        )
        from .models import CommendationForm

        register_reference(
            "commendation-form", CommendationForm,
            ["code", "name", "applies_to", "allowed_kinds", "order", "is_active"],
            title=_("Commendation forms and who may award them"),
            help_text=_("Certificates of merit, flags and titles, with the kinds of unit whose "
                        "commander may award each (the level); a decision of another unit "
                        "kind is refused."))
