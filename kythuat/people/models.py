"""The people the technical work names (DOMAIN §6): technical officers, QNCN, defence workers
(CNQP), defence civil servants and soldiers with a technical duty. A person belongs to a unit
through dated assignments (moved by an order, never overwritten); `Person.unit` is the unit of
the open assignment, kept by the services, so scoping is one indexed match like everywhere.

A person's skill level in a trade is a dated record with its evidence; the levels of one trade
never overlap in time. Categories and trades (with their ladder size, NĐ 83/2016, TT 41/2017)
are editable reference data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class PersonCategory(BaseModel):
    """Sĩ quan, QNCN, CNQP, công chức quốc phòng, hạ sĩ quan – binh sĩ: reference data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("staff category")
        verbose_name_plural = _("staff categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Trade(BaseModel):
    """A trade (nghề) with the size of its skill ladder (2 to 7 levels). The lower half of the
    ladder is the low band, the upper half the high band."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    ladder_size = models.PositiveSmallIntegerField(_("number of levels"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ladder_size__gte=2, ladder_size__lte=7),
                name="trade_ladder_2_to_7",
                violation_error_message=_("A trade has from 2 to 7 skill levels.")),
        ]

    def __str__(self) -> str:
        return self.name

    def band(self, level: int) -> str:
        """"low" for the lower half of the ladder, "high" for the upper half."""
        return "high" if level > self.ladder_size // 2 else "low"


class PersonQuerySet(UnitScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Person(BaseModel):
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="people",
                             verbose_name=_("unit"))
    full_name = models.CharField(_("full name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    category = models.ForeignKey(PersonCategory, models.PROTECT, related_name="people",
                                 verbose_name=_("category"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="person", verbose_name=_("login"))
    is_active = models.BooleanField(_("serving"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__path", "full_name"]
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self) -> str:
        return f"{self.rank} {self.full_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("people:person-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.full_name} {self.rank} {self.position}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class HeldByPersonQuerySet(UnitScopedQuerySet):
    """Rows of a person are seen where the person is seen (the person's current unit)."""

    unit_lookup = "person__unit"


class Assignment(BaseModel):
    """A person in a unit and position from a date, by an order; the open one is current."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="assignments",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    position = models.CharField(_("position"), max_length=150, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    order_number = models.CharField(_("order number"), max_length=60, blank=True)

    objects = HeldByPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["person", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
                violation_error_message=_("An assignment cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit}"


class SkillLevel(BaseModel):
    """A person's level in a trade from a date, with its evidence (the exam or decision that
    granted it); the next level closes it (`ended_on`), so the history is kept."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="skill_levels",
                               verbose_name=_("person"))
    trade = models.ForeignKey(Trade, models.PROTECT, related_name="skill_levels",
                              verbose_name=_("trade"))
    level = models.PositiveSmallIntegerField(_("level"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=200,
                                help_text=_("The decision or exam that granted the level."))

    objects = HeldByPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        ordering = ["person", "trade", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=7), name="skill_level_1_to_7",
                violation_error_message=_("A skill level is from 1 to 7.")),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="skill_level_ends_after_start",
                violation_error_message=_("A skill level cannot end before it starts.")),
            models.UniqueConstraint(
                fields=["person", "trade"], condition=Q(ended_on__isnull=True),
                name="skill_level_one_open_per_trade",
                violation_error_message=_("The person already holds a current level in this "
                                          "trade.")),
        ]

    def __str__(self) -> str:
        return f"{self.trade} {self.level}/{self.trade.ladder_size}"
