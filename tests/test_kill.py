"""A process killed in the middle of its work leaves nothing half-done (issue 13, section 3).

A child process (tests/kill_child.py) posts a document, confirms an import or runs a
background job on the test's database and stops in the middle: its ledger entries, balances
and items written, its transaction not committed. It writes a marker file; the test waits for
that marker (a condition, with a timeout, not a fixed time), kills the child with SIGKILL and
reads the database: nothing of the work is there, and the job is reported as interrupted by
another process.

On SQLite the in-memory test database is copied to a file the child opens (the same settings
as production: WAL, IMMEDIATE transactions) and the file is read afterwards; on PostgreSQL
the child connects to the test database itself.
"""

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from kythuat.holdings import services
from kythuat.imports import services as imports
from kythuat.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tests" / "kill_child.py"
WAIT = 120  # seconds at most for the child to reach the middle of its work (a busy machine)


class Shared:
    """The test database as a child process reaches it, and SQL reads of it afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "shared.sqlite3"
            copy = sqlite3.connect(self.path)
            connection.ensure_connection()
            connection.connection.backup(copy)
            copy.close()
            self.url = f"sqlite:///{self.path}"
        elif connection.vendor == "postgresql":
            self.path = None
            host = settings.get("HOST") or "127.0.0.1"
            port = settings.get("PORT") or 5432
            password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
            self.url = (f"postgres://{settings.get('USER') or 'postgres'}{password}@{host}:"
                        f"{port}/{settings['NAME']}")
        else:
            pytest.skip(f"no kill test for {connection.vendor}")

    def scalar(self, sql: str, *params):
        if self.path is not None:
            with sqlite3.connect(self.path) as db:
                return db.execute(sql, params).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchone()[0]

    def child(self, *args) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE":
               "config.settings_test", "DEBUG": "false"}
        return subprocess.Popen([sys.executable, str(CHILD), *map(str, args)], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_in_the_middle(shared: Shared, scenario: str, pk: int, marker: Path) -> None:
    process = shared.child(scenario, marker, pk)
    deadline = time.monotonic() + WAIT
    try:
        while not marker.exists():
            if process.poll() is not None:
                _out, err = process.communicate()
                pytest.fail(f"the child ended before the middle of its work:\n"
                            f"{err.decode()[-3000:]}")
            assert time.monotonic() < deadline, f"{scenario}: the middle not reached in time"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _ledger(shared: Shared) -> tuple:
    return (shared.scalar("SELECT COUNT(*) FROM holdings_ledgerentry"),
            shared.scalar("SELECT COALESCE(SUM(quantity), 0) FROM holdings_balance"),
            shared.scalar("SELECT COUNT(*) FROM holdings_item"),
            shared.scalar("SELECT COUNT(*) FROM holdings_movement WHERE status = 'posted'"))


def test_a_posting_killed_in_the_middle_leaves_the_document_a_draft(org, tmp_path):
    draft = services.movement_create(
        actor=None, kind="receipt", source="factory", to_unit=org.province_a,
        effective_date=dt.date(2026, 1, 10),
        lines=[services.LineSpec(type=org.rifle, serial=f"AK-K{n:03d}", grade=1,
                                 usage_group=org.sscd) for n in range(20)]
        + [services.LineSpec(type=org.fuel, quantity=Decimal(500), grade=1,
                             usage_group=org.sscd)])
    shared = Shared(tmp_path)
    before = _ledger(shared)
    kill_in_the_middle(shared, "post", draft.pk, tmp_path / "marker")
    assert _ledger(shared) == before
    assert shared.scalar("SELECT status FROM holdings_movement WHERE id = ?", draft.pk) == "draft"


def test_an_import_killed_in_the_middle_posts_nothing(org, tmp_path):
    from kythuat.imports.tests.conftest import DAY, headers_of, item_rows, xlsx

    imp = imports.import_upload(actor=org.users["officer_a"], unit=org.province_a,
                                template="items", file_name="tep.xlsx",
                                content=xlsx(headers_of("items"), item_rows(12)),
                                effective_date=DAY)
    imp = imports.import_check(actor=org.users["officer_a"], imp=imp, background=False)
    assert imp.error_count == 0
    shared = Shared(tmp_path)
    before = _ledger(shared)
    status = shared.scalar("SELECT status FROM imports_import WHERE id = ?", imp.pk)
    kill_in_the_middle(shared, "import", imp.pk, tmp_path / "marker")
    assert _ledger(shared) == before
    assert shared.scalar("SELECT status FROM imports_import WHERE id = ?", imp.pk) == status


def test_a_job_killed_in_the_middle_is_reported_as_interrupted(org, tmp_path):
    job = Job.objects.create(kind="tests.kill", title="Nhập kho thử", actor=org.users[
        "officer_a"], unit=org.province_a, params={"receipt": json.dumps({
            "unit": org.province_a.pk, "type": org.fuel.pk, "group": org.sscd.pk,
            "day": "2026-01-10"})})
    shared = Shared(tmp_path)
    before = _ledger(shared)
    kill_in_the_middle(shared, "job", job.pk, tmp_path / "marker")
    assert _ledger(shared) == before
    assert shared.scalar("SELECT status FROM jobs_job WHERE id = ?", job.pk) == "running"
    report = shared.child("report-job", tmp_path / "unused", job.pk)
    out, err = report.communicate(timeout=WAIT)
    assert report.returncode == 0, err.decode()[-3000:]
    seen = json.loads(out.decode().strip().splitlines()[-1])
    assert seen["status"] == Job.Status.FAILED
    assert seen["error"]  # "The work was interrupted …", in the job's language
    assert shared.scalar("SELECT status FROM jobs_job WHERE id = ?", job.pk) == "failed"
