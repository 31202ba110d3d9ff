"""Targets (chỉ tiêu): what a unit was asked to achieve under a clause of a directive, measured
by an indicator of the registry. The baseline is computed and frozen when the target is set;
the goal is derived from it and frozen too; progress is never stored (selectors compute it)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.directives.models import Clause
from kythuat.indicators import registry
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet

PERCENT = "percent"  # unit code of a change in per cent (and of ratios)


class TargetQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class Target(BaseModel):
    class Form(models.TextChoices):
        ABSOLUTE = "absolute", _("absolute value")
        CHANGE_AMOUNT = "change_amount", _("change by an amount")
        CHANGE_PERCENT = "change_percent", _("change in per cent against the baseline")

    class BaselineSource(models.TextChoices):
        COMPUTED = "computed", _("computed from the records")
        ENTERED = "entered", _("entered")

    clause = models.ForeignKey(Clause, models.PROTECT, related_name="targets",
                               verbose_name=_("clause"))
    indicator_code = models.CharField(_("indicator"), max_length=100)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="targets",
                             verbose_name=_("assigned unit"))
    # An allocation: this target is the share of the parent unit's target.
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("allocated from"))
    start = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"))
    # None: a ratio with nothing to divide by in the base period.
    baseline = models.DecimalField(_("baseline"), max_digits=24, decimal_places=4, null=True,
                                   blank=True)
    baseline_start = models.DateField(_("start of the base period"))
    baseline_end = models.DateField(_("end of the base period"))
    baseline_source = models.CharField(_("baseline source"), max_length=10,
                                       choices=BaselineSource.choices,
                                       default=BaselineSource.COMPUTED)
    baseline_reason = models.TextField(_("reason for the entered baseline"), blank=True)
    form = models.CharField(_("form of the target"), max_length=20, choices=Form.choices,
                            default=Form.ABSOLUTE)
    stated_value = models.DecimalField(_("value as written"), max_digits=24, decimal_places=4)
    stated_unit = models.CharField(_("unit of the value as written"), max_length=30)
    goal = models.DecimalField(_("goal"), max_digits=24, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["deadline", "unit__path", "indicator_code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("start")), name="target_deadline_after_start",
                violation_error_message=_("The deadline cannot be before the start; choose a "
                                          "deadline on or after the start date.")),
            models.CheckConstraint(
                condition=Q(baseline_end__gte=F("baseline_start")),
                name="target_base_period_ordered",
                violation_error_message=_("The base period ends before it starts; choose an "
                                          "end on or after its start.")),
            models.CheckConstraint(
                condition=~Q(baseline_source="entered") | ~Q(baseline_reason=""),
                name="target_entered_baseline_has_reason",
                violation_error_message=_("Give the reason for an entered baseline (where the "
                                          "figure comes from).")),
            models.UniqueConstraint(
                fields=["clause", "indicator_code", "unit"], name="target_once",
                violation_error_message=_("This unit already has a target on this indicator "
                                          "under this clause; change that target instead.")),
        ]
        indexes = [models.Index(fields=["deadline"], name="target_deadline")]

    def __str__(self) -> str:
        return (f"{self.indicator_name} – {self.unit} "
                f"({self.start:%d/%m/%Y}–{self.deadline:%d/%m/%Y})")

    def get_absolute_url(self) -> str:
        return reverse("targets:target-detail", args=[self.pk])

    @property
    def indicator_name(self) -> str:
        """The indicator's name; the code when the registry no longer has it (a module removed,
        an entered indicator deactivated), so an old target still shows."""
        indicator = registry.REGISTRY.get(self.indicator_code)
        if indicator is None:
            try:
                indicator = registry.get(self.indicator_code)
            except KeyError:
                return self.indicator_code
        return str(indicator.name)
