"""Entered indicators: figures that no record holds (contests held, software in use, training
sessions …), entered by a unit for a period with a note and evidence, confirmed by an officer,
and then summed up the tree like computed figures."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.org.models import Role, Unit
from kythuat.org.querysets import UnitScopedQuerySet


class EnteredIndicator(BaseModel):
    """Reference data: which entered indicators exist and who enters them."""

    class Kind(models.TextChoices):
        FLOW = "flow", _("flow (over the period)")
        STOCK = "stock", _("stock (as at the end of the period)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Letters, digits and hyphens, for example “contests”."))
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FLOW)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.HIGHER)
    entered_by = models.CharField(_("entered by"), max_length=20, choices=Role.choices,
                                  default=Role.CLERK,
                                  help_text=_("The lowest role that may enter a figure; an "
                                              "officer confirms it."))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("entered indicator")
        verbose_name_plural = _("entered indicators")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def registry_code(self) -> str:
        return f"entered.{self.code}"


class EnteredValueQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class EnteredValue(BaseModel):
    """One figure of one unit for one period, with who entered and who confirmed it."""

    class Status(models.TextChoices):
        ENTERED = "entered", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("returned")

    indicator = models.ForeignKey(EnteredIndicator, models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="entered_values",
                             verbose_name=_("unit"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="entered/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ENTERED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)

    objects = EnteredValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["-period_end", "unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="entered_period_order",
                violation_error_message=_("The end of the period must not be before its "
                                          "start.")),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="entered_value_not_negative",
                violation_error_message=_("A figure cannot be negative.")),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"], name="entered_ind_end_idx")]

    def __str__(self) -> str:
        return (f"{self.indicator.name}: {self.value.normalize():f} "
                f"({self.unit} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y})")

    def get_absolute_url(self) -> str:
        return reverse("dashboard:entered-detail", args=[self.pk])
