from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kythuat.org.querysets import UnitScopedQuerySet


class AuditQuerySet(UnitScopedQuerySet):
    unit_lookup = "unit"


class AuditEvent(models.Model):
    """One row per change: who, when, what, before and after. Written by services only."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        POSTED = "posted", _("posted")
        REVERSED = "reversed", _("reversed")
        CLOSED = "closed", _("closed")
        LOGGED_IN = "logged_in", _("logged in")

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("actor"),
    )
    unit = models.ForeignKey(
        "org.Unit", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=100)
    target_id = models.CharField(_("record id"), max_length=50)
    target_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
