"""Running a job's work from the command line, with a progress bar on the terminal."""

import sys
import time
from typing import TextIO

from django.db import transaction

from .models import Job
from .registry import HANDLERS, JobOutput

WIDTH = 30


class ProgressBar:
    """`[#########.........]  45%  45.000/100.000` redrawn in place, at most five times a second."""

    def __init__(self, out: TextIO | None = None, label: str = "") -> None:
        self.out, self.label, self.last = out or sys.stdout, label, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = done / total if total else 0
        filled = int(WIDTH * share)
        self.out.write(f"\r{self.label}[{'#' * filled}{'.' * (WIDTH - filled)}] "
                       f"{share:4.0%}  {done:,}/{total:,}".replace(",", "."))
        if done >= total:
            self.out.write("\n")
        self.out.flush()


def run_now(job: Job, out: TextIO | None = None) -> JobOutput:
    """Runs a job's handler here, in one transaction, drawing its progress; raises on error."""
    with transaction.atomic():
        return HANDLERS[job.kind](job, ProgressBar(out)) or JobOutput()
