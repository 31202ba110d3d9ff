from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.translation import gettext

from kythuat.targets.models import Target
from kythuat.targets.progress import Status
from kythuat.targets.selectors import with_progress

pytestmark = pytest.mark.django_db


def test_demo_sets_targets_whose_statuses_come_from_the_records(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", (
        "storage", "maintenance", "vehicles", "directives", "targets"))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    targets = Target.objects.select_related("unit")
    line = gettext("Targets: %(count)s on the clauses of the demo directives.")
    assert line % {"count": targets.count()} in out.getvalue() + err.getvalue()
    assert targets.filter(parent__isnull=False).exists()  # some are split among subordinates
    assert {"vehicles.converted", "holdings.technical_coefficient", "vehicles.accidents"} <= set(
        targets.values_list("indicator_code", flat=True))
    statuses = {row.progress.status for row in with_progress(targets)}
    assert {Status.MET, Status.ON_TRACK, Status.AT_RISK} <= statuses
