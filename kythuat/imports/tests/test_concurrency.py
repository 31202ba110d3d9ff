"""A big import being checked must not stop anyone else: others post, sign in and read the
job's progress meanwhile (issue 15, item 1).

On SQLite the test database lives in memory, where locking is not the file's; the database is
copied to a file (WAL, a short busy timeout, IMMEDIATE transactions as in production) and the
threads of the test connect to it. The check is held in the middle by an event, so the others
run while it is surely under way; nothing waits on a clock.
"""

import datetime as dt
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import close_old_connections, connection, connections
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from kythuat.holdings import services as holdings
from kythuat.imports import receipts, services
from kythuat.imports.models import Import
from kythuat.jobs import services as jobs
from kythuat.jobs.models import Job

from .conftest import headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def on_file(tmp_path):
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "shared.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    original = connections.settings["default"]
    connections.settings["default"] = {
        **original,
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=3000;",
            "transaction_mode": "IMMEDIATE",
        },
    }
    try:
        yield
    finally:
        connections.settings["default"] = original


def in_thread(function):
    """Runs `function` in a thread of its own (its own connection); returns what it returned
    and how long it took, or raises what it raised."""
    outcome: dict = {}

    def run():
        close_old_connections()
        start = time.monotonic()
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error
        finally:
            outcome["seconds"] = time.monotonic() - start
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "still running after 30 s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"], outcome["seconds"]


def test_others_post_sign_in_and_read_progress_while_a_big_import_is_checked(
    org, big_import
):
    imp, checking, release = big_import
    officer = org.users["officer_a"]
    submitted, _seconds = in_thread(lambda: services.import_check(actor=officer, imp=imp))
    assert submitted.status == Import.Status.CHECKING  # handed to the background worker
    try:
        assert checking.wait(timeout=10), "the check did not start"

        def post():
            receipt = holdings.movement_create(
                actor=None, kind="receipt", source="higher_level", to_unit=org.province_b,
                effective_date=dt.date(2026, 1, 10),
                lines=[holdings.LineSpec(type=org.rifle, serial="CB-0001", grade=1,
                                         usage_group=org.sscd)])
            return holdings.movement_post(actor=None, movement=receipt).status

        status, _seconds = in_thread(post)  # done while the check still holds its transaction
        assert status == "posted"

        def sign_in():
            return Client().post(reverse("login"), {"username": "clerk_a",
                                                    "password": PASSWORD}).status_code

        code, _seconds = in_thread(sign_in)
        assert code == 302

        def progress():
            client = Client()
            client.force_login(officer)
            job = Import.objects.get(pk=imp.pk).job
            page = client.get(reverse("jobs:job-detail", args=[job.pk]))
            api = client.get(f"/api/v1/jobs/{job.pk}/")
            return page.status_code, api.status_code, api.json()["status"]

        answer, _seconds = in_thread(progress)
        assert answer == (200, 200, Job.Status.RUNNING)
    finally:
        release.set()
    jobs._pool().submit(lambda: None).result(timeout=30)  # the one worker finished the job
    checked, _seconds = in_thread(lambda: Import.objects.get(pk=imp.pk))
    assert (checked.status, checked.row_count, checked.error_count) == ("checked", 8, 0)


@pytest.fixture
def big_import(org, upload, settings, monkeypatch, tmp_path):
    """An uploaded import of 8 rows, checked in the background (the limit is 5), whose check
    stops after reading its first rows until `release` is set."""
    settings.IMPORT_BACKGROUND_ROWS = 5
    settings.JOBS_RUN_INLINE = False
    # Warm up (code loaded, templates compiled) before the check holds its transaction.
    Client().post(reverse("login"), {"username": "viewer_a", "password": PASSWORD})
    client = Client()
    client.force_login(org.users["viewer_a"])
    client.get(reverse("jobs:job-list"))
    client.get("/api/v1/jobs/")
    imp = upload(xlsx(headers_of("items"), item_rows(8)))
    checking, release = threading.Event(), threading.Event()
    original = receipts.check

    def held(ctx, rows):
        checking.set()
        release.wait(timeout=20)
        original(ctx, rows)

    monkeypatch.setattr(receipts, "check", held)
    with on_file(tmp_path):
        try:
            yield imp, checking, release
        finally:
            release.set()
            # The job worker outlives the test: its connection must not stay on the file.
            jobs._pool().submit(_forget_connection).result(timeout=30)


def _forget_connection() -> None:
    connections["default"].close()
    del connections["default"]
