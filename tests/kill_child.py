"""The process tests/test_kill.py kills: it starts a posting, an import or a background job,
holds it in the middle (its writes made, its transaction not committed), writes a marker file
and waits to be killed. `report-job` prints a job as another process sees it afterwards.

    python tests/kill_child.py post|import|job|report-job MARKER ID
"""

import datetime as dt
import json
import os
import sys
import threading
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from kythuat.audit import services as audit  # noqa: E402


def hold_at_the_first_posting() -> None:
    """The audit row of a posted document is written last, inside the posting's transaction:
    stop there, with the ledger entries and balances written and nothing committed."""
    record = audit.record

    def held(*args, **kwargs):
        result = record(*args, **kwargs)
        if type(kwargs.get("target")).__name__ == "Movement":
            MARKER.write_text("in the middle")
            threading.Event().wait()  # until killed
        return result

    audit.record = held


def main(scenario: str, pk: int) -> None:
    from kythuat.holdings import services as holdings
    from kythuat.holdings.models import Movement
    from kythuat.jobs import services as jobs
    from kythuat.jobs.models import Job

    if scenario == "post":
        hold_at_the_first_posting()
        holdings.movement_post(actor=None, movement=Movement.objects.get(pk=pk))
    elif scenario == "import":
        from kythuat.imports import services as imports
        from kythuat.imports.models import Import

        hold_at_the_first_posting()
        imp = Import.objects.get(pk=pk)
        imports.import_confirm(actor=imp.created_by, imp=imp)
    elif scenario == "job":
        from kythuat.jobs.registry import job_handler

        @job_handler("tests.kill")
        def work(job, progress):
            org = json.loads(job.params["receipt"])
            from kythuat.catalog.models import EquipmentType, UsageGroup
            from kythuat.org.models import Unit

            progress(0, 2)
            receipt = holdings.movement_record(
                actor=None, kind="receipt", source="factory",
                to_unit=Unit.objects.get(pk=org["unit"]),
                effective_date=dt.date.fromisoformat(org["day"]),
                lines=[holdings.LineSpec(type=EquipmentType.objects.get(pk=org["type"]),
                                         quantity=Decimal(5), grade=1,
                                         usage_group=UsageGroup.objects.get(pk=org["group"]))])
            progress(1, 2)
            MARKER.write_text(str(receipt.pk))
            threading.Event().wait()  # until killed

        jobs.job_run(pk)
    elif scenario == "report-job":
        from django.conf import settings

        settings.JOBS_RUN_INLINE = False  # a web process, as in production (tests run inline)
        job = jobs.job_refresh(Job.objects.get(pk=pk))
        print(json.dumps({"status": job.status, "error": job.error}))


if __name__ == "__main__":
    MARKER = Path(sys.argv[2])
    main(sys.argv[1], int(sys.argv[3]))
