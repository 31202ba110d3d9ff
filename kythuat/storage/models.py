from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class FacilityKind(BaseModel):
    """Kho, trạm, xưởng, nhà máy, tủ súng, nhà xe: editable reference data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("facility kind")
        verbose_name_plural = _("facility kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FacilityQuerySet(UnitScopedQuerySet):
    unit_lookup = "owner_unit"


class Facility(BaseModel):
    """A place where holdings are kept or worked on, owned by one unit."""

    class Status(models.TextChoices):
        IN_USE = "in_use", _("in use")
        BUILDING = "building", _("being built")
        DECOMMISSIONED = "decommissioned", _("decommissioned")

    owner_unit = models.ForeignKey(Unit, models.PROTECT, related_name="facilities",
                                   verbose_name=_("owner unit"))
    kind = models.ForeignKey(FacilityKind, models.PROTECT, related_name="facilities",
                             verbose_name=_("kind"))
    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.IN_USE)
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["owner_unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("storage:facility-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name} {self.location}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
