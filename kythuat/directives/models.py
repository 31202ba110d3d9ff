"""Directives (văn bản chỉ đạo): resolutions, conclusions, programmes and plans that cascade down
the chain of command (NQ 382 → KL 763 → CTHĐ 352 → a province's programme), with their numbered
tasks and solutions, to which targets attach."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kythuat.core.models import BaseModel
from kythuat.core.text import fold
from kythuat.documents.models import Issuer
from kythuat.org.models import Unit
from kythuat.org.querysets import UnitScopedQuerySet


class DirectiveKind(BaseModel):
    """NQ, KL, CTr, CTHĐ, KH, CT, QĐ, HD …: editable reference data."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("directive kind")
        verbose_name_plural = _("directive kinds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class DirectiveQuerySet(UnitScopedQuerySet):
    """A directive is sent down its issuer's subtree and supervised by the units above it, so
    it is scoped "down and up" (org's mode), not down only."""

    unit_lookup = "unit"

    def visible_to(self, user) -> "DirectiveQuerySet":
        return self.visible_down_and_up(user)


class ClauseQuerySet(UnitScopedQuerySet):
    unit_lookup = "directive__unit"

    def visible_to(self, user) -> "ClauseQuerySet":
        return self.visible_down_and_up(user)


class Directive(BaseModel):
    """A directive as issued: under the issuer's name of the time, with its number and symbol."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        REPLACED = "replaced", _("replaced")
        EXPIRED = "expired", pgettext_lazy("directive", "expired")

    issuer = models.ForeignKey(Issuer, models.PROTECT, related_name="directives",
                               verbose_name=_("issuer"))
    # The issuing unit (the issuer's unit), kept on the row so that scoping is one lookup.
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="directives",
                             verbose_name=_("issuing unit"))
    kind = models.ForeignKey(DirectiveKind, models.PROTECT, related_name="directives",
                             verbose_name=_("kind"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=60)  # "NQ/ĐUQSTW", "CTHĐ-ĐU"
    issued_on = models.DateField(_("date issued"))
    # The numbering series: the calendar year for state documents, the committee's term for
    # Party documents ("2026" or "term:2020-10-16"); numbers are unique within it.
    series = models.CharField(_("numbering series"), max_length=30, editable=False)
    term_label = models.CharField(_("Party term"), max_length=60, blank=True)
    title = models.CharField(_("subject line"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    attachment = models.FileField(_("attached file"), upload_to="directives/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.IN_FORCE)
    implements = models.ManyToManyField("self", symmetrical=False, blank=True,
                                        related_name="implemented_by",
                                        verbose_name=_("implements"))
    search_text = models.CharField(max_length=700, blank=True, editable=False)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind", "series", "number"], name="directive_number_once",
                violation_error_message=_("This issuer has already used this number for this "
                                          "kind of document in the same year or term.")),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("directives:directive-detail", args=[self.pk])

    @property
    def number_symbol(self) -> str:
        """"382-NQ/ĐUQSTW" (Party: the symbol holds a slash) or "05/QĐ-BCH" (state)."""
        separator = "-" if "/" in self.symbol else "/"
        return f"{self.number:02d}{separator}{self.symbol}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.number_symbol} {self.title} {self.summary[:200]}")[:700]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Clause(BaseModel):
    """A numbered task or solution of a directive (nhiệm vụ, giải pháp) that targets attach to."""

    class Kind(models.TextChoices):
        OBJECTIVE = "objective", _("objective")
        TASK = "task", _("task")
        SOLUTION = "solution", _("solution")

    directive = models.ForeignKey(Directive, models.PROTECT, related_name="clauses",
                                  verbose_name=_("directive"))
    number = models.CharField(_("number"), max_length=20)  # "1", "2.3", "II.1"
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = ClauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["directive", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "number"], name="clause_number_once",
                                    violation_error_message=_(
                                        "This directive already has a clause with this number.")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.directive.get_absolute_url()}#clause-{self.pk}"
