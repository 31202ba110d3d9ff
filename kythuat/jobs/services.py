"""Starting and running background jobs.

Each web process runs jobs one at a time in a worker thread. Progress lives in memory while a
job runs (its own transaction keeps its writes invisible until the end), is shared with the
server's other processes through `runners` and is stored when the job finishes. A job left
queued or running by a process that was stopped is marked failed when someone looks at it:
its transaction was never committed, so nothing of it is in the database.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from kythuat.org.models import Unit, User

from . import runners
from .models import Job
from .registry import HANDLERS, NOT_ATOMIC, JobOutput

log = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
PROGRESS: dict[int, tuple[int, int]] = {}  # job id → (done, total), for jobs running here
PENDING: set[int] = set()  # queued in this process, not started yet


def job_submit(*, actor: User, kind: str, unit: Unit | None, params: dict, title: str) -> Job:
    """Queues a job and returns it; the caller redirects to job.get_absolute_url()."""
    if kind not in HANDLERS:
        raise ValueError(f"No handler for job kind {kind}.")
    job = Job.objects.create(kind=kind, title=str(title)[:300], actor=actor, unit=unit,
                             params=params, language=get_language() or settings.LANGUAGE_CODE,
                             runner=runners.this_runner())
    if getattr(settings, "JOBS_RUN_INLINE", False):
        job_run(job.pk)
        job.refresh_from_db()
    else:
        PENDING.add(job.pk)
        transaction.on_commit(lambda: _pool().submit(_run_in_thread, job.pk))
    return job


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kythuat-job")
        return _executor


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        connection.close()


def job_run(job_id: int, progress=None) -> Job:
    """Runs a queued job to its end (done or failed); `progress` also receives the counts."""
    PROGRESS[job_id] = (0, 0)
    PENDING.discard(job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now(),
                                         runner=runners.this_runner())
    job = Job.objects.select_related("actor", "unit").get(pk=job_id)
    last = [0.0, 0.0]  # when the command line, and the other processes, were last told

    def report(done: int, total: int) -> None:
        PROGRESS[job_id] = (done, total)
        now = time.monotonic()
        if now - last[1] > 0.5 or done >= total:
            last[1] = now
            runners.progress_write(job_id, done, total)
        if progress is not None and (now - last[0] > 0.2 or done >= total):
            last[0] = now
            progress(done, total)

    language = job.language
    try:
        atomic = nullcontext() if job.kind in NOT_ATOMIC else transaction.atomic()
        with override(language), atomic:
            output = HANDLERS[job.kind](job, report) or JobOutput()
    except ValidationError as error:
        _finish(job, Job.Status.FAILED, error=" ".join(error.messages))
    except Exception:  # the user reads why in general terms; the log has the details
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        with override(language):
            _finish(job, Job.Status.FAILED, error=_(
                "The work stopped because of an unexpected error; nothing of it was saved. "
                "Try again, and tell the system administrator if it happens again."))
    else:
        _finish(job, Job.Status.DONE, output=output)
    finally:
        PROGRESS.pop(job_id, None)
        runners.progress_clear(job_id)
    return job


def _finish(job: Job, status: str, *, error: str = "", output: JobOutput | None = None) -> None:
    done, total = PROGRESS.get(job.pk, (0, 0))
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.done, job.total = done, total
    if output is not None:
        job.result_name, job.result_type = output.filename, output.content_type
        job.result = output.content or None
        job.result_url = output.url
    job.save()


def job_refresh(job: Job) -> Job:
    """The job with its live progress, whichever process of the server runs it; a job whose
    process is gone has failed."""
    if job.status in (Job.Status.QUEUED, Job.Status.RUNNING):
        if job.pk in PROGRESS:
            job.done, job.total = PROGRESS[job.pk]
        elif job.pk in PENDING or getattr(settings, "JOBS_RUN_INLINE", False):
            pass
        elif job.runner != runners.this_runner() and runners.alive(job.runner):
            job.done, job.total = runners.progress_read(job.pk) or (job.done, job.total)
        else:
            Job.objects.filter(pk=job.pk, status=job.status).update(
                status=Job.Status.FAILED, finished_at=timezone.now(),
                error=_("The work was interrupted (the application was stopped); nothing of "
                        "it was saved. Start it again."))
            job.refresh_from_db()
    return job
