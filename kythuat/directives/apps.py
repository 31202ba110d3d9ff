from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "kythuat.directives"
    verbose_name = _("Directives")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from .models import DirectiveKind

        register_reference("directive-kind", DirectiveKind, ["code", "name", "order", "is_active"],
                           title=_("Directive kinds"),
                           help_text=_("Resolution, conclusion, programme, plan … with the code "
                                       "used in the symbol (NQ, KL, CTr …)."))
