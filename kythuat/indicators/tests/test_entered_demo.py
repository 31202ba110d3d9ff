from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils.translation import gettext

from kythuat.indicators import registry
from kythuat.indicators.models import EnteredValue
from kythuat.indicators.periods import Period
from kythuat.org.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_enters_and_confirms_figures_through_the_services(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("indicators",))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    summary = gettext("Entered figures: %(figures)s, %(waiting)s awaiting confirmation, "
                      "%(returned)s returned").split("%")[0]
    assert summary in out.getvalue() + err.getvalue()
    values = EnteredValue.objects.select_related("unit", "entered_by", "confirmed_by")
    statuses = {s: values.filter(status=s).count() for s in EnteredValue.Status.values}
    assert statuses["confirmed"] > 10 * (statuses["entered"] + statuses["rejected"])
    assert statuses["entered"] >= 3
    returned = values.get(status=EnteredValue.Status.REJECTED)
    assert (returned.unit.code, returned.indicator.code) == ("QK1-LS", "tap-huan")
    assert returned.return_reason
    assert not values.filter(entered_by__isnull=True).exists()
    assert not values.filter(status="confirmed", confirmed_by=F("entered_by")).exists()
    lang_son = Unit.objects.get(code="QK1-LS")
    assert values.filter(unit=lang_son, entered_by__username="langson.clerk").exists()
    division = Unit.objects.get(code="SD346")
    year = Period.year(2024)
    regiments = values.filter(unit__parent=division, period_start=year.start,
                              period_end=year.end, indicator__code="tap-huan")
    own = values.get(unit=division, period_start=year.start, period_end=year.end,
                     indicator__code="tap-huan")
    total = registry.compute("entered.tap-huan", division, year).total
    assert total == own.value + sum(r.value for r in regiments)
    assert registry.compute("entered.phan-mem", lang_son, year).total > 0
