from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from kythuat.indicators.alerts import collect
from kythuat.org.models import Unit
from kythuat.storage import selectors
from kythuat.storage.filters import overdue, unacknowledged
from kythuat.storage.models import ConditionReading, Facility, Inspection, Investment

pytestmark = pytest.mark.django_db


def test_demo_describes_facilities_and_their_records(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("storage",))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    assert "Kho, trạm, xưởng: " in out.getvalue() + err.getvalue()
    assert not Facility.objects.filter(capacity__isnull=True).exists()
    assert Facility.objects.filter(standard__name="QCVN 11:2018/BQP").exists()
    lang_son = Unit.objects.get(code="QK1-LS")
    years = set(Investment.objects.values_list("year", flat=True))
    assert min(years) == 2019
    cabinets = Investment.objects.within(lang_son).filter(facility__kind__code="tu-sung",
                                                          kind="built")
    assert cabinets.exists()
    assert set(cabinets.values_list("funding_source__code", flat=True)) == {
        "ngan-sach-dia-phuong"}
    summary = selectors.investment_summary(unit=lang_son, year_from=2019, year_to=2026)
    records = Investment.objects.within(lang_son)
    assert summary.total == records.aggregate(total=Sum("cost_vnd"))["total"]
    assert len(summary.rows) >= 2
    assert Inspection.objects.filter(closed_on__isnull=True).exists()
    assert overdue(Inspection.objects.within(lang_son)).count() == 1
    assert ConditionReading.objects.filter(is_out_of_limits=True).count() >= 2
    assert unacknowledged(ConditionReading.objects.all()).count() == 1
    assert ConditionReading.objects.filter(acknowledged_by__isnull=False).exists()
    sources = {alert.source for alert in collect(lang_son)}
    assert {"storage_readings_out_of_limits", "storage_inspections_overdue"} <= sources
