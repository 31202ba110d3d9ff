"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables)."""

from kythuat.jobs.models import Job

OBJECT = {"jobs:job-detail": "job", "jobs:job-download": "job", "job-detail": "job"}
LIST = {"jobs:job-list": None, "job-list": None}
CREATE: dict = {}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    world["job"] = Job.objects.create(
        kind="imports.confirm", title="SECRET-A nhập dữ liệu", actor=world["user"],
        unit=world["unit"], status=Job.Status.DONE, result_name="SECRET-A.xlsx",
        result=b"SECRET-A", result_type="text/plain")
