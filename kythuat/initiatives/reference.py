"""Reference lists of the initiatives (DOMAIN §5 marks them [U]): fields, recognition levels,
award classes, the criteria of a council's score sheet and the scoring rule. Edited by the system
administrator on the reference screen; defaults come from a data migration."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.org.models import UnitKind


def points_text(value) -> str:
    """80.00 → "80", 72.50 → "72,5" (Vietnamese decimal comma); None → "—"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value is not None else "—"
    return text.replace(".", ",")


class InitiativeField(BaseModel):
    """Field or technical branch of an initiative (quân khí, xe-máy, thông tin …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("initiative field")
        verbose_name_plural = _("initiative fields")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RecognitionLevel(BaseModel):
    """Cơ sở, sư đoàn/tỉnh, quân khu, BQP: ordered upwards, each with the unit kinds whose
    council may recognise at that level."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    unit_kinds = models.ManyToManyField(UnitKind, blank=True, related_name="+",
                                        verbose_name=_("unit kinds allowed to recognise"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("recognition level")
        verbose_name_plural = _("recognition levels")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phrase(self) -> str:
        """The name inside a sentence: "cấp cơ sở" (names start with a capital in lists)."""
        return self.name[:1].lower() + self.name[1:]


class AwardClass(BaseModel):
    """Loại I, II, III with the amount paid to the authors (BQP 2021: 6.0 / 4.5 / 3.5 M VND)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    amount_vnd = models.DecimalField(_("amount (VND)"), max_digits=15, decimal_places=0)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("award class")
        verbose_name_plural = _("award classes")
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(
            condition=Q(amount_vnd__gte=0), name="initiative_award_amount_positive",
            violation_error_message=_("The amount of an award class cannot be negative."))]

    def __str__(self) -> str:
        return self.name


class ScoringCriterion(BaseModel):
    """A criterion of the council's score sheet (novelty, applicability, benefit)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(
            condition=Q(max_points__gt=0), name="initiative_criterion_max_positive",
            violation_error_message=_("The maximum points of a criterion must be above 0."))]

    def __str__(self) -> str:
        return f"{self.name} ({self.max_points})"


class ScoringRule(BaseModel):
    """How a council's result is reached: the members' totals averaged or summed, against the
    pass mark. The active rule is copied onto each new council."""

    class Method(models.TextChoices):
        AVERAGE = "average", _("average of the members' totals")
        SUM = "sum", _("sum of the members' totals")

    name = models.CharField(_("name"), max_length=150)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices,
                              default=Method.AVERAGE)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=7, decimal_places=1)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_method_display()} ≥ {self.pass_mark}"
