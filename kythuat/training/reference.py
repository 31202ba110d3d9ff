"""Reference lists of the contests (DOMAIN §6 marks them [U]): the level a contest is held at
(unit, division or province, military region, whole army) and the prizes it awards. Edited by
the system administrator on the reference screen; defaults come from a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel


class ContestLevel(BaseModel):
    """Cấp đơn vị, cấp sư đoàn/tỉnh, cấp quân khu, toàn quân: ordered upwards."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("contest level")
        verbose_name_plural = _("contest levels")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Prize(BaseModel):
    """Giải nhất, nhì, ba, khuyến khích: ordered from the highest."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
