"""Reviews (sơ kết, tổng kết): a unit reviews the directives it carries out over a period, with
a steering committee, a plan that asks its subordinate units for their reports by a deadline,
and a central report whose every figure is an indicator value kept with the records behind it.

A report belongs to (review, unit): the reviewing unit's report is the central report, the
reports of the units named in the plan are their submissions. Figures are computed live while
the report is a draft and frozen, with their fingerprint, when it is issued."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.directives.models import Directive
from kythuat.documents.models import IssuedNumber, Issuer
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet, subtree_ids


class ReviewKind(BaseModel):
    """Quarterly, six-month, annual, sơ kết N năm, tổng kết N năm: editable reference data."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    months = models.PositiveSmallIntegerField(_("usual length in months"), null=True,
                                              blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("review kind")
        verbose_name_plural = _("review kinds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ReviewQuerySet(UnitScopedQuerySet):
    """A review is seen by the reviewing unit's subtree (and the units above it, as any record)
    and, read-only, by the units named in its plan and the units above them: they must make
    their own report for it. Who may change it is decided by the services (draft rights on the
    reviewing unit)."""

    unit_lookup = "unit"

    def seen_from(self, unit: Unit) -> "ReviewQuerySet":
        return self.within_or_planned(unit)

    def within_or_planned(self, unit: Unit) -> "ReviewQuerySet":
        """Reviews of `unit`'s subtree and reviews whose plan names a unit of that subtree."""
        subtree = subtree_ids(unit)
        planned = PlanEntry.objects.filter(unit__in=subtree).values("review_id")
        return self.filter(Q(unit__in=subtree) | Q(pk__in=planned))


class Review(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        COLLECTING = "collecting", _("collecting reports")
        DRAFTING = "drafting", _("drafting the central report")
        ISSUED = "issued", pgettext_lazy("review", "report issued")
        HELD = "held", _("conference held")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="reviews",
                             verbose_name=_("reviewing unit"))
    kind = models.ForeignKey(ReviewKind, models.PROTECT, related_name="reviews",
                             verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=300)
    directives = models.ManyToManyField(Directive, blank=True, related_name="reviews",
                                        verbose_name=_("directives reviewed"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    conference_date = models.DateField(_("conference date"), null=True, blank=True)
    conference_place = models.CharField(_("conference place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("created by"))
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-period_end", "unit__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="review_period_ordered",
                violation_error_message=_("The period ends before it starts; choose an end "
                                          "date on or after the start date.")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:review-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(self.title)[:400]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class CommitteeMemberQuerySet(models.QuerySet):
    """The committee of a review is seen with the review."""

    def visible_to(self, user) -> "CommitteeMemberQuerySet":
        if user.is_superuser:
            return self
        return self.filter(review__in=Review.objects.visible_to(user).values("pk"))


class CommitteeMember(BaseModel):
    """A member of the steering committee (Ban chỉ đạo) or of its secretariat (tổ giúp việc)."""

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("steering committee")
        SECRETARIAT = "secretariat", _("secretariat")

    review = models.ForeignKey(Review, models.CASCADE, related_name="members",
                               verbose_name=_("review"))
    body = models.CharField(_("body"), max_length=12, choices=Body.choices,
                            default=Body.COMMITTEE)
    name = models.CharField(_("full name"), max_length=100)
    rank = models.CharField(_("rank"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=80)  # Trưởng ban, Phó Trưởng ban, Thành viên
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["review", "body", "order", "pk"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.rank, self.name) if part)


class PlanEntryQuerySet(UnitScopedQuerySet):
    """The plan of a review is seen with the review (by the reviewing unit's subtree and by
    every unit the plan names)."""

    unit_lookup = "unit"

    def visible_to(self, user) -> "PlanEntryQuerySet":
        if user.is_superuser:
            return self
        return self.filter(review__in=Review.objects.visible_to(user).values("pk"))


class PlanEntry(BaseModel):
    """A subordinate unit asked by the plan for its own report by a deadline."""

    review = models.ForeignKey(Review, models.CASCADE, related_name="plan_entries",
                               verbose_name=_("review"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="review_plan_entries",
                             verbose_name=_("reporting unit"))
    deadline = models.DateField(_("report due by"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = PlanEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ["review", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["review", "unit"], name="review_plan_unit_once",
                                    violation_error_message=_(
                                        "This unit is already in the plan of this review.")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.deadline:%d/%m/%Y}"


class ReportQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"

    def seen_from(self, unit: Unit) -> "ReportQuerySet":
        """A report is seen where its unit is seen (the unit and the units above it), drafts
        included; an issued central report is also read down the reviewing unit's subtree
        (the results the units below are told). A unit of the plan never reads another
        plan unit's report: a submission goes up, not sideways."""
        from kythuat.org.querysets import ancestor_paths

        reviewing = Unit.objects.filter(path__in=ancestor_paths(unit.path)).values("pk")
        return self.filter(Q(unit__in=subtree_ids(unit))
                           | Q(status="issued", unit=F("review__unit"),
                               review__unit__in=reviewing))


class Report(BaseModel):
    """A unit's report for a review: the central report when the unit is the reviewing unit,
    a submission when it is a unit of the plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", pgettext_lazy("report", "issued")

    review = models.ForeignKey(Review, models.PROTECT, related_name="reports",
                               verbose_name=_("review"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="review_reports",
                             verbose_name=_("unit"))
    issuer = models.ForeignKey(Issuer, models.PROTECT, null=True, blank=True,
                               related_name="review_reports", verbose_name=_("issuer"))
    title = models.CharField(_("subject line"), max_length=500)
    place = models.CharField(_("place"), max_length=100, blank=True)
    signer_prefix = models.CharField(_("signing authority"), max_length=10, blank=True)
    signer_office = models.CharField(_("signing office"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)  # one per line
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    number = models.OneToOneField(IssuedNumber, models.PROTECT, null=True, blank=True,
                                  related_name="review_report",
                                  verbose_name=_("number and symbol"))
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("issued by"))
    issued_file = models.FileField(_("issued document"), upload_to="reviews/%Y/", blank=True)
    # Missing submissions stated in the report when it was issued (one unit per line).
    missing_note = models.TextField(_("reports missing at issue"), blank=True)
    # Indicator codes of the table by subordinate unit (empty: the default list).
    table_indicators = models.JSONField(_("indicators of the table by subordinate unit"),
                                        default=list, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["review", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["review", "unit"], name="review_report_once",
                                    violation_error_message=_(
                                        "This unit already has a report for this review.")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:report-detail", args=[self.pk])

    @property
    def is_central(self) -> bool:
        return self.unit_id == self.review.unit_id


class Section(BaseModel):
    """A section of a report's narrative. The text may hold figure tokens "{{F12}}" that stand
    for the report's Figure 12: figures are inserted, never typed."""

    class Part(models.TextChoices):
        SITUATION = "situation", _("Situation (favourable and difficult conditions)")
        LEADERSHIP = "leadership", _("Leadership, direction and dissemination")
        RESULTS = "results", _("Results by target and task")
        SHORTCOMINGS = "shortcomings", _("Shortcomings, weaknesses and causes")
        LESSONS = "lessons", _("Lessons learnt")
        DIRECTIONS = "directions", _("Directions, tasks and solutions")
        PROPOSALS = "proposals", _("Proposals and recommendations")

    report = models.ForeignKey(Report, models.CASCADE, related_name="sections",
                               verbose_name=_("report"))
    part = models.CharField(_("part"), max_length=15, choices=Part.choices)
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "part"], name="review_section_once",
                                    violation_error_message=_(
                                        "This report already has this section.")),
        ]

    def __str__(self) -> str:
        return self.get_part_display()


class Figure(BaseModel):
    """An indicator value for (unit, period) placed in a report: live while the report is a
    draft, frozen with the fingerprint of its records when the report is issued."""

    class View(models.TextChoices):
        AS_WAS = "as_was", _("the organisation as it was")
        AS_IS = "as_is", _("the organisation as it is")

    class Source(models.TextChoices):
        INSERTED = "inserted", _("inserted by the officer")
        TARGET = "target", _("actual of a target")
        SUBORDINATE = "subordinate", _("table by subordinate unit")

    report = models.ForeignKey(Report, models.CASCADE, related_name="figures",
                               verbose_name=_("report"))
    # Figures of the automatic tables are made by the report itself (one per target, one per
    # cell of the table by subordinate unit), so they freeze and trace like inserted ones.
    source = models.CharField(_("source"), max_length=12, choices=Source.choices,
                              default=Source.INSERTED)
    target = models.ForeignKey("targets.Target", models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("target"))
    label = models.CharField(_("label"), max_length=300, blank=True)
    indicator_code = models.CharField(_("indicator"), max_length=100)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    view = models.CharField(_("organisation view"), max_length=6, choices=View.choices,
                            default=View.AS_WAS)
    # The frozen value (and a ratio's parts); None while the report is a draft or when a
    # ratio has nothing to divide by.
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4, null=True,
                                blank=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, blank=True)
    record_count = models.PositiveIntegerField(_("records"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint of the records"), max_length=64, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    frozen = models.BooleanField(_("frozen"), default=False)

    class Meta:
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        ordering = ["report", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="review_figure_period",
                violation_error_message=_("The period ends before it starts; choose an end "
                                          "date on or after the start date.")),
        ]

    def __str__(self) -> str:
        return self.label or self.indicator_code

    @property
    def token(self) -> str:
        return f"{{{{F{self.pk}}}}}"
