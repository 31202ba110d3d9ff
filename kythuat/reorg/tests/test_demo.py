import datetime as dt
import random
from decimal import Decimal

from django.utils.translation import gettext

from kythuat.catalog.models import Branch, EquipmentType, Tracking, UsageGroup
from kythuat.demo.extensions import DemoContext
from kythuat.demo.org_tree import TreeBuilder
from kythuat.holdings.models import Balance, Movement
from kythuat.holdings.services import LineSpec, movement_record
from kythuat.org.models import Lineage, Unit
from kythuat.reorg import demo
from kythuat.reorg.models import Reorganisation


def test_demo_applies_the_2026_decisions_with_their_handovers(db):
    fuel = EquipmentType.objects.create(symbol="DẦU-DO", name="Dầu điêzen", uom="lít",
                                        branch=Branch.objects.get(code="xe-may"),
                                        tracking=Tracking.BULK)
    tree = TreeBuilder(small=True).build()
    depot = tree.units["QK1-CB-K22"]
    facility = tree.facilities[(depot.pk, "main")]
    movement_record(actor=None, kind="receipt", source="higher_level", to_unit=depot,
                    to_facility=facility, effective_date=dt.date(2026, 1, 5),
                    lines=[LineSpec(type=fuel, quantity=Decimal(300), grade=1,
                                    usage_group=UsageGroup.objects.get(code="sscd"))])
    context = DemoContext(tree=tree, book=None, groups={}, today=dt.date(2026, 12, 7),
                          rng=random.Random(1), small=True)  # noqa: S311
    line = demo.seed(context)
    assert line == gettext("Reorganisations: %(applied)s decisions applied, %(announced)s "
                           "announced") % {"applied": 2, "announced": 1}
    statuses = dict(Reorganisation.objects.values_list("number", "status"))
    assert statuses == {"1260/QĐ-BTL": "applied", "2150/QĐ-BTL": "applied",
                        "2611/QĐ-BTL": "announced"}
    province = tree.units["QK1-CB"]
    assert Balance.objects.get(unit=province, type=fuel, facility=facility).quantity == 300
    assert Movement.objects.filter(from_unit=depot, to_unit=province).count() == 1
    assert Unit.objects.get(pk=depot.pk).valid_to == dt.date(2026, 5, 31)
    merged = Lineage.objects.get(kind="merge")
    assert merged.predecessor.code.startswith("QK1-LS-PTKV")
    assert not merged.predecessor.children.active().exists()
