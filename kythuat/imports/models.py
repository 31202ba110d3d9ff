from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class ImportTemplate(models.TextChoices):
    UNITS = "units", _("units")
    TYPES = "types", _("equipment types")
    ITEMS = "items", _("items (by serial number)")
    LOTS = "lots", _("lots")
    OPENING = "opening", _("opening balances")
    DOCUMENTS = "documents", _("documents with lines")


class ImportQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class Import(BaseModel):
    """One Excel book on its way into the books: uploaded, mapped, checked, then posted
    in one transaction (or not at all)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("columns to map")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        POSTING = "posting", _("being posted")
        DONE = "done", _("posted")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    template = models.CharField(_("template"), max_length=20, choices=ImportTemplate.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="imports", verbose_name=_("unit"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    effective_date = models.DateField(
        _("effective date"), null=True, blank=True, help_text=_("Used for rows that give no date.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    posted_count = models.PositiveIntegerField(_("rows posted"), default=0)
    documents = models.JSONField(_("documents"), default=list, blank=True)
    # The good rows of a receipt template as checked (compressed JSON of record ids), so
    # posting needs no second reading of the file; cleared whenever the file or mapping change.
    prepared = models.BinaryField(null=True, blank=True, editable=False)
    job = models.ForeignKey(
        "jobs.Job",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background job"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="import_unit_idx")]

    def __str__(self) -> str:
        return f"{self.get_template_display()} — {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:import-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Still changeable: a new file, another mapping, a new check."""
        return self.status in (self.Status.UPLOADED, self.Status.CHECKED, self.Status.FAILED)

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.POSTING)


class ImportMapping(models.Model):
    """The column mapping last confirmed for a template by a unit: folded header → field."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name=_("unit"))
    template = models.CharField(_("template"), max_length=20, choices=ImportTemplate.choices)
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("remembered column mapping")
        verbose_name_plural = _("remembered column mappings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "template"], name="import_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.template}"
