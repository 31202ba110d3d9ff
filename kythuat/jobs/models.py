from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kythuat.core.models import BaseModel
from kythuat.org.models import Unit


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """A job and its result belong to the person who started it."""
        if user.is_superuser:
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(actor=user)


class Job(BaseModel):
    """Long work (an import, a large report or export) run in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="jobs",
                              verbose_name=_("started by"))
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="jobs",
                             verbose_name=_("unit"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(max_length=10, default="vi", editable=False)  # of messages
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    error = models.TextField(_("error"), blank=True)
    result_name = models.CharField(_("result file"), max_length=200, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    result = models.BinaryField(null=True, blank=True, editable=False)
    result_url = models.CharField(max_length=300, blank=True)
    # The process that queued or runs it ("host:pid:start"), so another process of the same
    # server can tell a job still running elsewhere from one whose process was stopped.
    runner = models.CharField(max_length=120, blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["actor", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job-detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0
