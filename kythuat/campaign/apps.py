from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "kythuat.campaign"
    verbose_name = _("Campaign 50")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from .models import Campaign, Objective, TieBreak

        register_reference("campaign", Campaign, ["code", "name", "short_name"],
                           title=_("Campaigns"),
                           help_text=_("The emulation campaigns of the technical branch, with "
                                       "their full names (Cuộc vận động 50)."))
        register_reference("campaign-objective", Objective, ["campaign", "number", "name"],
                           title=_("Campaign objectives"),
                           help_text=_("The wording of the campaign's objectives, as the "
                                       "current guidance gives it."))
        register_reference("campaign-tie-break", TieBreak,
                           ["campaign", "order", "kind", "objective_number", "indicator_code",
                            "label", "is_active"],
                           title=_("Tie-break rules of the rankings"),
                           help_text=_("Applied in order when units of a block have the same "
                                       "total: more points on an objective, or the better "
                                       "frozen value of an indicator."))
