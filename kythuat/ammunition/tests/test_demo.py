from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kythuat.ammunition.models import DisposalBatch, LotIsolation, LotTest, ShelfLifeExtension
from kythuat.ammunition.selectors import ammunition_types, expiry_list
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Balance, Lot
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
    today = timezone.localdate()
    province = Unit.objects.get(code="QK1-LS")
    isolations = LotIsolation.objects.select_related("lot", "unit")
    assert isolations.filter(unit__path__startswith=province.path).exists()
    assert all(i.lot.status == LotStatus.ISOLATED for i in isolations)
    assert ShelfLifeExtension.objects.exists()
    for extension in ShelfLifeExtension.objects.select_related("lot"):
        assert extension.new_expiry > extension.decided_on
        assert extension.lot.expiry_date >= extension.new_expiry
    # No lot in stock past its expiry shows as in normal use: extended, isolated or disposed.
    held = Balance.objects.filter(quantity__gt=0, lot__isnull=False).values("lot_id")
    stale = Lot.objects.filter(pk__in=held, status=LotStatus.NORMAL, expiry_date__lt=today,
                               type__in=ammunition_types())
    assert not stale.exists(), list(stale.values_list("lot_number", "expiry_date")[:5])
    # Batch titles do not repeat the word the screens put before them ("Đợt tiêu hủy …").
    assert not DisposalBatch.objects.filter(title__istartswith="Hủy").exists()
    batch = DisposalBatch.objects.get()
    assert batch.status == DisposalBatch.Status.DONE
    assert batch.write_offs.filter(movement__status="posted").exists()
    region = Unit.objects.get(code="QK1")
    assert expiry_list(unit=region, filters={"window": "90"}).exclude(
        expiry_date__lt=timezone.localdate()).count() >= 3
