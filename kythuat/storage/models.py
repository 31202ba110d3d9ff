"""Facilities (kho, trạm, xưởng, nhà máy, tủ súng, nhà xe) and their records: construction and
investment, inspections and storage-condition readings."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet

# Physically possible readings; anything outside is a typing error (DOMAIN §3: the limits of
# a facility are configurable, these bounds are not).
TEMPERATURE_RANGE = (Decimal(-50), Decimal(70))
HUMIDITY_RANGE = (Decimal(0), Decimal(100))
TEMPERATURE_FIELD = {"max_digits": 4, "decimal_places": 1}
FIRST_YEAR, LAST_YEAR = 1945, 2100


def _temperature(label, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, null=True, blank=True, **TEMPERATURE_FIELD,
                               validators=[MinValueValidator(TEMPERATURE_RANGE[0]),
                                           MaxValueValidator(TEMPERATURE_RANGE[1])], **kwargs)


def _humidity(label, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, null=True, blank=True, **TEMPERATURE_FIELD,
                               validators=[MinValueValidator(HUMIDITY_RANGE[0]),
                                           MaxValueValidator(HUMIDITY_RANGE[1])], **kwargs)


class FacilityKind(BaseModel):
    """Kho, trạm, xưởng, nhà máy, tủ súng, nhà xe: editable reference data, with the default
    storage-condition limits of facilities of this kind."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    default_min_temperature = _temperature(_("default minimum temperature (°C)"))
    default_max_temperature = _temperature(_("default maximum temperature (°C)"))
    default_max_humidity = _humidity(_("default maximum humidity (%)"))

    class Meta:
        verbose_name = _("facility kind")
        verbose_name_plural = _("facility kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        low, high = self.default_min_temperature, self.default_max_temperature
        if low is not None and high is not None and low > high:
            raise ValidationError({"default_max_temperature": _(
                "The maximum temperature cannot be below the minimum temperature.")})


class FacilityStandard(BaseModel):
    """A standard or regulation a facility meets (QCVN 11:2018/BQP …): editable reference data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.CharField(_("description"), max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("facility standard")
        verbose_name_plural = _("facility standards")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FundingSource(BaseModel):
    """Where the money of an investment came from: editable reference data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
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
    capacity = models.DecimalField(_("capacity"), max_digits=14, decimal_places=2, null=True,
                                   blank=True, validators=[MinValueValidator(Decimal(0))])
    capacity_uom = models.CharField(_("capacity unit"), max_length=30, blank=True,
                                    help_text=_("For example tấn, khẩu, m², xe."))
    standard = models.ForeignKey(FacilityStandard, models.PROTECT, null=True, blank=True,
                                 related_name="facilities", verbose_name=_("standard met"))
    safety_radius_m = models.PositiveIntegerField(_("safety radius (m)"), null=True, blank=True)
    has_fire_equipment = models.BooleanField(_("has fire-fighting equipment"), default=False)
    fire_equipment = models.CharField(_("fire-fighting equipment"), max_length=400, blank=True)
    has_lightning_protection = models.BooleanField(_("has lightning protection"), default=False)
    lightning_protection = models.CharField(_("lightning protection"), max_length=400,
                                            blank=True)
    logs_conditions = models.BooleanField(
        _("logs storage conditions"), default=True,
        help_text=_("Temperature and humidity are recorded for this facility."))
    min_temperature = _temperature(_("minimum temperature (°C)"),
                                   help_text=_("Empty: the default of the facility kind."))
    max_temperature = _temperature(_("maximum temperature (°C)"),
                                   help_text=_("Empty: the default of the facility kind."))
    max_humidity = _humidity(_("maximum humidity (%)"),
                             help_text=_("Empty: the default of the facility kind."))
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["owner_unit__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=0),
                name="facility_capacity_not_negative",
                violation_error_message=_("The capacity cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("storage:facility-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name} {self.location}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def limits(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """(min temperature, max temperature, max humidity) in force: the facility's own, or
        its kind's default where it has none."""
        kind = self.kind
        return (
            self.min_temperature if self.min_temperature is not None
            else kind.default_min_temperature,
            self.max_temperature if self.max_temperature is not None
            else kind.default_max_temperature,
            self.max_humidity if self.max_humidity is not None else kind.default_max_humidity,
        )


class FacilityRecordQuerySet(UnitScopedQuerySet):
    unit_lookup = "facility__owner_unit"


class Investment(BaseModel):
    """One construction or investment record of a facility: in a year, what was built or
    upgraded, at what cost, paid from which source. A project paid from several sources is
    recorded once per source, so totals by source add up."""

    class Kind(models.TextChoices):
        BUILT = "built", _("new construction")
        UPGRADED = "upgraded", _("upgrade or renovation")
        EQUIPPED = "equipped", _("equipment purchase")

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="investments",
                                 verbose_name=_("facility"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    kind = models.CharField(_("kind of work"), max_length=20, choices=Kind.choices,
                            default=Kind.BUILT)
    description = models.CharField(_("what was built or upgraded"), max_length=400)
    cost_vnd = models.BigIntegerField(_("cost (VND)"), validators=[MinValueValidator(0)])
    funding_source = models.ForeignKey(FundingSource, models.PROTECT,
                                       related_name="investments",
                                       verbose_name=_("funding source"))
    decision_ref = models.CharField(_("investment decision"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)

    objects = FacilityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["-year", "facility__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_vnd__gte=0),
                name="investment_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} {self.year}: {self.description}"


class Inspection(BaseModel):
    """An inspection of a facility: findings, a deadline for the fixes, and its closing."""

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="inspections",
                                 verbose_name=_("facility"))
    inspected_on = models.DateField(_("inspection date"))
    inspector = models.CharField(_("inspector"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    fix_deadline = models.DateField(_("deadline for fixes"), null=True, blank=True)
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+",
                                  verbose_name=_("fixes confirmed by"))
    closing_note = models.CharField(_("closing note"), max_length=400, blank=True)

    objects = FacilityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fix_deadline__isnull=True)
                | models.Q(fix_deadline__gte=models.F("inspected_on")),
                name="inspection_deadline_after_date",
                violation_error_message=_(
                    "The deadline for fixes cannot be before the inspection date."),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("inspected_on")),
                name="inspection_closed_after_date",
                violation_error_message=_(
                    "An inspection cannot be closed before the date it took place."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} {self.inspected_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def is_overdue(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.is_open and self.fix_deadline is not None and self.fix_deadline < day


class ConditionReading(BaseModel):
    """A temperature and humidity reading in a facility, with the limits in force when it was
    taken; one out of limits stays an alert until an officer acknowledges it."""

    facility = models.ForeignKey(Facility, models.PROTECT, related_name="readings",
                                 verbose_name=_("facility"))
    taken_at = models.DateTimeField(_("taken at"))
    temperature = _temperature(_("temperature (°C)"))
    humidity = _humidity(_("humidity (%)"))
    note = models.CharField(_("note"), max_length=400, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))
    min_temperature = _temperature(_("minimum temperature (°C)"))
    max_temperature = _temperature(_("maximum temperature (°C)"))
    max_humidity = _humidity(_("maximum humidity (%)"))
    is_out_of_limits = models.BooleanField(_("out of limits"), default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("acknowledged by"))
    acknowledgement_note = models.CharField(_("acknowledgement note"), max_length=400,
                                            blank=True)

    objects = FacilityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("condition reading")
        verbose_name_plural = _("condition readings")
        ordering = ["-taken_at", "-pk"]
        indexes = [models.Index(fields=["facility", "-taken_at"], name="reading_facility_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(humidity__isnull=True)
                | models.Q(humidity__gte=0, humidity__lte=100),
                name="reading_humidity_possible",
                violation_error_message=_("The humidity must be between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=models.Q(temperature__isnull=True)
                | models.Q(temperature__gte=-50, temperature__lte=70),
                name="reading_temperature_possible",
                violation_error_message=_("The temperature must be between −50 and 70 °C."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} {timezone.localtime(self.taken_at):%d/%m/%Y %H:%M}"

    @property
    def needs_acknowledgement(self) -> bool:
        return self.is_out_of_limits and self.acknowledged_at is None
