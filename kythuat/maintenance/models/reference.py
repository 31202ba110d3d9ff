"""Reference data of maintenance (kinds, repair levels, meters), the technical calendar and
the maintenance plan of each equipment type."""

import calendar
import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType
from kythuat.core.models import BaseModel
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import UnitScopedQuerySet
from kythuat.storage.models import FacilityKind

MONEY = {"max_digits": 16, "decimal_places": 0}
HOURS = {"max_digits": 9, "decimal_places": 1}
METER = {"max_digits": 14, "decimal_places": 1}


# Reference data -----------------------------------------------------------------------------


class MaintenanceKind(BaseModel):
    """Bảo quản, bảo dưỡng cấp 1, bảo dưỡng cấp 2, niêm cất, kiểm tra …: editable."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    covers = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="covered_by",
        verbose_name=_("also counts as"),
        help_text=_("Kinds of maintenance that this one includes: closing a work order of this "
                    "kind also records them as done (bảo dưỡng cấp 2 includes cấp 1)."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("maintenance kind")
        verbose_name_plural = _("maintenance kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RepairLevel(BaseModel):
    """Sửa chữa nhỏ / vừa / lớn, and which echelon may do each (phân cấp sửa chữa)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    allowed_facility_kinds = models.ManyToManyField(
        FacilityKind, blank=True, related_name="+", verbose_name=_("facility kinds allowed"),
        help_text=_("Kinds of facility that may do this level of repair; empty means any."),
    )
    allowed_unit_kinds = models.ManyToManyField(
        UnitKind, blank=True, related_name="+", verbose_name=_("echelons allowed"),
        help_text=_("Kinds of the unit owning the facility (its echelon) that may do this level "
                    "of repair; empty means any."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("repair level")
        verbose_name_plural = _("repair levels")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MeterKind(BaseModel):
    """Km, motor-hours, rounds fired: with the limits that make a reading impossible."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    uom = models.CharField(_("unit of measure"), max_length=20)
    max_per_day = models.DecimalField(
        _("largest increase per day"), **METER,
        help_text=_("A reading that grows faster than this since the previous one is refused "
                    "as impossible."),
    )
    max_value = models.DecimalField(_("largest reading"), **METER)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("meter kind")
        verbose_name_plural = _("meter kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# Technical calendar -------------------------------------------------------------------------


class Frequency(models.TextChoices):
    DAILY = "daily", _("every day")
    WEEKLY = "weekly", _("every week")
    MONTHLY = "monthly", _("every month")


WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]


class CalendarEntryQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class CalendarEntry(BaseModel):
    """One recurring activity of a unit's technical calendar (ngày kỹ thuật, giờ kỹ thuật)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="technical_days",
                             verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=150)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=WEEKDAYS, null=True,
                                               blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True,
        help_text=_("1–31; in a shorter month the activity falls on its last day."),
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    content = models.TextField(_("what is done"), blank=True)
    applies_below = models.BooleanField(
        _("applies to subordinate units"), default=True,
        help_text=_("Shown on the calendar of every unit below this one."),
    )
    valid_from = models.DateField(_("valid from"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = CalendarEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("technical calendar entry")
        verbose_name_plural = _("technical calendar entries")
        ordering = ["unit__path", "frequency", "name"]

    def __str__(self) -> str:
        return f"{self.name} — {self.unit}"

    def occurs_on(self, day: dt.date) -> bool:
        if day < self.valid_from or (self.valid_to and day > self.valid_to):
            return False
        if self.frequency == Frequency.DAILY:
            return True
        if self.frequency == Frequency.WEEKLY:
            return day.weekday() == self.weekday
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(self.day_of_month or 1, last)

    def next_dates(self, start: dt.date, count: int = 5, horizon_days: int = 400) -> list:
        """The next `count` days from `start` (included) on which the activity falls."""
        found = []
        day = start
        for _step in range(horizon_days):
            if self.valid_to and day > self.valid_to:
                break
            if self.occurs_on(day):
                found.append(day)
                if len(found) == count:
                    break
            day += dt.timedelta(days=1)
        return found


# Plans and meters ---------------------------------------------------------------------------


class MaintenancePlan(BaseModel):
    """How often a kind of maintenance is due for an equipment type: by time and/or by meter,
    whichever comes first."""

    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="maintenance_plans",
                             verbose_name=_("equipment type"))
    kind = models.ForeignKey(MaintenanceKind, models.PROTECT, related_name="plans",
                             verbose_name=_("maintenance kind"))
    interval_months = models.PositiveSmallIntegerField(_("every … months"), null=True,
                                                       blank=True)
    interval_days = models.PositiveSmallIntegerField(_("every … days"), null=True, blank=True)
    meter_kind = models.ForeignKey(MeterKind, models.PROTECT, null=True, blank=True,
                                   related_name="plans", verbose_name=_("meter"))
    interval_meter = models.DecimalField(_("every … on the meter"), null=True, blank=True,
                                         **METER)
    is_active = models.BooleanField(_("in use"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        ordering = ["type__name", "kind__order"]
        constraints = [
            models.UniqueConstraint(fields=["type", "kind"], name="plan_unique_per_type_kind",
                                    violation_error_message=_(
                                        "This equipment type already has a plan of this kind.")),
        ]

    def __str__(self) -> str:
        return f"{self.type} — {self.kind}"

    @property
    def interval_text(self) -> str:
        from ..selectors import interval_text

        return interval_text(self)


class PlanDue(models.Model):
    """When a plan next falls due for one item: the date (from the last maintenance of the
    plan's kind, or from the item's registration) and, for a plan by meter, the meter total at
    which it falls due next to the meter's current total.

    Kept by the services that change it (`maintenance.services.due`): closing a maintenance
    work order, reading a meter, creating or changing a plan; items received after the last
    refresh are taken in before the due list reads. The due list and the alerts count these
    rows instead of computing every (item, plan) pair of the subtree.
    """

    item = models.ForeignKey("holdings.Item", models.CASCADE, related_name="+")
    plan = models.ForeignKey(MaintenancePlan, models.CASCADE, related_name="dues")
    last_done_on = models.DateField(null=True)
    base_date = models.DateField(null=True)
    due_on = models.DateField(null=True)  # None: a plan by meter only
    due_total = models.DecimalField(null=True, **METER)  # the meter total at which it is due
    meter_total = models.DecimalField(null=True, **METER)  # the meter's lifetime total now

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "plan"], name="plan_due_unique_item_plan"),
        ]
        # The due list's page: the earliest due dates first, read off the index.
        indexes = [models.Index(fields=["due_on", "item", "plan"], name="plan_due_date_idx")]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.plan_id}: {self.due_on}"


class PlanDueMark(models.Model):
    """One row: the newest item the stored next due has taken in (ids grow with each
    registration, so the items after it are the ones still to take in), and a version that
    every change of the stored rows moves."""

    last_item_id = models.BigIntegerField(default=0)
    # Moves on every change of the stored rows: counts of the due list are kept under it.
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last_item_id)
