"""The demo content of this app, seeded on the test organisation (the whole demo takes a
minute; kythuat/demo/tests runs it)."""

import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kythuat.documents import demo
from kythuat.documents.models import IssuedNumber, Issuer

pytestmark = pytest.mark.django_db


def test_demo_issuers_and_register(org):
    org.province_a.code = "QK1-LS"
    org.province_a.save()
    context = SimpleNamespace(tree=SimpleNamespace(units={"QK1-LS": org.province_a}),
                              today=timezone.localdate(), rng=random.Random(1), small=True)  # noqa: S311
    summary = demo.seed(context)
    assert summary == "Văn bản: 3 cơ quan ban hành, 7 số trong sổ đăng ký"  # QK1 is there too
    assert Issuer.objects.get(unit__code="QK1").place == "Thái Nguyên"
    party = Issuer.objects.get(profile__code="party")
    assert party.abbreviation == "ĐUQS"
    assert party.term_end is not None
    symbols = list(IssuedNumber.objects.order_by("date", "pk").values_list("symbol", flat=True))
    assert symbols[:3] == ["01/KH-BCH", "01-NQ/ĐUQS", "02/BC-BCH"]
    assert "01-BC/ĐUQS" in symbols
