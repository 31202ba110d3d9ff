"""The import steps that run as background jobs (files over IMPORT_BACKGROUND_ROWS rows).

Posting runs in the job's one transaction: a failure leaves nothing of the import's posting
behind. Checking manages its own short transactions. `services.import_refresh` shows the
reason of a failed job on the import.
"""

from kythuat.jobs.registry import JobOutput, Progress, job_handler

from . import services
from .models import Import


def _import(job) -> Import:
    return Import.objects.select_for_update().select_related("unit").get(pk=job.params["import"])


@job_handler("imports.check", atomic=False)
def check(job, progress: Progress) -> JobOutput:
    """Checking reads outside any transaction (see services._check_now), so other users
    keep saving while a big file is checked."""
    imp = Import.objects.select_related("unit").get(pk=job.params["import"])
    imp = services._check_now(imp, job.actor, progress)
    return JobOutput(url=imp.get_absolute_url())


@job_handler("imports.confirm")
def confirm(job, progress: Progress) -> JobOutput:
    imp = services._post_now(_import(job), job.actor, bool(job.params.get("drop_bad")), progress)
    return JobOutput(url=imp.get_absolute_url())
