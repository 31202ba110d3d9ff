"""Stocktakes (kiểm kê): a campaign over a unit subtree as at 0h of a date, its committee,
count sheets per unit and facility, and the counted lines."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.models import BaseModel
from kythuat.holdings.models import GRADE_CHOICES, QUANTITY, Item, Lot, Movement
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet
from kythuat.storage.models import Facility


class StocktakeQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class Stocktake(BaseModel):
    """A stocktake campaign of a unit and every unit below it."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("periodic (0h 1 January)")
        AD_HOC = "ad_hoc", _("ad hoc")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        COUNTING = "counting", _("counting")
        COUNTED = "counted", _("counted")
        APPROVED = "approved", _("approved")
        CANCELLED = "cancelled", _("cancelled")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="stocktakes",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.PERIODIC)
    # The books are counted as at 0h of this day, i.e. at the end of the day before.
    as_of = models.DateField(_("as at 0h of"))
    title = models.CharField(_("title"), max_length=300)
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True,
                                    help_text=_("Number and date of the decision that sets up "
                                                "the stocktake committee."))
    is_blind = models.BooleanField(_("blind count"), default=False,
                                   help_text=_("Count sheets do not show the booked "
                                               "quantities."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    note = models.TextField(_("note"), blank=True)
    conclusion = models.TextField(_("conclusion of the committee"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("author"))
    started_at = models.DateTimeField(_("counting started at"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counting finished at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    documents = models.ManyToManyField(Movement, blank=True, related_name="stocktakes",
                                       verbose_name=_("adjustment documents"))

    objects = StocktakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["status", "unit"], name="stocktake_status_unit_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stocktake:stocktake-detail", args=[self.pk])

    @property
    def book_day(self) -> dt.date:
        """The last day whose postings the count takes in (0h of `as_of`)."""
        return self.as_of - dt.timedelta(days=1)

    @property
    def is_open(self) -> bool:
        """Counting or counted but not yet approved: the books of the scope are frozen."""
        return self.status in OPEN_STATUSES


OPEN_STATUSES = (Stocktake.Status.COUNTING, Stocktake.Status.COUNTED)


class CommitteeMemberQuerySet(UnitScopedQuerySet):
    unit_lookup = "stocktake__unit"


class CommitteeMember(models.Model):
    """A member of the stocktake committee (ban kiểm kê)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary")

    stocktake = models.ForeignKey(Stocktake, models.CASCADE, related_name="members",
                                  verbose_name=_("stocktake"))
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("rank and position"), max_length=200, blank=True)
    role = models.CharField(_("role in the committee"), max_length=12, choices=Role.choices,
                            default=Role.MEMBER)
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["stocktake", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


ROLE_ORDER = {CommitteeMember.Role.CHAIR: 0, CommitteeMember.Role.VICE_CHAIR: 1,
              CommitteeMember.Role.MEMBER: 2, CommitteeMember.Role.SECRETARY: 3}


class CountSheetQuerySet(UnitScopedQuerySet):
    unit_lookup = "stocktake__unit"


class CountSheet(models.Model):
    """The count sheet of one unit (and one facility of it, or the unit's own holdings)."""

    stocktake = models.ForeignKey(Stocktake, models.CASCADE, related_name="sheets",
                                  verbose_name=_("stocktake"))
    number = models.PositiveIntegerField(_("sheet number"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("facility"))

    objects = CountSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("count sheet")
        verbose_name_plural = _("count sheets")
        ordering = ["stocktake", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "number"], name="sheet_number_unique"),
        ]

    def __str__(self) -> str:
        place = f"{self.unit.label} — {self.facility.name}" if self.facility else self.unit.label
        return f"{gettext('Sheet %(number)s') % {'number': self.number}}: {place}"

    def get_absolute_url(self) -> str:
        return reverse("stocktake:sheet-detail", args=[self.pk])


class CountLineQuerySet(UnitScopedQuerySet):
    unit_lookup = "sheet__stocktake__unit"


class CountLine(models.Model):
    """One booked balance (or one serial item) of a sheet and what the committee counted.

    `counted` is empty until counted. Of the counted quantity, `regraded` was re-assessed to
    `grade_found` during the count. Lines the book does not know (finds) are `is_unexpected`.
    """

    sheet = models.ForeignKey(CountSheet, models.CASCADE, related_name="lines",
                              verbose_name=_("count sheet"))
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+",
                             verbose_name=_("equipment type"))
    item = models.ForeignKey(Item, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("item"))
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("lot"))
    lot_number = models.CharField(_("lot number"), max_length=60, blank=True)
    grade = models.PositiveSmallIntegerField(_("quality grade"), choices=GRADE_CHOICES)
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    verbose_name=_("usage group"))
    booked = models.DecimalField(_("booked quantity"), default=0, **QUANTITY)
    counted = models.DecimalField(_("counted quantity"), null=True, blank=True, **QUANTITY)
    grade_found = models.PositiveSmallIntegerField(_("re-assessed grade"), null=True,
                                                   blank=True, choices=GRADE_CHOICES)
    regraded = models.DecimalField(_("re-assessed quantity"), default=0, **QUANTITY)
    is_unexpected = models.BooleanField(_("not in the book"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CountLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        ordering = ["sheet", "is_unexpected", "type__name", "serial", "grade", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(counted__isnull=True) | Q(counted__gte=0),
                                   name="count_line_counted_not_negative"),
            models.CheckConstraint(condition=Q(regraded__gte=0),
                                   name="count_line_regraded_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.serial or self.lot_label} {self.grade}"

    @property
    def lot_label(self) -> str:
        return self.lot.lot_number if self.lot_id else self.lot_number

    @property
    def surplus(self) -> Decimal:
        return max((self.counted or 0) - self.booked, Decimal(0)) if self.is_counted \
            else Decimal(0)

    @property
    def shortage(self) -> Decimal:
        return max(self.booked - (self.counted or 0), Decimal(0)) if self.is_counted \
            else Decimal(0)

    @property
    def is_counted(self) -> bool:
        return self.counted is not None

    @property
    def is_regraded(self) -> bool:
        return bool(self.grade_found and self.regraded and self.grade_found != self.grade)
