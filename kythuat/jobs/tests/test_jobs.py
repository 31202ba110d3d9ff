import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kythuat.jobs.cli import ProgressBar, run_now
from kythuat.jobs.models import Job
from kythuat.jobs.registry import JobOutput, job_handler
from kythuat.jobs.services import job_submit
from kythuat.org.models import UnitKind

pytestmark = pytest.mark.django_db


@job_handler("tests.kinds")
def make_kinds(job, progress):
    """Creates the unit kinds named in the parameters, then fails if asked to."""
    names = job.params["names"]
    for number, name in enumerate(names, start=1):
        UnitKind.objects.create(code=f"test-{number}", name=name)
        progress(number, len(names))
    if job.params.get("fail") == "rule":
        raise ValidationError("Dòng 3: số lượng phải lớn hơn 0.")
    if job.params.get("fail") == "bug":
        raise RuntimeError("boom")
    return JobOutput(filename="ket-qua.txt", content="Đã tạo".encode(), content_type="text/plain")


def submit(user, **params):
    return job_submit(actor=user, kind="tests.kinds", unit=user.unit,
                      params={"names": ["Kiểu A", "Kiểu B"], **params}, title="Tạo kiểu đơn vị")


def test_a_finished_job_offers_its_result(client, org):
    user = org.users["officer_a"]
    job = submit(user)
    assert job.status == Job.Status.DONE
    assert job.percent == 100
    assert UnitKind.objects.filter(name="Kiểu B").exists()
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "ket-qua.txt" in page
    download = client.get(reverse("jobs:job-download", args=[job.pk]))
    assert download.content.decode() == "Đã tạo"
    assert "ket-qua.txt" in download["Content-Disposition"]


def test_a_failed_job_says_why_and_keeps_nothing(client, org):
    user = org.users["officer_a"]
    job = submit(user, fail="rule")
    assert job.status == Job.Status.FAILED
    assert job.error == "Dòng 3: số lượng phải lớn hơn 0."
    assert not UnitKind.objects.filter(name__startswith="Kiểu").exists()
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Dòng 3: số lượng phải lớn hơn 0." in page
    assert client.get(reverse("jobs:job-download", args=[job.pk])).status_code == 404


def test_an_unexpected_error_gives_a_general_vietnamese_message(org):
    job = submit(org.users["officer_a"], fail="bug")
    assert job.status == Job.Status.FAILED
    assert "lỗi" in job.error.lower()
    assert "boom" not in job.error
    assert not UnitKind.objects.filter(name__startswith="Kiểu").exists()


def test_a_job_cut_off_by_a_stopped_process_is_reported_as_interrupted(client, org, settings):
    user = org.users["officer_a"]
    job = Job.objects.create(kind="tests.kinds", title="Nhập dữ liệu", actor=user,
                             status=Job.Status.RUNNING)
    settings.JOBS_RUN_INLINE = False
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "gián đoạn" in page


def test_jobs_belong_to_the_person_who_started_them(client, org):
    job = submit(org.users["officer_a"])
    other = org.users["officer_hq"]  # above Lạng Sơn, yet not the one who started it
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("jobs:job-download", args=[job.pk])).status_code == 404
    assert "Tạo kiểu đơn vị" not in client.get(reverse("jobs:job-list")).content.decode()
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404


def test_the_progress_bar_polls_until_the_end(client, org):
    user = org.users["officer_a"]
    job = Job.objects.create(kind="tests.kinds", title="Nhập", actor=user)
    from kythuat.jobs import services
    services.PROGRESS[job.pk] = (250, 1000)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    client.force_login(user)
    try:
        part = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    finally:
        services.PROGRESS.pop(job.pk)
    assert 'hx-trigger="every 1s"' in part
    assert "25%" in part
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    done = client.get(job.get_absolute_url() + "?poll=1", HTTP_HX_REQUEST="true")
    assert done.status_code == 204
    assert done["HX-Refresh"] == "true"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_runs_in_the_background_thread(org, settings):
    settings.JOBS_RUN_INLINE = False
    job = submit(org.users["officer_a"])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.1)
    assert job.status == Job.Status.DONE, job.error
    assert UnitKind.objects.filter(name="Kiểu A").exists()


def test_the_command_line_progress_bar(org):
    out = io.StringIO()
    job = Job(kind="tests.kinds", title="x", actor=org.users["officer_a"],
              params={"names": ["Kiểu A", "Kiểu B"]})
    output = run_now(job, out)
    assert output.filename == "ket-qua.txt"
    assert "100%" in out.getvalue()
    assert "2/2" in out.getvalue()
    bar = io.StringIO()
    ProgressBar(bar)(45_000, 100_000)
    assert "45%" in bar.getvalue()
    assert "45.000/100.000" in bar.getvalue()


def test_a_job_running_in_another_process_of_the_server_shows_its_progress(client, org,
                                                                             settings, tmp_path):
    """Headquarters mode serves with several processes: a poll that lands on another one
    shows the job's progress, not "interrupted"."""
    import subprocess
    import sys

    from kythuat.jobs import runners
    settings.JOBS_RUN_INLINE = False
    settings.JOBS_PROGRESS_DIR = str(tmp_path)
    user = org.users["officer_a"]
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    try:
        runner = f"{runners.HOST}:{other.pid}:{runners._start_time(other.pid)}"
        job = Job.objects.create(kind="tests.kinds", title="Nhập", actor=user, runner=runner,
                                 status=Job.Status.RUNNING)
        (tmp_path / str(job.pk)).write_text("300 1000")
        client.force_login(user)
        part = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
        assert "30%" in part
        job.refresh_from_db()
        assert job.status == Job.Status.RUNNING
    finally:
        other.communicate(b"")
    # The other process has stopped: its job is reported as interrupted.
    page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Công việc bị gián đoạn" in page


def test_a_job_queued_by_a_process_that_has_stopped_is_interrupted(client, org, settings):
    settings.JOBS_RUN_INLINE = False
    user = org.users["officer_a"]
    from kythuat.jobs import runners
    job = Job.objects.create(kind="tests.kinds", title="Nhập", actor=user,
                             runner=f"{runners.HOST}:999999999:1")  # no such process here
    client.force_login(user)
    client.get(job.get_absolute_url())
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
