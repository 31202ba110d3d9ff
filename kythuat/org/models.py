import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.core.text import fold

from .querysets import UnitQuerySet, ancestor_paths

PATH_STEP = 7  # six hex digits and a dot per level: room for 16 million units


def path_segment(pk: int) -> str:
    return f"{pk:06x}."


class UnitKind(BaseModel):
    """Kind of unit (Quân khu, Bộ CHQS tỉnh, Ban CHQS xã, Kho …): editable reference data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_storage = models.BooleanField(
        _("is a storage or repair site"), default=False,
        help_text=_("Depots, workshops, stations and factories."),
    )

    class Meta:
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Unit(BaseModel):
    """A node of the organisation tree (Bộ → Quân khu → Bộ CHQS tỉnh → … → Ban CHQS xã)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.ForeignKey(UnitKind, models.PROTECT, related_name="units", verbose_name=_("kind"))
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )
    # Built from ids, not codes, so a rename never touches it: "000001.000007.00002a." A prefix
    # match selects a subtree with one indexed query on SQLite and PostgreSQL alike.
    path = models.CharField(max_length=400, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_from",
                violation_error_message=_("The end of validity must not be before its start."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # Derived from this row and its parent only, so it is safe to keep in save(). A new row
        # needs its id first: it is inserted with a placeholder path and then given its own.
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "path", "depth"}
        if self.pk is None:
            self.path = f"new-{timezone.now().timestamp()}-{id(self)}"
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
            kwargs["update_fields"] = ["path", "depth"]
        prefix = self.parent.path if self.parent_id else ""
        self.path = f"{prefix}{path_segment(self.pk)}"
        self.depth = len(self.path) // PATH_STEP - 1
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def name_on(self, day: dt.date) -> str:
        """The name the unit bore on `day` (its former name before a rename)."""
        for former in self.former_names.all():
            if former.valid_from <= day <= former.valid_to:
                return former.name
        return self.name

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def contains(self, other: "Unit") -> bool:
        """True when `other` is this unit or below it."""
        return other.path.startswith(self.path)

    def ancestors(self, include_self: bool = True) -> models.QuerySet:
        paths = ancestor_paths(self.path, include_self=include_self)
        return Unit.objects.filter(path__in=paths).order_by("path")


class Role(models.TextChoices):
    # Ordered: each role can do what the roles before it can.
    VIEWER = "viewer", _("viewer")
    CLERK = "clerk", _("clerk")
    OFFICER = "officer", _("officer")
    UNIT_ADMIN = "unit_admin", _("unit administrator")


ROLE_RANK = {role: rank for rank, role in enumerate(Role.values)}


class User(AbstractUser):
    """A person who signs in; they work inside their unit's subtree with one role."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    position = models.CharField(_("position"), max_length=150, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Nguyễn Văn Hùng")."""
        return f"{self.last_name} {self.first_name}".strip()

    def has_role(self, role: str) -> bool:
        return self.is_superuser or ROLE_RANK[self.role] >= ROLE_RANK[role]


class TokenUse(models.Model):
    """When an API token was last used. DRF's Token has no such field; this row goes with the
    token (a revoked or replaced token takes it along)."""

    token = models.OneToOneField("authtoken.Token", models.CASCADE, primary_key=True,
                                 related_name="use", verbose_name=_("API token"))
    last_used_at = models.DateTimeField(_("last used"))

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")

    def __str__(self) -> str:
        return f"{self.token_id[:6]}… {self.last_used_at:%Y-%m-%d %H:%M}"


class UnitName(models.Model):
    """A name a unit bore before it was renamed, with the days it was in use: documents and
    reports of that time keep showing it."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="former_names",
                             verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    decision = models.CharField(_("decision"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("former unit name")
        verbose_name_plural = _("former unit names")
        ordering = ["unit", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y})"


class Lineage(models.Model):
    """One step of a unit's lineage: `predecessor` ended and (part of) it went on in
    `successor` on `on`. The heir is the successor whose history it is reported under "as the
    organisation is" (a dissolved unit has one heir; a split one names one)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("merged into")
        SPLIT = "split", _("split into")
        DISSOLVE = "dissolve", _("dissolved into")

    predecessor = models.ForeignKey(Unit, models.PROTECT, related_name="successor_links",
                                    verbose_name=_("predecessor"))
    successor = models.ForeignKey(Unit, models.PROTECT, related_name="predecessor_links",
                                  verbose_name=_("successor"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("effective date"))
    is_heir = models.BooleanField(_("history reported under it"), default=True)
    decision = models.CharField(_("decision"), max_length=120, blank=True)
    decision_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor"], condition=models.Q(is_heir=True),
                                    name="lineage_one_heir"),
            models.UniqueConstraint(fields=["predecessor", "successor"],
                                    name="lineage_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.on:%d/%m/%Y})"


class UnitMove(models.Model):
    """A unit put under another parent from a date by a reorganisation: its place before is
    kept, so a report "as the organisation was" counts it under its old parent."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="moves", verbose_name=_("unit"))
    old_parent = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                                   verbose_name=_("former parent unit"))
    new_parent = models.ForeignKey(Unit, models.PROTECT, related_name="+",
                                   verbose_name=_("new parent unit"))
    on = models.DateField(_("effective date"))
    decision = models.CharField(_("decision"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("change of parent unit")
        verbose_name_plural = _("changes of parent unit")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.old_parent} → {self.new_parent} ({self.on:%d/%m/%Y})"
