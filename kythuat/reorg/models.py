"""Reorganisation decisions: a numbered decision with an effective date and its changes to
the tree, and where the records of each closing unit go (DOMAIN.md §9)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.catalog.models import EquipmentType
from kythuat.core.models import BaseModel
from kythuat.org.models import Unit, UnitKind
from kythuat.org.querysets import UnitScopedQuerySet, subtree_ids
from kythuat.storage.models import Facility


class ReorganisationQuerySet(UnitScopedQuerySet):
    unit_lookup = "issuer"

    def seen_from(self, unit: Unit) -> "ReorganisationQuerySet":
        """A decision is seen by its issuer's subtree and by the units it changes: the
        ministry's decision that merges two provinces is in the books of the region that
        holds them (seeing it does not give the right to change it)."""
        ids = subtree_ids(unit)
        touched = Change.objects.filter(
            models.Q(unit__in=ids) | models.Q(successor__in=ids) | models.Q(parent__in=ids)
        ).values("reorganisation_id")
        return self.filter(models.Q(issuer__in=ids) | models.Q(pk__in=touched))


class ChangeQuerySet(UnitScopedQuerySet):
    unit_lookup = "reorganisation__issuer"

    def seen_from(self, unit: Unit) -> "ChangeQuerySet":
        """The changes of the issuer's decisions, and the changes of other decisions to the
        units of the subtree (not the same decision's changes elsewhere)."""
        ids = subtree_ids(unit)
        return self.filter(models.Q(reorganisation__issuer__in=ids) | models.Q(unit__in=ids)
                           | models.Q(successor__in=ids) | models.Q(parent__in=ids))


class SuccessionQuerySet(UnitScopedQuerySet):
    unit_lookup = "change__reorganisation__issuer"

    def seen_from(self, unit: Unit) -> "SuccessionQuerySet":
        return self.filter(change__in=Change.objects.seen_from(unit).values("pk"))


class Reorganisation(BaseModel):
    """Quyết định tổ chức lại: applied on its effective date, in one transaction."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ANNOUNCED = "announced", _("announced")
        APPLIED = "applied", _("applied")
        CANCELLED = "cancelled", _("cancelled")

    class Users(models.TextChoices):
        MOVE = "move", _("move them to the successor")
        DISABLE = "disable", _("disable their accounts")

    issuer = models.ForeignKey(Unit, models.PROTECT, related_name="reorganisations_issued",
                               verbose_name=_("issuing unit"))
    number = models.CharField(_("number and symbol"), max_length=60,
                              help_text=_("For example 2786/QĐ-BQP."))
    title = models.CharField(_("subject"), max_length=300)
    signed_on = models.DateField(_("date signed"))
    effective_on = models.DateField(_("effective date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    users = models.CharField(_("users of closing units"), max_length=10, choices=Users.choices,
                             default=Users.MOVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("created by"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = ReorganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__gte=models.F("signed_on")),
                name="reorganisation_effective_after_signed",
                violation_error_message=_("The effective date cannot be before the date "
                                          "signed.")),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.effective_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("reorg:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.ANNOUNCED)


class Change(models.Model):
    """One change of a decision. Several MERGE changes with one successor merge several units
    into it; the successor may be a unit the same decision creates (`successor_change`)."""

    class Kind(models.TextChoices):
        CREATE = "create", _("create")
        RENAME = "rename", _("rename")
        REPARENT = "reparent", _("re-parent")
        MERGE = "merge", _("merge into")
        SPLIT = "split", _("split")
        DISSOLVE = "dissolve", _("dissolve into")

    CLOSING = (Kind.MERGE, Kind.SPLIT, Kind.DISSOLVE)

    reorganisation = models.ForeignKey(Reorganisation, models.CASCADE, related_name="changes",
                                       verbose_name=_("reorganisation"))
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"),
                             help_text=_("The unit changed; for a new unit, set when applied."))
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("new name"), max_length=200, blank=True)
    short_name = models.CharField(_("new short name"), max_length=60, blank=True)
    unit_kind = models.ForeignKey(UnitKind, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("kind of unit"))
    parent = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("new parent unit"))
    successor = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("successor"),
                                  help_text=_("For a split: the successor its history is "
                                              "reported under."))
    successor_change = models.ForeignKey("self", models.CASCADE, null=True, blank=True,
                                         related_name="+",
                                         verbose_name=_("successor created by this decision"))
    position = models.PositiveSmallIntegerField(default=0)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["reorganisation", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"

    @property
    def subject_label(self) -> str:
        if self.kind == self.Kind.CREATE:
            return self.name
        return str(self.unit) if self.unit_id else "—"

    @property
    def successor_label(self) -> str:
        if self.successor_change_id:
            return self.successor_change.unit.name if self.successor_change.unit_id else \
                self.successor_change.name
        return self.successor.name if self.successor_id else "—"


class Succession(models.Model):
    """Where one kind of record of a closing unit goes. A rule with a facility, a type or items
    takes only those holdings; the rule without any takes the rest."""

    class Records(models.TextChoices):
        HOLDINGS = "holdings", _("holdings")
        FACILITIES = "facilities", _("facilities")
        VEHICLES = "vehicles", _("drivers and vehicle records")
        PEOPLE = "people", _("people")
        OPEN_WORK = "open_work", _("open work orders")

    change = models.ForeignKey(Change, models.CASCADE, related_name="successions",
                               verbose_name=_("change"))
    records = models.CharField(_("records"), max_length=12, choices=Records.choices)
    facility = models.ForeignKey(Facility, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("kept in facility"))
    type = models.ForeignKey(EquipmentType, models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("of type"))
    items = models.JSONField(_("items"), default=list, blank=True,
                             help_text=_("Ids of the items this rule takes."))
    successor = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("goes to"))
    successor_change = models.ForeignKey(Change, models.CASCADE, null=True, blank=True,
                                         related_name="+",
                                         verbose_name=_("goes to the unit created by"))

    objects = SuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("successor rule")
        verbose_name_plural = _("successor rules")
        ordering = ["change", "records", "pk"]

    def __str__(self) -> str:
        return f"{self.get_records_display()} → {self.successor_label}"

    @property
    def is_catch_all(self) -> bool:
        return self.facility_id is None and self.type_id is None and not self.items

    @property
    def successor_label(self) -> str:
        if self.successor_change_id:
            return self.successor_change.unit.name if self.successor_change.unit_id else \
                self.successor_change.name
        return self.successor.name if self.successor_id else "—"
