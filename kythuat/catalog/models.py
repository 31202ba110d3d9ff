import datetime as dt
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class Branch(BaseModel):
    """Technical branch (chuyên ngành): quân khí, xe-máy, tăng-thiết giáp, thông tin …"""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("technical branch")
        verbose_name_plural = _("technical branches")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Tracking(models.TextChoices):
    SERIAL = "serial", _("by serial number")
    LOT = "lot", _("by lot")
    BULK = "bulk", _("by quantity")


class EquipmentTypeQuerySet(UnitScopedQuerySet):
    unit_lookup = "owner_unit"

    def seen_from(self, unit: Unit) -> Self:
        """Army-wide types, plus those defined by the unit, its ancestors or below it."""
        return self.filter(owner_unit__isnull=True) | self.within_lineage(unit)

    def active(self) -> Self:
        return self.filter(is_active=True)


class EquipmentType(BaseModel):
    """A kind of weapon or equipment: "Súng tiểu liên AK-47", "Xe ô tô URAL-375" …"""

    symbol = models.CharField(_("symbol"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    branch = models.ForeignKey(Branch, models.PROTECT, related_name="types",
                               verbose_name=_("technical branch"))
    uom = models.CharField(_("unit of measure"), max_length=20)
    origin = models.CharField(_("country of origin"), max_length=60, blank=True)
    tracking = models.CharField(_("tracking"), max_length=10, choices=Tracking.choices,
                                default=Tracking.SERIAL)
    owner_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("defined by unit"),
        help_text=_("Empty for army-wide types; a unit may add types used only in its subtree."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = EquipmentTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")
        ordering = ["branch__order", "name"]
        indexes = [models.Index(fields=["branch", "name"], name="type_branch_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:type-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.symbol} {self.name} {self.origin}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_serial(self) -> bool:
        return self.tracking == Tracking.SERIAL

    @property
    def is_lot(self) -> bool:
        return self.tracking == Tracking.LOT


class DatedQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None) -> Self:
        day = day or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class DatedReference(BaseModel):
    """Reference data that changes with regulations: kept with its validity dates."""

    valid_from = models.DateField(_("valid from"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("The regulation or decision this wording comes from."))

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True


class GradeDefinition(DatedReference):
    """The wording of quality grade 1–5 (phân cấp chất lượng) for a period of time."""

    level = models.PositiveSmallIntegerField(
        _("grade"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_serviceable = models.BooleanField(
        _("counts as serviceable"), default=False,
        help_text=_("Grades counted in the technical coefficient (by default grades 1 and 2)."),
    )

    class Meta:
        verbose_name = _("quality grade")
        verbose_name_plural = _("quality grades")
        ordering = ["level", "-valid_from"]

    def __str__(self) -> str:
        return self.name


class UsageGroup(DatedReference):
    """Usage group (nhóm sử dụng): SSCĐ, huấn luyện, dự trữ, thường xuyên."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_combat_ready = models.BooleanField(
        _("combat readiness group"), default=False,
        help_text=_("Holdings of this group count in the combat readiness (SSCĐ) indicator."),
    )

    class Meta:
        verbose_name = _("usage group")
        verbose_name_plural = _("usage groups")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Placement(DatedReference):
    """Where an item sits: in use, in the unit's depot, in a higher depot."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
