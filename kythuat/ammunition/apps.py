from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmmunitionConfig(AppConfig):
    name = "kythuat.ammunition"
    verbose_name = _("Ammunition lots")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import guards  # noqa: F401  registers the posting rules
        from .models import RetestInterval, TestConclusion, TestKind

        register_reference("test-kind", TestKind, ["code", "name", "order"],
                           title=_("Kinds of test"))
        register_reference("test-conclusion", TestConclusion, ["code", "name", "outcome", "order"],
                           title=_("Conclusions"))
        register_reference(
            "retest-interval", RetestInterval, ["branch", "type", "months", "source"],
            title=_("Re-test intervals"))
