"""What belongs to units: steering committees, the yearly score sheets and their scores,
emulation blocks and pledges."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import UnitScopedQuerySet

from .reference import POINTS, Criterion, Phase


class DownAndUpQuerySet(UnitScopedQuerySet):
    """Seen by the unit, the units below it and the units above it (which score it or steer
    it), never by its neighbours."""

    def visible_to(self, user):
        return self.visible_down_and_up(user)


class CommitteeQuerySet(DownAndUpQuerySet):
    unit_lookup = "unit"


class SteeringCommittee(BaseModel):
    """The Ban Chỉ đạo 50 of a unit for a phase."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    phase = models.ForeignKey(Phase, models.PROTECT, related_name="committees",
                              verbose_name=_("phase"))
    name = models.CharField(_("name"), max_length=200)
    decision_ref = models.CharField(_("establishing decision"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["unit__path", "phase"]
        constraints = [models.UniqueConstraint(
            fields=["unit", "phase"], name="campaign_committee_once",
            violation_error_message=_("This unit already has a steering committee for the "
                                      "phase."))]

    def __str__(self) -> str:
        return f"{self.name} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:committee-detail", args=[self.pk])


class CommitteeMember(BaseModel):
    class Role(models.TextChoices):
        HEAD = "head", _("head")
        DEPUTY = "deputy", _("deputy head")
        STANDING = "standing", _("standing member")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary")

    committee = models.ForeignKey(SteeringCommittee, models.CASCADE, related_name="members",
                                  verbose_name=_("steering committee"))
    name = models.CharField(_("full name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role in the committee"), max_length=10, choices=Role.choices,
                            default=Role.MEMBER)
    order = models.PositiveSmallIntegerField(_("order"), default=10)

    class Meta:
        verbose_name = _("steering committee member")
        verbose_name_plural = _("steering committee members")
        ordering = ["committee", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.rank} {self.name}".strip()


class SheetQuerySet(DownAndUpQuerySet):
    unit_lookup = "unit"


class Sheet(BaseModel):
    """A unit's score sheet for one year of a phase: self-assessed by the unit, scored by the
    level above it."""

    class Status(models.TextChoices):
        SELF = "self", _("self-assessing")
        SUBMITTED = "submitted", _("submitted")
        SCORED = "scored", _("scored (closed)")

    phase = models.ForeignKey(Phase, models.PROTECT, related_name="sheets",
                              verbose_name=_("phase"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SELF)
    self_total = models.DecimalField(_("self-assessed total"), **POINTS, null=True, blank=True)
    computed_total = models.DecimalField(_("computed total"), **POINTS, null=True, blank=True)
    review_total = models.DecimalField(_("total scored by the higher level"), **POINTS,
                                       null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    scored_on = models.DateField(_("scoring date"), null=True, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("scored by"))
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(
            fields=["phase", "unit", "year"], name="campaign_sheet_once",
            violation_error_message=_("This unit already has a score sheet for this year of "
                                      "the phase."))]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:sheet-detail", args=[self.pk])


class ScoreQuerySet(DownAndUpQuerySet):
    unit_lookup = "sheet__unit"


class Score(BaseModel):
    """One criterion of a sheet: the computed score (frozen with its value, period and time
    when the sheet is closed), the unit's own score with its evidence, and the higher level's
    score with its reason."""

    sheet = models.ForeignKey(Sheet, models.CASCADE, related_name="scores",
                              verbose_name=_("score sheet"))
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="scores",
                                  verbose_name=_("criterion"))
    computed_value = models.DecimalField(_("indicator value"), max_digits=24, decimal_places=4,
                                         null=True, blank=True)
    previous_value = models.DecimalField(_("value in the previous year"), max_digits=24,
                                         decimal_places=4, null=True, blank=True)
    period_start = models.DateField(_("start of the measured period"), null=True, blank=True)
    period_end = models.DateField(_("end of the measured period"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    computed_score = models.DecimalField(_("computed score"), **POINTS, null=True, blank=True)
    self_score = models.DecimalField(_("self score"), **POINTS, null=True, blank=True)
    self_note = models.TextField(_("explanation"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="campaign/evidence/%Y/",
                                     blank=True)
    evidence_ref = models.CharField(_("reference to the records"), max_length=500, blank=True)
    review_score = models.DecimalField(_("score of the higher level"), **POINTS, null=True,
                                       blank=True)
    review_reason = models.TextField(_("reason of the higher level"), blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["sheet", "criterion__group__objective__number", "criterion__order",
                    "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="campaign_score_once",
                                    violation_error_message=_("The criterion is already on "
                                                              "the sheet.")),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                name="campaign_self_score_positive",
                violation_error_message=_("A score cannot be negative.")),
            models.CheckConstraint(
                condition=Q(review_score__isnull=True) | Q(review_score__gte=0),
                name="campaign_review_score_positive",
                violation_error_message=_("A score cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} – {self.criterion.number}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_ref.strip())


class BlockQuerySet(UnitScopedQuerySet):
    """A block's ranking is the superior's: seen by the superior and the units above it."""

    unit_lookup = "superior"


class EmulationBlock(BaseModel):
    """Khối thi đua: units of the same kind under one superior, ranked together in a phase."""

    phase = models.ForeignKey(Phase, models.PROTECT, related_name="blocks",
                              verbose_name=_("phase"))
    superior = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                                 verbose_name=_("superior unit"))
    level = models.ForeignKey(UnitKind, models.PROTECT, related_name="+",
                              verbose_name=_("level (kind of unit)"))
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(Unit, related_name="+", verbose_name=_("member units"))
    awards = models.PositiveSmallIntegerField(
        _("units proposed for commendation"), default=1,
        help_text=_("How many of the first-ranked units the ranking proposes for "
                    "commendation."))

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")
        ordering = ["superior__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaign:block-detail", args=[self.pk])


class PledgeQuerySet(DownAndUpQuerySet):
    unit_lookup = "unit"


class Pledge(BaseModel):
    """Giao ước thi đua signed by a unit for a phase. Its items are targets (targets app) on a
    clause of the plan it answers, bound to the same indicators, so their progress is measured
    the way every target's is."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    phase = models.ForeignKey(Phase, models.PROTECT, related_name="pledges",
                              verbose_name=_("phase"))
    clause = models.ForeignKey("directives.Clause", models.PROTECT, related_name="pledges",
                               verbose_name=_("clause of the plan it answers"))
    title = models.CharField(_("title of the pledge"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    document = models.FileField(_("signed document"), upload_to="campaign/pledges/%Y/",
                                blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-signed_on", "unit__path"]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("campaign:pledge-detail", args=[self.pk])


class PledgeItem(BaseModel):
    pledge = models.ForeignKey(Pledge, models.CASCADE, related_name="items",
                               verbose_name=_("pledge"))
    target = models.OneToOneField("targets.Target", models.PROTECT, related_name="+",
                                  verbose_name=_("target"))

    class Meta:
        verbose_name = _("pledge item")
        verbose_name_plural = _("pledge items")
        ordering = ["pledge", "pk"]

    def __str__(self) -> str:
        return str(self.target)
