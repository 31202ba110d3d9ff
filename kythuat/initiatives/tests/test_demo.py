"""The demo goes through every step of the lifecycle, by the services, fast."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kythuat.initiatives import demo
from kythuat.initiatives.models import Adoption, Award, Council, Dossier, Initiative, Score

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_with_councils_at_two_levels(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("vehicles", "initiatives"))
    spent = []
    original = demo.seed

    def counted(context):
        with CaptureQueriesContext(connection) as queries:
            line = original(context)
        spent.append(len(queries))
        return line

    monkeypatch.setattr(demo, "seed", counted)
    err = StringIO()
    call_command("seed_demo", "--small", "--force", stdout=StringIO(), stderr=err)
    # The query count, not the time (the machine may be busy): the demo does not read or
    # write row by row.
    assert spent[0] < 2000, spent[0]
    statuses = set(Initiative.objects.values_list("status", flat=True))
    assert statuses == set(Initiative.Status.values)
    levels = set(Council.objects.filter(status="closed").values_list("level__code", flat=True))
    assert {"co-so", "su-doan-tinh", "quan-khu"} <= levels
    assert Council.objects.filter(status="open").exists()
    assert Score.objects.exists()
    assert set(Dossier.objects.values_list("outcome", flat=True)) == set(Dossier.Outcome.values)
    assert Award.objects.count() >= 5
    assert Adoption.objects.filter(is_elsewhere=True).exists()
    assert Adoption.objects.filter(is_elsewhere=False).exists()
    assert Initiative.objects.filter(registered_on__year=2008).exists()
