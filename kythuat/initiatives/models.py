"""Technical initiatives (sáng kiến cải tiến kỹ thuật) and their recognition under NĐ 13/2012 and
TT 18/2013: registered by a unit, sent to a council, scored, recognised at a level by a decision
or refused, proposed upwards, awarded, then applied by other units.

The reference lists (fields, recognition levels, award classes, criteria, the pass mark) are
editable data (DOMAIN §5 marks them [U]); a council copies what it scores by when it is set up,
so a later change of the reference lists does not change a closed council's result."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kythuat.catalog.models import EquipmentType
from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet, subtree_ids

from .reference import (
    AwardClass,
    InitiativeField,
    RecognitionLevel,
    ScoringCriterion,
    ScoringRule,
)

__all__ = ["AwardClass", "InitiativeField", "RecognitionLevel", "ScoringCriterion",
           "ScoringRule"]

# Scoping ------------------------------------------------------------------------------------


class InitiativeQuerySet(UnitScopedQuerySet):
    """Seen by its unit's subtree and by the units (and their subtrees) of the councils it was
    sent to."""

    def seen_from(self, unit) -> "InitiativeQuerySet":
        sent = Dossier.objects.filter(initiative=OuterRef("pk"),
                                      council__unit__in=subtree_ids(unit))
        return self.filter(Q(unit__in=subtree_ids(unit)) | Exists(sent))


class RelatedQuerySet(UnitScopedQuerySet):
    """Rows that hang on an initiative are seen with it."""

    def visible_to(self, user) -> models.QuerySet:
        if user.is_superuser:
            return self
        return self.filter(initiative__in=Initiative.objects.visible_to(user).values("pk"))


class AdoptionQuerySet(UnitScopedQuerySet):
    """An adoption is seen with its initiative and by the adopting unit's subtree."""

    def seen_from(self, unit) -> models.QuerySet:
        return self.filter(Q(initiative__in=Initiative.objects.seen_from(unit).values("pk"))
                           | Q(unit__in=subtree_ids(unit)))


class MemberQuerySet(UnitScopedQuerySet):
    unit_lookup = "council__unit"


# Initiatives --------------------------------------------------------------------------------


class Initiative(BaseModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        UNDER_REVIEW = "under_review", _("under council review")
        RECOGNISED = "recognised", _("recognised")
        REFUSED = "refused", _("not recognised")

    title = models.CharField(_("title"), max_length=300)
    field = models.ForeignKey(InitiativeField, models.PROTECT, related_name="initiatives",
                              verbose_name=_("field"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="initiatives",
                             verbose_name=_("unit"))
    problem = models.TextField(_("problem"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    registered_on = models.DateField(_("date registered"))
    first_applied_on = models.DateField(_("first trial application"), null=True, blank=True)
    scope = models.CharField(_("scope of application"), max_length=300, blank=True)
    benefit_vnd = models.DecimalField(_("money saved (VND/year)"), max_digits=15,
                                      decimal_places=0, null=True, blank=True)
    benefit_hours = models.DecimalField(_("hours saved (per year)"), max_digits=10,
                                        decimal_places=1, null=True, blank=True)
    benefit_fuel_litres = models.DecimalField(_("fuel saved (litres/year)"), max_digits=12,
                                              decimal_places=1, null=True, blank=True)
    benefit_text = models.TextField(_("benefit described"), blank=True)
    attachment = models.FileField(_("attached file"), upload_to="initiatives/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices,
                              default=Status.REGISTERED)
    # The highest level it is recognised at, and the date of its first recognition.
    level = models.ForeignKey(RecognitionLevel, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("recognised at"))
    recognised_on = models.DateField(_("first recognised on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("registered by"))
    search_text = models.CharField(max_length=700, blank=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-registered_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=Q(benefit_vnd__isnull=True) | Q(benefit_vnd__gte=0),
            name="initiative_benefit_positive",
            violation_error_message=_("The money saved cannot be negative."))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.scope}")[:700]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Author(BaseModel):
    """An author as the dossier names them; a link to the people records can be added later."""

    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="authors",
                                   verbose_name=_("initiative"))
    name = models.CharField(_("full name"), max_length=150)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    is_main = models.BooleanField(_("main author"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))

    objects = RelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["initiative", "-is_main", "order", "pk"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.rank, self.name) if part)


# Councils -----------------------------------------------------------------------------------


class Council(BaseModel):
    """A unit's initiative council (hội đồng sáng kiến) for one year and session."""

    class Status(models.TextChoices):
        OPEN = "open", _("in session")
        CLOSED = "closed", pgettext_lazy("council", "closed")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="initiative_councils",
                             verbose_name=_("unit"))
    level = models.ForeignKey(RecognitionLevel, models.PROTECT, related_name="councils",
                              verbose_name=_("recognition level"))
    year = models.PositiveSmallIntegerField(_("year"))
    session = models.PositiveSmallIntegerField(_("session"), default=1)
    name = models.CharField(_("name"), max_length=200)
    convened_on = models.DateField(_("date of the meeting"))
    quorum = models.PositiveSmallIntegerField(_("quorum"))
    # Copied from the active scoring rule when the council is set up.
    method = models.CharField(_("method"), max_length=10, choices=ScoringRule.Method.choices)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=7, decimal_places=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    minutes = models.TextField(_("minutes"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative council")
        verbose_name_plural = _("initiative councils")
        ordering = ["-year", "-session", "unit__path"]
        constraints = [models.UniqueConstraint(
            fields=["unit", "year", "session"], name="initiative_council_once",
            violation_error_message=_("This unit already has a council for this year and "
                                      "session."))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:council-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CouncilMember(BaseModel):
    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("council", "chair")
        SECRETARY = "secretary", pgettext_lazy("council", "secretary")
        MEMBER = "member", pgettext_lazy("council", "member")

    council = models.ForeignKey(Council, models.CASCADE, related_name="members",
                                verbose_name=_("council"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                             related_name="initiative_seats", verbose_name=_("user"))
    name = models.CharField(_("full name"), max_length=150)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    role = models.CharField(_("role in the council"), max_length=10, choices=Role.choices,
                            default=Role.MEMBER)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "role", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["council", "user"], name="initiative_member_once",
            violation_error_message=_("This user already sits on the council."))]

    def __str__(self) -> str:
        return " ".join(part for part in (self.rank, self.name) if part)


class Dossier(BaseModel):
    """An initiative sent to a council (hồ sơ đề nghị công nhận), with the council's result
    and the decision that follows it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("awaiting the decision")
        RECOGNISED = "recognised", _("recognised")
        REFUSED = "refused", _("not recognised")

    initiative = models.ForeignKey(Initiative, models.PROTECT, related_name="dossiers",
                                   verbose_name=_("initiative"))
    council = models.ForeignKey(Council, models.PROTECT, related_name="dossiers",
                                verbose_name=_("council"))
    sent_on = models.DateField(_("sent on"))
    score = models.DecimalField(_("result"), max_digits=8, decimal_places=2, null=True,
                                blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices,
                               default=Outcome.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issued_number = models.OneToOneField("documents.IssuedNumber", models.PROTECT, null=True,
                                         blank=True, related_name="+",
                                         verbose_name=_("number from the register"))

    objects = RelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["initiative", "sent_on", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["initiative", "council"], name="initiative_dossier_once",
            violation_error_message=_("This initiative has already been sent to this council."))]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.council}"


class Score(BaseModel):
    """One member's points on one criterion for one dossier (a line of the score sheet)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="scores",
                                verbose_name=_("dossier"))
    member = models.ForeignKey(CouncilMember, models.PROTECT, related_name="scores",
                               verbose_name=_("member"))
    criterion = models.ForeignKey(ScoringCriterion, models.PROTECT, related_name="+",
                                  verbose_name=_("criterion"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["dossier", "member", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "member", "criterion"],
                                    name="initiative_score_once",
                                    violation_error_message=_(
                                        "This member has already scored this criterion.")),
            models.CheckConstraint(condition=Q(points__gte=0), name="initiative_points_positive",
                                   violation_error_message=_("Points cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.criterion.name} {self.points}"


class Award(BaseModel):
    """The award after a recognition: class and the amount paid, by decision."""

    dossier = models.OneToOneField(Dossier, models.PROTECT, related_name="award",
                                   verbose_name=_("recognition"))
    initiative = models.ForeignKey(Initiative, models.PROTECT, related_name="awards",
                                   verbose_name=_("initiative"))
    award_class = models.ForeignKey(AwardClass, models.PROTECT, related_name="awards",
                                    verbose_name=_("award class"))
    amount_vnd = models.DecimalField(_("amount (VND)"), max_digits=15, decimal_places=0)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))

    objects = RelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decision_date", "pk"]

    def __str__(self) -> str:
        return f"{self.award_class} – {self.initiative}"


class Adoption(BaseModel):
    """An initiative applied by a unit, recorded for the adopting unit."""

    initiative = models.ForeignKey(Initiative, models.PROTECT, related_name="adoptions",
                                   verbose_name=_("initiative"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="initiative_adoptions",
                             verbose_name=_("adopting unit"))
    adopted_on = models.DateField(_("date applied"))
    result = models.TextField(_("result"), blank=True)
    # False when the adopting unit is the initiative's own unit (or inside it): that is not
    # "applied elsewhere" and the indicator "applied" leaves it out.
    is_elsewhere = models.BooleanField(_("by another unit"), default=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-adopted_on", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["initiative", "unit"], name="initiative_adoption_once",
            violation_error_message=_("This unit has already recorded applying this "
                                      "initiative."))]

    def __str__(self) -> str:
        return f"{self.unit} – {self.initiative}"


class MeasuredBenefit(BaseModel):
    """The benefit read from the records: an indicator (optionally per another, e.g. fuel per
    100 km) for a unit, and optionally one equipment type, before and after the initiative."""

    initiative = models.OneToOneField(Initiative, models.CASCADE, related_name="measured",
                                      verbose_name=_("initiative"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    equipment_type = models.ForeignKey(EquipmentType, models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("equipment type"))
    indicator_code = models.CharField(_("indicator"), max_length=100)
    per_code = models.CharField(_("per indicator"), max_length=100, blank=True)
    per_scale = models.PositiveIntegerField(_("per how many"), default=100)
    before_start = models.DateField(_("before: from"))
    before_end = models.DateField(_("before: to"))
    after_start = models.DateField(_("after: from"))
    after_end = models.DateField(_("after: to"))

    objects = RelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("measured benefit")
        verbose_name_plural = _("measured benefits")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.indicator_code}"
