from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kythuat.training"
    verbose_name = _("Technical training and contests")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import reference, sections  # noqa: F401  (sections register themselves)

        register_reference("contest-level", reference.ContestLevel,
                           ["code", "name", "order", "is_active"], title=_("Contest levels"),
                           help_text=_("Levels a contest (hội thi, hội thao) is held at, from "
                                       "the lowest up."))
        register_reference("contest-prize", reference.Prize,
                           ["code", "name", "order", "is_active"], title=_("Contest prizes"),
                           help_text=_("Prizes a contest awards, from the highest."))
