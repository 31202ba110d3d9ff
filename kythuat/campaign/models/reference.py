"""The campaign, its phases (labelled per level), objectives, tie-break rules and the criteria
of each phase and level. DOMAIN §4 marks the official wording of the objectives and the scoring
grid as unverified, so all of it is data, editable, never code."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.org.models import UnitKind

POINTS = {"max_digits": 7, "decimal_places": 2}


class Campaign(BaseModel):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name


class Objective(BaseModel):
    """One of the campaign's four objectives (4 mục tiêu)."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="objectives",
                                 verbose_name=_("campaign"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("wording"), max_length=400)

    class Meta:
        verbose_name = _("campaign objective")
        verbose_name_plural = _("campaign objectives")
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(
            fields=["campaign", "number"], name="campaign_objective_once",
            violation_error_message=_("The campaign already has an objective with this "
                                      "number."))]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class TieBreak(BaseModel):
    """How units with equal totals are ordered in a block, rule after rule."""

    class Kind(models.TextChoices):
        OBJECTIVE = "objective", _("more points on an objective")
        INDICATOR = "indicator", _("better value of an indicator (frozen with the scores)")

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="tie_breaks",
                                 verbose_name=_("campaign"))
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    objective_number = models.PositiveSmallIntegerField(_("objective number"), null=True,
                                                        blank=True)
    indicator_code = models.CharField(_("indicator"), max_length=100, blank=True)
    label = models.CharField(_("label"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("tie-break rule")
        verbose_name_plural = _("tie-break rules")
        ordering = ["campaign", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class PhaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PhaseQuerySet":
        """Phases are the campaign's calendar, the same for the whole army."""
        return self if user.is_authenticated else self.none()


class Phase(BaseModel):
    """A phase of the campaign (giai đoạn 2020–2025); each level may label it its own way."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="phases",
                                 verbose_name=_("campaign"))
    label = models.CharField(_("label"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    total_points = models.DecimalField(_("total points"), **POINTS, default=Decimal(100),
                                       validators=[MinValueValidator(Decimal(1))])

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign phase")
        verbose_name_plural = _("campaign phases")
        ordering = ["campaign", "-start"]
        constraints = [models.CheckConstraint(
            condition=Q(end__gte=F("start")), name="campaign_phase_ordered",
            violation_error_message=_("The phase ends before it starts; choose an end on or "
                                      "after its start."))]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:phase-detail", args=[self.pk])

    def years(self, level: UnitKind | None = None) -> range:
        """The years a unit of this level is scored in (its own label's years)."""
        labelled = next((x for x in self.labels.all() if x.level_id == getattr(level, "pk", 0)),
                        None)
        start, end = (labelled.start, labelled.end) if labelled else (self.start, self.end)
        return range(start.year, end.year + 1)


class PhaseLabel(BaseModel):
    """How a level names and dates the phase: a province's 2020–2024 within the army's
    2020–2025."""

    phase = models.ForeignKey(Phase, models.CASCADE, related_name="labels",
                              verbose_name=_("phase"))
    level = models.ForeignKey(UnitKind, models.PROTECT, related_name="+",
                              verbose_name=_("level (kind of unit)"))
    label = models.CharField(_("label"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("phase label of a level")
        verbose_name_plural = _("phase labels of the levels")
        ordering = ["phase", "level__order"]
        constraints = [models.UniqueConstraint(
            fields=["phase", "level"], name="campaign_phase_label_once",
            violation_error_message=_("This level already has a label for the phase."))]

    def __str__(self) -> str:
        return self.label


class CriterionGroup(BaseModel):
    """The criteria of one objective for one level in a phase, with the points they share."""

    phase = models.ForeignKey(Phase, models.PROTECT, related_name="groups",
                              verbose_name=_("phase"))
    level = models.ForeignKey(UnitKind, models.PROTECT, related_name="+",
                              verbose_name=_("level (kind of unit)"))
    objective = models.ForeignKey(Objective, models.PROTECT, related_name="groups",
                                  verbose_name=_("objective"))
    points = models.DecimalField(_("points"), **POINTS)

    class Meta:
        verbose_name = _("criteria group")
        verbose_name_plural = _("criteria groups")
        ordering = ["phase", "level", "objective__number"]
        constraints = [models.UniqueConstraint(
            fields=["phase", "level", "objective"], name="campaign_group_once",
            violation_error_message=_("This objective already has its criteria for the level "
                                      "in this phase."))]

    def __str__(self) -> str:
        return f"{self.objective} ({self.points})"


class Criterion(BaseModel):
    """A criterion with its weight (maximum points) and how it is scored."""

    class Rule(models.TextChoices):
        THRESHOLD = "threshold", _("computed: full points when the threshold is reached")
        LINEAR = "linear", _("computed: in proportion between a baseline and a target")
        SELF = "self", _("self-assessed with evidence")

    class Measure(models.TextChoices):
        VALUE = "value", _("the indicator's value in the year")
        CHANGE = "change", _("change in per cent against the previous year")

    group = models.ForeignKey(CriterionGroup, models.CASCADE, related_name="criteria",
                              verbose_name=_("group"))
    number = models.CharField(_("number"), max_length=10)  # "3.2"
    name = models.CharField(_("criterion"), max_length=400)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices)
    indicator_code = models.CharField(_("indicator"), max_length=100, blank=True)
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices,
                               default=Measure.VALUE)
    threshold = models.DecimalField(_("threshold"), max_digits=24, decimal_places=4, null=True,
                                    blank=True)
    baseline = models.DecimalField(_("baseline (no points)"), max_digits=24, decimal_places=4,
                                   null=True, blank=True)
    target = models.DecimalField(_("target (full points)"), max_digits=24, decimal_places=4,
                                 null=True, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=10)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["group__objective__number", "order", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_computed(self) -> bool:
        return self.rule != self.Rule.SELF
