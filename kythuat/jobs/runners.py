"""Which process runs a job, whether it is still alive, and its progress seen from another.

Headquarters mode may serve with several processes: a job queued by one and looked at from
another must not be taken for interrupted. A runner is "host:pid:start" (the process's start
time, so a pid reused after a restart is not mistaken for the old process). Progress is
written to a small file per job (the job's own transaction keeps its writes invisible until
the end, so the database cannot carry it) and read by any process of the same server.
"""

import os
import socket
import tempfile
from pathlib import Path

from django.conf import settings


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot; None if there is no such process.
    Without /proc (Windows) only this process can be known: it is the one serving."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        return "" if pid == os.getpid() else None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else fields[19]  # a killed process not yet reaped


HOST = socket.gethostname()
_RUNNER: dict[int, str] = {}


def this_runner() -> str:
    pid = os.getpid()  # a forked worker is another process: computed once per pid
    if pid not in _RUNNER:
        _RUNNER[pid] = f"{HOST}:{pid}:{_start_time(pid) or ''}"
    return _RUNNER[pid]


def alive(runner: str) -> bool:
    """Whether the process that queued or runs a job is still there. A process on another
    host cannot be checked from here: it is taken as alive."""
    try:
        host, pid, start = runner.rsplit(":", 2)
        pid_number = int(pid)
    except ValueError:
        return False
    if host != HOST:
        return True
    if pid_number == os.getpid():
        return runner == this_runner()
    if not Path("/proc").is_dir():
        return False
    return _start_time(pid_number) == start


def _progress_dir() -> Path:
    folder = getattr(settings, "JOBS_PROGRESS_DIR", None)
    database = _name(str(settings.DATABASES["default"]["NAME"]))[-100:]
    path = Path(folder) if folder else Path(tempfile.gettempdir()) / f"kythuat-jobs-{database}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _name(path_part: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in path_part)


def progress_file(job_id: int) -> Path:
    return _progress_dir() / f"{job_id}"


def progress_write(job_id: int, done: int, total: int) -> None:
    target = progress_file(job_id)
    temporary = target.with_name(f"{target.name}.{_name(this_runner())}")
    temporary.write_text(f"{done} {total}")
    temporary.replace(target)  # atomic: a reader sees the old figures or the new ones


def progress_read(job_id: int) -> tuple[int, int] | None:
    try:
        done, total = progress_file(job_id).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


def progress_clear(job_id: int) -> None:
    progress_file(job_id).unlink(missing_ok=True)
