from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kythuat.ammunition.models import DisposalBatch, LotIsolation, LotTest, ShelfLifeExtension
from kythuat.ammunition.selectors import expiry_list
from kythuat.holdings.choices import LotStatus
from kythuat.org.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_has_tests_an_isolation_an_extension_and_a_done_disposal(monkeypatch):
    monkeypatch.setattr("kythuat.demo.extensions.APPS", ("ammunition",))
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--small", "--force", stdout=out, stderr=err)
    assert "Đạn dược: " in out.getvalue() + err.getvalue()
    assert LotTest.objects.count() > 40
    years = set(LotTest.objects.values_list("tested_on__year", flat=True))
    assert len(years) >= 4
    isolation = LotIsolation.objects.get()
    assert isolation.lot.status == LotStatus.ISOLATED
    assert isolation.unit.path.startswith(Unit.objects.get(code="QK1-LS").path)
    extension = ShelfLifeExtension.objects.get()
    assert extension.lot.expiry_date == extension.new_expiry > timezone.localdate()
    batch = DisposalBatch.objects.get()
    assert batch.status == DisposalBatch.Status.DONE
    assert batch.write_offs.filter(movement__status="posted").exists()
    region = Unit.objects.get(code="QK1")
    assert expiry_list(unit=region, filters={"window": "90"}).exclude(
        expiry_date__lt=timezone.localdate()).count() >= 3
