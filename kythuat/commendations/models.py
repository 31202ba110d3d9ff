"""Commendations (khen thưởng): the forms a unit may award (giấy khen, bằng khen, cờ thi đua,
titles) with the unit kinds allowed to award each, a unit's proposal (hồ sơ đề nghị) to a
superior, the decision (quyết định khen thưởng) with its number and symbol, and the
commendations it awards to collectives (units) and individuals.

A recipient is a unit, or a person written out (full name, rank, position, unit): there is no
people app yet; a person link can be added beside these fields later."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.documents.models import IssuedNumber, Issuer
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import UnitScopedQuerySet, subtree_ids
from kythuat.reviews.models import Review


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")


class CommendationForm(BaseModel):
    """Giấy khen, bằng khen, cờ thi đua, a title …: editable reference data, with the kinds of
    unit whose commander may award it (the level)."""

    class Applies(models.TextChoices):
        BOTH = "both", _("collectives and individuals")
        COLLECTIVE = "collective", _("collectives only")
        INDIVIDUAL = "individual", _("individuals only")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    applies_to = models.CharField(_("awarded to"), max_length=10, choices=Applies.choices,
                                  default=Applies.BOTH)
    allowed_kinds = models.ManyToManyField(
        UnitKind, blank=True, related_name="+", verbose_name=_("unit kinds that may award it"),
        help_text=_("The commander of a unit of one of these kinds may award this form."))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("commendation form")
        verbose_name_plural = _("commendation forms")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def accepts(self, kind: str) -> bool:
        return self.applies_to in (self.Applies.BOTH, kind)


class ProposalQuerySet(UnitScopedQuerySet):
    unit_lookup = "proposer"

    def within(self, unit: Unit) -> "ProposalQuerySet":
        """The proposer's subtree sees its proposals; the awarding unit's subtree once sent."""
        ids = subtree_ids(unit)
        submitted = ~Q(status=CommendationProposal.Status.DRAFT)
        return self.filter(Q(proposer__in=ids) | (submitted & Q(awarding_unit__in=ids)))


class CommendationProposal(BaseModel):
    """A unit's proposal (hồ sơ đề nghị khen thưởng) to a superior unit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", pgettext_lazy("proposal", "submitted")
        APPROVED = "approved", _("approved in full")
        PARTLY = "partly", _("approved in part")
        REFUSED = "refused", pgettext_lazy("proposal", "refused")

    proposer = models.ForeignKey(Unit, models.PROTECT, related_name="commendation_proposals",
                                 verbose_name=_("proposing unit"))
    awarding_unit = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                                      verbose_name=_("awarding unit asked"))
    form = models.ForeignKey(CommendationForm, models.PROTECT, related_name="proposals",
                             verbose_name=_("form of commendation"))
    title = models.CharField(_("subject"), max_length=300)
    summary = models.TextField(_("achievements"))
    period_start = models.DateField(_("achievements from"))
    period_end = models.DateField(_("achievements to"))
    indicator_codes = models.JSONField(_("supporting indicators"), default=list, blank=True)
    review = models.ForeignKey(Review, models.SET_NULL, null=True, blank=True,
                               related_name="commendation_proposals", verbose_name=_("review"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("created by"))
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="commendation_proposal_period",
                violation_error_message=_("The period ends before it starts; choose an end "
                                          "date on or after the start date.")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commendations:proposal-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.summary[:200]}")[:400]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class RecipientFields(BaseModel):
    """A collective (the unit itself, or a body inside it that the tree does not hold, such as
    its technical office, named in `full_name`) or an individual (written out, with the
    person's unit)."""

    kind = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices,
                            default=RecipientKind.COLLECTIVE)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    rank = models.CharField(_("rank"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    achievement = models.CharField(_("achievement"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == RecipientKind.COLLECTIVE:
            return f"{self.full_name}, {self.unit.name}" if self.full_name else self.unit.name
        person = " ".join(part for part in (self.rank, self.full_name) if part)
        details = ", ".join(part for part in (self.position, self.unit.name) if part)
        return f"{person} – {details}" if details else person


class ProposalRecipient(RecipientFields):
    proposal = models.ForeignKey(CommendationProposal, models.CASCADE,
                                 related_name="recipients", verbose_name=_("proposal"))

    class Meta:
        verbose_name = _("proposed recipient")
        verbose_name_plural = _("proposed recipients")
        ordering = ["proposal", "order", "pk"]


class DecisionQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"

    def within(self, unit: Unit) -> "DecisionQuerySet":
        """The awarding unit's subtree, and the subtree of any recipient's unit."""
        ids = subtree_ids(unit)
        awarded = Commendation.objects.filter(unit__in=ids).values("decision")
        return self.filter(Q(unit__in=ids) | Q(pk__in=awarded))


class CommendationDecision(BaseModel):
    """A decision (quyết định khen thưởng) of the awarding unit, numbered once when issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", pgettext_lazy("decision", "issued")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="commendation_decisions",
                             verbose_name=_("awarding unit"))
    issuer = models.ForeignKey(Issuer, models.PROTECT, related_name="commendation_decisions",
                               verbose_name=_("issuer"))
    form = models.ForeignKey(CommendationForm, models.PROTECT, related_name="decisions",
                             verbose_name=_("form of commendation"))
    title = models.CharField(_("subject"), max_length=300)
    decided_on = models.DateField(_("date of the decision"))
    basis = models.TextField(_("grounds (căn cứ)"), blank=True)
    signer_prefix = models.CharField(_("signing authority"), max_length=10, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    review = models.ForeignKey(Review, models.SET_NULL, null=True, blank=True,
                               related_name="commendation_decisions", verbose_name=_("review"))
    proposal = models.ForeignKey(CommendationProposal, models.SET_NULL, null=True, blank=True,
                                 related_name="decisions", verbose_name=_("proposal"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    number = models.OneToOneField(IssuedNumber, models.PROTECT, null=True, blank=True,
                                  related_name="commendation_decision",
                                  verbose_name=_("number and symbol"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("issued by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("created by"))
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation decision")
        verbose_name_plural = _("commendation decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number_symbol} – {self.title}" if self.number_id else self.title

    def get_absolute_url(self) -> str:
        return reverse("commendations:decision-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(self.title)[:400]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def number_symbol(self) -> str:
        return self.number.symbol if self.number_id else ""

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class CommendationQuerySet(UnitScopedQuerySet):
    # Seen from the recipient's side and from the awarding unit's side.
    unit_lookup = ("unit", "decision__unit")


class Commendation(RecipientFields):
    """One recipient of a decision; it counts once the decision is issued (`awarded_on`)."""

    decision = models.ForeignKey(CommendationDecision, models.CASCADE,
                                 related_name="commendations", verbose_name=_("decision"))
    form = models.ForeignKey(CommendationForm, models.PROTECT, related_name="commendations",
                             verbose_name=_("form of commendation"))
    # The decision's date, set when it is issued: the date the indicators count by.
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    proposed = models.ForeignKey(ProposalRecipient, models.SET_NULL, null=True, blank=True,
                                 related_name="commendations",
                                 verbose_name=_("proposed recipient"))
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))

    objects = CommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-awarded_on", "decision", "order", "pk"]
