import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType, Placement, UsageGroup
from kythuat.core.models import BaseModel
from kythuat.core.text import fold, serial_key
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet, subtree_ids
from kythuat.storage.models import Facility

from .choices import HELD_STATUSES, ItemStatus, LotStatus, MovementKind, PeriodKind, ReceiptSource

GRADE_CHOICES = [(n, str(n)) for n in range(1, 6)]
QUANTITY = {"max_digits": 18, "decimal_places": 3}


class ItemQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"

    def held(self) -> "ItemQuerySet":
        return self.filter(status__in=HELD_STATUSES)


class Item(BaseModel):
    """One serial-tracked piece of equipment: a rifle, a truck, a radio set.

    Its unit, facility, grade, usage group and status change only by posting documents.
    """

    # No index of its own: (type, search_text) and (type, unit) serve type lookups, and
    # SQLite without statistics would pick a type-only index for the serial check.
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="items",
                             verbose_name=_("equipment type"), db_index=False)
    serial = models.CharField(_("serial number"), max_length=60)
    manufactured_year = models.PositiveSmallIntegerField(_("year of manufacture"), null=True,
                                                         blank=True)
    origin = models.CharField(_("country of origin"), max_length=60, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="items",
                             verbose_name=_("holding unit"))
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="items", verbose_name=_("facility"))
    grade = models.PositiveSmallIntegerField(_("quality grade"), choices=GRADE_CHOICES)
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="items",
                                    verbose_name=_("usage group"))
    placement = models.ForeignKey(Placement, models.PROTECT, null=True, blank=True,
                                  related_name="items", verbose_name=_("placement"))
    is_complete = models.BooleanField(_("complete set"), default=True)
    missing_parts = models.CharField(_("missing parts"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices,
                              default=ItemStatus.IN_SERVICE)
    note = models.TextField(_("note"), blank=True)
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "serial"], condition=~Q(status=ItemStatus.VOID),
                name="item_serial_unique_per_type",
                violation_error_message=_("This serial number is already registered for this "
                                          "equipment type."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "id"], name="item_unit_status_idx"),
            models.Index(fields=["type", "unit"], name="item_type_unit_idx"),
            models.Index(fields=["type", "search_text"], name="item_type_serial_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type.name} — {self.serial}"

    def get_absolute_url(self) -> str:
        return reverse("holdings:item-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = serial_key(self.serial)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class LotQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LotQuerySet":
        """Lots held now or ever by a unit of the user's subtree (every holding leaves a
        balance row, kept at zero when emptied)."""
        if user.is_superuser:
            return self
        if not user.is_authenticated or user.unit_id is None:
            return self.none()
        return self.within(user.unit)

    def within(self, unit: Unit) -> "LotQuerySet":
        # Distinct: PostgreSQL then reads the subtree's lot balances from their partial index
        # (balance_unit_lot_idx, a few per unit) and hashes them, instead of walking every lot
        # balance of the army in lot order and checking its unit.
        return self.filter(
            pk__in=Balance.objects.filter(unit__in=subtree_ids(unit), lot__isnull=False)
            .values("lot_id").distinct()
        )


class Lot(BaseModel):
    """A production lot (ammunition, fuzes, charges, spare parts) of one equipment type."""

    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="lots",
                             verbose_name=_("equipment type"))
    lot_number = models.CharField(_("lot number"), max_length=60)
    manufacturer = models.CharField(_("manufacturer"), max_length=150, blank=True)
    manufactured_year = models.PositiveSmallIntegerField(_("year of manufacture"), null=True,
                                                         blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LotStatus.choices,
                              default=LotStatus.NORMAL)
    search_text = models.CharField(max_length=200, blank=True, editable=False)

    objects = LotQuerySet.as_manager()

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["type", "lot_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "lot_number"], name="lot_number_unique_per_type",
                violation_error_message=_("This lot number already exists for this type."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.type.name} — {_('lot')} {self.lot_number}"

    def get_absolute_url(self) -> str:
        return reverse("holdings:lot-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.lot_number} {self.manufacturer}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class MovementQuerySet(UnitScopedQuerySet):
    unit_lookup = ("from_unit", "to_unit")


class Movement(BaseModel):
    """A document (phiếu) that changes the books: drafted, then posted; never edited after."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        POSTED = "posted", _("posted")

    number = models.CharField(_("document number"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    effective_date = models.DateField(_("effective date"))
    from_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True,
                                  related_name="movements_out", verbose_name=_("from unit"))
    to_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True,
                                related_name="movements_in", verbose_name=_("to unit"))
    from_facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("from facility"))
    to_facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("to facility"))
    source = models.CharField(_("source"), max_length=20, choices=ReceiptSource.choices,
                              blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True,
                                    help_text=_("Number and date of the order or decision."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("author"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("approved by"))
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    reverses = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                    related_name="reversal", verbose_name=_("reverses"))
    # An officer may send a draft back to its clerk with a comment instead of posting it.
    returned_comment = models.TextField(_("comment on return"), blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("returned by"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-effective_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""),
                                    name="movement_number_unique"),
        ]
        indexes = [
            models.Index(fields=["from_unit", "effective_date"], name="movement_from_idx"),
            models.Index(fields=["to_unit", "effective_date"], name="movement_to_idx"),
            models.Index(fields=["status", "effective_date"], name="movement_status_idx"),
            # The list's order: a page of a subtree walks it and stops after its rows.
            models.Index(fields=["effective_date", "id"], name="movement_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or _('(draft)')}"

    def get_absolute_url(self) -> str:
        return reverse("holdings:movement-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_returned(self) -> bool:
        """A draft an officer sent back to its clerk, not changed since."""
        return self.status == self.Status.DRAFT and self.returned_at is not None

    @property
    def owner_unit(self) -> Unit | None:
        """The unit whose book the document belongs to: the sender, else the receiver."""
        return self.from_unit or self.to_unit


class MovementLine(models.Model):
    """One line of a document: an item, a lot quantity or a bulk quantity of a type."""

    movement = models.ForeignKey(Movement, models.CASCADE, related_name="lines",
                                 verbose_name=_("document"))
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+",
                             verbose_name=_("equipment type"))
    item = models.ForeignKey(Item, models.PROTECT, null=True, blank=True, related_name="lines",
                             verbose_name=_("item"))
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="lines",
                            verbose_name=_("lot"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    grade = models.PositiveSmallIntegerField(_("quality grade"), choices=GRADE_CHOICES)
    grade_to = models.PositiveSmallIntegerField(_("new grade"), choices=GRADE_CHOICES,
                                                null=True, blank=True)
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    verbose_name=_("usage group"))
    usage_group_to = models.ForeignKey(UsageGroup, models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("new usage group"))
    # For receipts of new serial items or new lots: what posting registers.
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    manufactured_year = models.PositiveSmallIntegerField(_("year of manufacture"), null=True,
                                                         blank=True)
    lot_number = models.CharField(_("lot number"), max_length=60, blank=True)
    lot_expiry = models.DateField(_("expiry date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document line")
        verbose_name_plural = _("document lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_positive",
                                   violation_error_message=_("Quantity must be greater than 0.")),
        ]

    def __str__(self) -> str:
        return f"{self.type} × {self.quantity}"


class LedgerEntryQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class LedgerEntry(models.Model):
    """One signed change of one balance, written only by the posting service."""

    class Direction(models.IntegerChoices):
        IN = 1, _("increase")
        OUT = -1, _("decrease")

    movement = models.ForeignKey(Movement, models.PROTECT, related_name="entries")
    line = models.ForeignKey(MovementLine, models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=MovementKind.choices)
    # A reversal keeps the direction of the entry it cancels and negates the quantity, so a
    # reversed receipt nets to zero under "receipts" in the period report.
    direction = models.SmallIntegerField(choices=Direction.choices)
    effective_date = models.DateField()
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="+")
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="+")
    item = models.ForeignKey(Item, models.PROTECT, null=True, blank=True, related_name="entries")
    grade = models.PositiveSmallIntegerField(choices=GRADE_CHOICES)
    # No index of its own: a group holds a quarter of the rows, and SQLite would take it
    # over the covering (unit …, usage group, quantity) index.
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    db_index=False)
    quantity = models.DecimalField(**QUANTITY)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["effective_date", "id"]
        indexes = [
            models.Index(fields=["unit", "effective_date"], name="ledger_unit_date_idx"),
            models.Index(fields=["item", "effective_date"], name="ledger_item_date_idx"),
            models.Index(fields=["effective_date"], name="ledger_date_idx"),
            # Covers the as-at read: the ledger of a subtree between two dates, by type and grade.
            # Usage group too: combat readiness reads the SSCĐ group from the index alone.
            models.Index(fields=["unit", "effective_date", "type", "grade", "usage_group",
                                 "quantity"], name="ledger_cover_usage_idx"),
        ]

    def __str__(self) -> str:
        # Read on the records page behind a figure: the document, the type and the serial.
        serial = f" ({self.item.serial})" if self.item_id else ""
        return gettext("%(document)s: %(type)s%(serial)s, grade %(grade)s") % {
            "document": self.movement, "type": self.type.name, "serial": serial,
            "grade": self.grade}


def balance_key(unit_id, facility_id, type_id, lot_id, grade, usage_group_id) -> str:
    """One text key per balance, so NULL facility or lot still makes one unique row."""
    return f"{unit_id}:{facility_id or 0}:{type_id}:{lot_id or 0}:{grade}:{usage_group_id}"


class BalanceQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class Balance(models.Model):
    """Cached on-hand quantity per (unit, facility, type, lot, grade, usage group).

    Always equal to the sum of the ledger for its key; only the posting service writes it.
    """

    key = models.CharField(max_length=120, unique=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="balances")
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="balances")
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="balances")
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="balances")
    grade = models.PositiveSmallIntegerField(choices=GRADE_CHOICES)
    # No index of its own: a group holds a quarter of the rows, and SQLite would take it
    # over the covering (unit …, usage group, quantity) index.
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    db_index=False)
    quantity = models.DecimalField(default=0, **QUANTITY)

    objects = BalanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        indexes = [
            models.Index(fields=["unit", "type"], name="balance_unit_type_idx"),
            # Roll-ups read only what is on hand; emptied balances stay as zero rows.
            models.Index(fields=["unit", "type", "grade", "usage_group", "quantity"],
                         condition=Q(quantity__gt=0), name="balance_on_hand_usage_idx"),
            models.Index(fields=["type", "grade", "usage_group", "quantity"],
                         condition=Q(quantity__gt=0), name="balance_army_usage_idx"),
            # The lots a subtree holds or held (`Lot.visible_to`) and holds now (ammunition
            # alerts), read from the index alone instead of every balance of the subtree.
            models.Index(fields=["unit", "lot", "quantity"], condition=Q(lot__isnull=False),
                         name="balance_unit_lot_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="balance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.quantity}"


class PeriodClose(models.Model):
    """A closed quarter or year (khóa sổ) for a unit subtree; its closing balances are kept."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="period_closes",
                             verbose_name=_("unit"))
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("period closing")
        verbose_name_plural = _("period closings")
        ordering = ["-period_end", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_end"], name="close_unique_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(self.period_end.year)
        quarter = (self.period_end.month - 1) // 3 + 1
        return f"Q{quarter}/{self.period_end.year}"


class BalanceSnapshot(models.Model):
    """A balance as at the end of a closed period."""

    close = models.ForeignKey(PeriodClose, models.CASCADE, related_name="snapshots")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="+")
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="+")
    grade = models.PositiveSmallIntegerField(choices=GRADE_CHOICES)
    # No index of its own: a group holds a quarter of the rows, and SQLite would take it
    # over the covering (unit …, usage group, quantity) index.
    usage_group = models.ForeignKey(UsageGroup, models.PROTECT, related_name="+",
                                    db_index=False)
    quantity = models.DecimalField(**QUANTITY)

    class Meta:
        indexes = [models.Index(fields=["close", "unit", "type", "grade", "usage_group",
                                        "quantity"], name="snapshot_close_usage_idx")]

    def __str__(self) -> str:
        return f"{self.close_id}: {self.quantity}"


class AuthorizedStrengthQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class AuthorizedStrength(BaseModel):
    """Biên chế: how many of a type a unit is authorised to hold, from a date."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="authorized_strengths",
                             verbose_name=_("unit"))
    type = models.ForeignKey(EquipmentType, models.PROTECT, related_name="+",
                             verbose_name=_("equipment type"))
    quantity = models.DecimalField(_("authorised quantity"), **QUANTITY)
    valid_from = models.DateField(_("valid from"), default=dt.date(2000, 1, 1))
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)

    objects = AuthorizedStrengthQuerySet.as_manager()

    class Meta:
        verbose_name = _("authorised strength")
        verbose_name_plural = _("authorised strengths")
        ordering = ["unit__path", "type__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "type", "valid_from"],
                                    name="strength_unique_per_date"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="strength_not_negative",
                                   violation_error_message=_("Quantity cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.type}: {self.quantity}"


class DocumentCounter(models.Model):
    """The last number given to a kind of document in a year."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
