"""What each kind of background job does.

    @job_handler("imports.confirm")
    def confirm(job: Job, progress: Progress) -> JobOutput | None:
        ...  # job.params, job.actor, job.unit; progress(done, total) now and then

A handler runs in one transaction: if it raises, nothing it wrote stays. A handler
registered with `atomic=False` manages its own transactions instead: long reading outside
any, short writes in their own (on SQLite a transaction holds the write lock of the whole
database, so an hour-long one would stop every other user from saving). A ValidationError's
messages are shown to the user as the reason; any other error is logged and the user reads a
general message. Return a JobOutput for a file to download, or None (then set `url` on the
output… or nothing: the job page says it is done).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Job

Progress = Callable[[int, int], None]


@dataclass
class JobOutput:
    filename: str = ""
    content: bytes = b""
    content_type: str = "application/octet-stream"
    url: str = ""  # a page to open when done (say, the import's result) instead of a file


Handler = Callable[["Job", Progress], Any]
HANDLERS: dict[str, Handler] = {}
NOT_ATOMIC: set[str] = set()  # kinds whose handler manages its own transactions


def job_handler(kind: str, *, atomic: bool = True) -> Callable[[Handler], Handler]:
    def wrap(function: Handler) -> Handler:
        if HANDLERS.get(kind, function) is not function:
            raise ValueError(f"Job kind {kind} is registered twice.")
        HANDLERS[kind] = function
        if not atomic:
            NOT_ATOMIC.add(kind)
        return function

    return wrap
