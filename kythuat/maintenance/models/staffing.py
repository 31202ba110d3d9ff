"""Who may do a repair: "repair level (and optionally the equipment's branch) → trade and the
minimum skill level". DOMAIN §2 and §6 mark the rule [U]: it is editable reference data, and a
work order whose technicians do not meet it gets a warning, not a refusal."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch
from kythuat.core.models import BaseModel
from kythuat.people.models import Trade

from .reference import RepairLevel


class TechnicianRule(BaseModel):
    repair_level = models.ForeignKey(RepairLevel, models.CASCADE, related_name="technician_rules",
                                     verbose_name=_("repair level"))
    branch = models.ForeignKey(Branch, models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("technical branch"),
                               help_text=_("The branch of the equipment repaired; empty means "
                                           "any branch without a rule of its own."))
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="+", verbose_name=_("trade"))
    min_level = models.PositiveSmallIntegerField(_("minimum level"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("technician rule")
        verbose_name_plural = _("technician rules")
        ordering = ["repair_level__order", "branch__name"]
        constraints = [
            models.UniqueConstraint(fields=["repair_level", "branch"],
                                    name="technician_rule_one_per_level_branch",
                                    violation_error_message=_(
                                        "This repair level already has a rule for this branch.")),
            models.UniqueConstraint(fields=["repair_level"], condition=Q(branch__isnull=True),
                                    name="technician_rule_one_default_per_level",
                                    violation_error_message=_(
                                        "This repair level already has a rule for any branch.")),
            models.CheckConstraint(condition=Q(min_level__gte=1, min_level__lte=7),
                                   name="technician_rule_level_1_to_7",
                                   violation_error_message=_(
                                       "The minimum level is from 1 to 7.")),
        ]

    def __str__(self) -> str:
        branch = self.branch or _("any branch")
        return f"{self.repair_level} · {branch} → {self.trade} ≥ {self.min_level}"
