"""Ammunition lots: tests and sample inspections, isolation pending recall, shelf-life
extensions and disposal batches. The lot itself is `holdings.Lot`; these are its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.core.models import BaseModel
from kythuat.holdings.models import QUANTITY, Lot, Movement
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet
from kythuat.storage.models import Facility


class TestKind(BaseModel):
    """Kiểm tra định kỳ, thử nghiệm mẫu …: editable reference data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("kind of lot test")
        verbose_name_plural = _("kinds of lot test")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TestConclusion(BaseModel):
    """Đạt, không đạt, hạn chế sử dụng …: editable reference data with the outcome it means."""

    class Outcome(models.TextChoices):
        PASS = "pass", _("fit for use")
        RESTRICTED = "restricted", _("restricted use")
        FAIL = "fail", _("unfit")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices,
                               default=Outcome.PASS)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("test conclusion")
        verbose_name_plural = _("test conclusions")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RetestInterval(BaseModel):
    """How often the lots of a type (or of every lot-tracked type of a branch) are re-tested.

    A type's own row wins over its branch's row; a type row without months means that type is
    not re-tested (spare parts kept in a weapons branch, say). Lots of types covered by a row
    with months are the lots this app manages as ammunition.
    """

    branch = models.ForeignKey(Branch, models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("technical branch"))
    type = models.ForeignKey(EquipmentType, models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("equipment type"),
                             limit_choices_to={"tracking": Tracking.LOT})
    months = models.PositiveSmallIntegerField(
        _("re-test interval (months)"), null=True, blank=True,
        help_text=_("Leave empty for a type that is not re-tested."))
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("The regulation or instruction the interval comes "
                                          "from."))

    class Meta:
        verbose_name = _("re-test interval")
        verbose_name_plural = _("re-test intervals")
        ordering = ["branch__order", "type__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(branch__isnull=True) & Q(type__isnull=False))
                | (Q(branch__isnull=False) & Q(type__isnull=True)),
                name="retest_branch_or_type",
                violation_error_message=_("Choose either a branch or an equipment type."),
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=1),
                name="retest_months_positive",
                violation_error_message=_("The interval must be at least one month."),
            ),
            models.UniqueConstraint(fields=["branch"], condition=Q(branch__isnull=False),
                                    name="retest_unique_branch",
                                    violation_error_message=_("This branch already has an "
                                                              "interval.")),
            models.UniqueConstraint(fields=["type"], condition=Q(type__isnull=False),
                                    name="retest_unique_type",
                                    violation_error_message=_("This type already has an "
                                                              "interval.")),
        ]

    def __str__(self) -> str:
        target = self.type or self.branch
        return f"{target}: {self.months or '—'}"


class LotRecordQuerySet(models.QuerySet):
    """A record about a lot travels with the lot: whoever may see the lot (it is or was held
    in their subtree) sees its tests, isolations and extensions. The recording unit always
    holds or held the lot, so its own subtree sees the record too."""

    def visible_to(self, user) -> "LotRecordQuerySet":
        if user.is_superuser:
            return self
        if not user.is_authenticated or user.unit_id is None:
            return self.none()
        return self.within(user.unit)

    def within(self, unit: Unit) -> "LotRecordQuerySet":
        return self.filter(lot__in=Lot.objects.within(unit).values("pk"))


class LotTest(BaseModel):
    """A test or sample inspection of a lot (kiểm tra định kỳ, thử nghiệm mẫu …)."""

    lot = models.ForeignKey(Lot, models.PROTECT, related_name="tests", verbose_name=_("lot"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                             verbose_name=_("recording unit"))
    tested_on = models.DateField(_("test date"))
    kind = models.ForeignKey(TestKind, models.PROTECT, related_name="+",
                             verbose_name=_("kind of test"))
    samples_taken = models.PositiveIntegerField(_("samples taken"), default=0)
    samples_failed = models.PositiveIntegerField(_("samples failed"), default=0)
    results = models.TextField(_("results"), blank=True)
    conclusion = models.ForeignKey(TestConclusion, models.PROTECT, related_name="+",
                                   verbose_name=_("conclusion"))
    performed_by = models.CharField(_("performed by"), max_length=200, blank=True,
                                    help_text=_("The team or person who did the test."))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("testing facility"))
    note = models.TextField(_("note"), blank=True)

    objects = LotRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("lot test")
        verbose_name_plural = _("lot tests")
        ordering = ["-tested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(samples_failed__lte=models.F("samples_taken")),
                name="lot_test_failed_within_taken",
                violation_error_message=_("The failed samples cannot outnumber the samples "
                                          "taken."),
            ),
        ]
        indexes = [models.Index(fields=["lot", "tested_on"], name="lot_test_lot_date_idx"),
                   models.Index(fields=["unit", "tested_on"], name="lot_test_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.lot.lot_number} — {self.tested_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("ammunition:lot-detail", args=[self.lot_id])


class LotIsolation(BaseModel):
    """A lot put apart pending recall (cách ly chờ thu hồi), and its release."""

    lot = models.ForeignKey(Lot, models.PROTECT, related_name="isolations",
                            verbose_name=_("lot"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                             verbose_name=_("deciding unit"))
    decision_ref = models.CharField(_("decision"), max_length=200,
                                    help_text=_("Number and date of the order or decision."))
    reason = models.CharField(_("reason"), max_length=500)
    isolated_on = models.DateField(_("isolated on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_ref = models.CharField(_("release decision"), max_length=200, blank=True)
    release_note = models.CharField(_("release note"), max_length=500, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("released by"))

    objects = LotRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("lot isolation")
        verbose_name_plural = _("lot isolations")
        ordering = ["-isolated_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["lot"], condition=Q(released_on__isnull=True),
                                    name="isolation_one_open_per_lot",
                                    violation_error_message=_("This lot is already "
                                                              "isolated.")),
        ]

    def __str__(self) -> str:
        return f"{self.lot.lot_number} — {self.decision_ref}"

    def get_absolute_url(self) -> str:
        return reverse("ammunition:lot-detail", args=[self.lot_id])

    @property
    def is_open(self) -> bool:
        return self.released_on is None


class ShelfLifeExtension(BaseModel):
    """A decision extending a lot's shelf life (tăng hạn sử dụng); the latest one sets the
    lot's expiry date."""

    lot = models.ForeignKey(Lot, models.PROTECT, related_name="extensions",
                            verbose_name=_("lot"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                             verbose_name=_("deciding unit"))
    decision_ref = models.CharField(_("decision"), max_length=200,
                                    help_text=_("Number and date of the order or decision."))
    decided_on = models.DateField(_("decision date"))
    previous_expiry = models.DateField(_("previous expiry date"), null=True, blank=True)
    new_expiry = models.DateField(_("new expiry date"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = LotRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("shelf-life extension")
        verbose_name_plural = _("shelf-life extensions")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.lot.lot_number} → {self.new_expiry:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("ammunition:lot-detail", args=[self.lot_id])


class DisposalBatchQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class DisposalBatch(BaseModel):
    """Lots and quantities a decision sends to disposal (TT 126/2020/TT-BQP), carried out by
    write-off documents."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        DONE = "done", _("done")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True,
                                    help_text=_("Number and date of the order or decision."))
    decided_on = models.DateField(_("decision date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    note = models.TextField(_("note"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = DisposalBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("disposal batch")
        verbose_name_plural = _("disposal batches")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ammunition:batch-detail", args=[self.pk])


class DisposalLine(models.Model):
    batch = models.ForeignKey(DisposalBatch, models.CASCADE, related_name="lines",
                              verbose_name=_("disposal batch"))
    lot = models.ForeignKey(Lot, models.PROTECT, related_name="disposal_lines",
                            verbose_name=_("lot"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)

    class Meta:
        verbose_name = _("disposal line")
        verbose_name_plural = _("disposal lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "lot"], name="disposal_lot_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="disposal_quantity_positive",
                                   violation_error_message=_("Quantity must be greater than "
                                                             "0.")),
        ]

    def __str__(self) -> str:
        return f"{self.lot.lot_number} × {self.quantity}"


class DisposalWriteOff(models.Model):
    """A write-off document that carries out (part of) a disposal batch."""

    batch = models.ForeignKey(DisposalBatch, models.CASCADE, related_name="write_offs",
                              verbose_name=_("disposal batch"))
    movement = models.OneToOneField(Movement, models.PROTECT, related_name="disposal_link",
                                    verbose_name=_("write-off document"))

    class Meta:
        verbose_name = _("disposal write-off")
        verbose_name_plural = _("disposal write-offs")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.batch} — {self.movement}"
