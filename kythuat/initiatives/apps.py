from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "kythuat.initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import reference

        register_reference("initiative-field", reference.InitiativeField,
                           ["code", "name", "order", "is_active"], title=_("Initiative fields"),
                           help_text=_("Fields and technical branches an initiative belongs "
                                       "to."))
        register_reference("recognition-level", reference.RecognitionLevel,
                           ["code", "name", "order", "unit_kinds", "is_active"],
                           title=_("Initiative recognition levels"),
                           help_text=_("Levels at which a council recognises an initiative, "
                                       "from the lowest up, with the unit kinds whose council "
                                       "may recognise at each level."))
        register_reference("award-class", reference.AwardClass,
                           ["code", "name", "amount_vnd", "order", "is_active"],
                           title=_("Initiative award classes"),
                           help_text=_("Class I, II, III and the amount paid to the authors, "
                                       "in VND."))
        register_reference("scoring-criterion", reference.ScoringCriterion,
                           ["code", "name", "max_points", "order", "is_active"],
                           title=_("Initiative scoring criteria"),
                           help_text=_("The criteria of a council member's score sheet, each "
                                       "with its maximum points."))
        register_reference("scoring-rule", reference.ScoringRule,
                           ["name", "method", "pass_mark", "is_active"],
                           title=_("Initiative scoring rule"),
                           help_text=_("How a council's result is reached (average or sum of "
                                       "the members' totals) and the pass mark; the active "
                                       "rule is copied onto each new council."))
