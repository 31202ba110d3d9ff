"""Meters and their readings, work orders with their lines and parts, and the record of the
last maintenance done on each item (what the due list reads)."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kythuat.catalog.models import EquipmentType, UsageGroup
from kythuat.core.models import BaseModel
from kythuat.holdings.models import GRADE_CHOICES, QUANTITY, Item, Lot, Movement
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet
from kythuat.people.models import Person
from kythuat.storage.models import Facility

from .reference import HOURS, METER, MONEY, MaintenanceKind, MeterKind, RepairLevel


class MeterQuerySet(UnitScopedQuerySet):
    unit_lookup = "item__unit"


class Meter(BaseModel):
    """An item's odometer, motor-hour counter or rounds counter.

    `total` is the lifetime count: it keeps growing across a meter replacement, where the shown
    `value` starts again; the due list compares totals.
    """

    item = models.ForeignKey(Item, models.PROTECT, related_name="meters",
                             verbose_name=_("item"))
    kind = models.ForeignKey(MeterKind, models.PROTECT, related_name="meters",
                             verbose_name=_("meter kind"))
    value = models.DecimalField(_("reading"), **METER)
    total = models.DecimalField(_("lifetime total"), **METER)
    first_total = models.DecimalField(_("total at the first reading"), **METER)
    read_on = models.DateField(_("read on"))

    objects = MeterQuerySet.as_manager()

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["item", "kind__order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "kind"], name="meter_unique_per_item_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.kind}"


class MeterReadingQuerySet(UnitScopedQuerySet):
    unit_lookup = "meter__item__unit"


class MeterReading(models.Model):
    """One reading of a meter; a replacement starts the shown value again."""

    meter = models.ForeignKey(Meter, models.CASCADE, related_name="readings",
                              verbose_name=_("meter"))
    read_on = models.DateField(_("read on"))
    value = models.DecimalField(_("reading"), **METER)
    total = models.DecimalField(_("lifetime total"), **METER)
    is_replacement = models.BooleanField(_("meter replaced"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeterReadingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["meter", "read_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="reading_not_negative",
                                   violation_error_message=_("A reading cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.meter}: {self.value} ({self.read_on})"


# Work orders --------------------------------------------------------------------------------


class WorkOrderQuerySet(UnitScopedQuerySet):
    # The unit whose equipment it is, and the unit owning the facility that does the work.
    unit_lookup = ("unit", "facility__owner_unit")


class WorkOrder(BaseModel):
    """Phiếu công việc / lệnh sửa chữa: maintenance or repair of items or quantities."""

    class Category(models.TextChoices):
        MAINTENANCE = "maintenance", _("maintenance")
        REPAIR = "repair", _("repair")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("work order", "open")
        CLOSED = "closed", pgettext_lazy("work order", "closed")

    number = models.CharField(_("number"), max_length=40, unique=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="work_orders",
                             verbose_name=_("unit holding the equipment"))
    facility = models.ForeignKey(Facility, models.PROTECT, related_name="work_orders",
                                 verbose_name=_("facility doing the work"))
    category = models.CharField(_("work"), max_length=12, choices=Category.choices)
    maintenance_kind = models.ForeignKey(MaintenanceKind, models.PROTECT, null=True, blank=True,
                                         related_name="work_orders",
                                         verbose_name=_("maintenance kind"))
    repair_level = models.ForeignKey(RepairLevel, models.PROTECT, null=True, blank=True,
                                     related_name="work_orders", verbose_name=_("repair level"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description = models.TextField(_("work to do"), blank=True)
    labour_hours = models.DecimalField(_("labour hours"), default=0, **HOURS)
    cost = models.DecimalField(_("cost (VND)"), default=0, **MONEY)
    result = models.TextField(_("result"), blank=True)
    parts_facility = models.ForeignKey(
        Facility, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("parts taken from"),
        help_text=_("Where the facility's unit keeps the spare parts; empty when they are not "
                    "kept in a facility."),
    )
    consumption = models.ForeignKey(Movement, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("parts consumption"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("opened by"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+",
                                  verbose_name=pgettext_lazy("work order", "closed by"))
    technicians = models.ManyToManyField(Person, blank=True, related_name="work_orders",
                                         verbose_name=_("technicians"))

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "opened_on"], name="workorder_unit_idx"),
            models.Index(fields=["status", "closed_on"], name="workorder_closed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="workorder_closed_after_opened",
                violation_error_message=_("A work order cannot close before it was opened."),
            ),
            models.CheckConstraint(condition=Q(labour_hours__gte=0) & Q(cost__gte=0),
                                   name="workorder_not_negative",
                                   violation_error_message=_(
                                       "Labour hours and cost cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{_('Work order')} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("maintenance:work-order-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def work_label(self) -> str:
        level = self.repair_level if self.category == self.Category.REPAIR else None
        return str(level or self.maintenance_kind or self.get_category_display())


class WorkOrderLine(models.Model):
    """One item, or a quantity of a lot or bulk type, worked on; with its grade before and
    after."""

    work_order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="lines",
                                   verbose_name=_("work order"))
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+",
                             verbose_name=_("equipment type"))
    item = models.ForeignKey(Item, models.PROTECT, null=True, blank=True,
                             related_name="work_order_lines", verbose_name=_("item"))
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("lot"))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("kept in"))
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    verbose_name=_("usage group"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    grade_before = models.PositiveSmallIntegerField(_("grade before"), choices=GRADE_CHOICES)
    grade_after = models.PositiveSmallIntegerField(_("grade after"), choices=GRADE_CHOICES,
                                                   null=True, blank=True)
    grade_change = models.ForeignKey(Movement, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("grade change document"))

    class Meta:
        verbose_name = _("work order line")
        verbose_name_plural = _("work order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="wo_line_quantity_positive",
                                   violation_error_message=_("Quantity must be greater than 0.")),
        ]

    def __str__(self) -> str:
        return f"{self.type} × {self.quantity}"


class WorkOrderPart(models.Model):
    """A spare part (type, lot) consumed, posted with the closing as a consumption document."""

    work_order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="parts",
                                   verbose_name=_("work order"))
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+",
                             verbose_name=_("equipment type"))
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("lot"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    grade = models.PositiveSmallIntegerField(_("quality grade"), choices=GRADE_CHOICES)
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    verbose_name=_("usage group"))

    class Meta:
        verbose_name = _("part consumed")
        verbose_name_plural = _("parts consumed")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.type} × {self.quantity}"


class ServiceRecord(models.Model):
    """The last maintenance of a kind done on an item (what the due list starts from)."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="service_records")
    kind = models.ForeignKey(MaintenanceKind, models.PROTECT, related_name="+")
    done_on = models.DateField()
    work_order = models.ForeignKey(WorkOrder, models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "kind"], name="service_unique_item_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.kind_id}: {self.done_on}"


class ServiceMeter(models.Model):
    """A meter's lifetime total when the maintenance of a ServiceRecord was done."""

    record = models.ForeignKey(ServiceRecord, models.CASCADE, related_name="meters")
    meter = models.ForeignKey(Meter, models.CASCADE, related_name="+")
    total = models.DecimalField(**METER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "meter"], name="service_meter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}/{self.meter_id}: {self.total}"
