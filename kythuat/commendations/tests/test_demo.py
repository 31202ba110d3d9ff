from io import StringIO

import pytest
from django.core.management import call_command

from kythuat.commendations.models import Commendation, CommendationProposal

pytestmark = pytest.mark.django_db


def test_demo_hands_out_the_commendations_of_the_15_year_reviews(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("documents", "commendations"))
    call_command("seed_demo", "--small", "--force", stdout=StringIO(), stderr=StringIO())
    awarded = Commendation.objects.filter(awarded_on__isnull=False)

    def count(code: str, kind: str) -> int:
        return awarded.filter(decision__unit__code=code, kind=kind).count()

    assert (count("QK1-LS", "collective"), count("QK1-LS", "individual")) == (8, 8)
    assert (count("SD346", "collective"), count("SD346", "individual")) == (2, 4)
    assert count("QK1", "collective") == 2
    assert {c.decision.decided_on.year for c in awarded} == {2022}
    assert CommendationProposal.objects.filter(status="submitted").count() == 1
