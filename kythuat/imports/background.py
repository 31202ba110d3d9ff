"""The import steps that run as background jobs (files over IMPORT_BACKGROUND_ROWS rows).

Each handler runs in the job's one transaction: a failure leaves nothing of the import's
posting behind, and `services.import_refresh` then shows the job's reason on the import.
"""

from kythuat.jobs.registry import JobOutput, Progress, job_handler

from . import services
from .models import Import


def _import(job) -> Import:
    return Import.objects.select_for_update().select_related("unit").get(pk=job.params["import"])


@job_handler("imports.check")
def check(job, progress: Progress) -> JobOutput:
    imp = services._check_now(_import(job), job.actor, progress)
    return JobOutput(url=imp.get_absolute_url())


@job_handler("imports.confirm")
def confirm(job, progress: Progress) -> JobOutput:
    imp = services._post_now(_import(job), job.actor, bool(job.params.get("drop_bad")), progress)
    return JobOutput(url=imp.get_absolute_url())
