"""The demo cascade, seeded on the test organisation with the demo's unit codes."""

import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kythuat.directives import demo, selectors
from kythuat.directives.models import Clause, Directive
from kythuat.documents import demo as documents_demo
from kythuat.documents.models import Issuer
from kythuat.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(org):
    """The demo's codes on the test tree: BQP above QK1 is not needed to seed, only to see."""
    org.province_a.code = "QK1-LS"
    org.province_a.save()
    bqp = Unit.objects.create(code="BQP", name="Bộ Quốc phòng",
                              kind=UnitKind.objects.get(code="bo"))
    division = Unit.objects.create(code="SD346", name="Sư đoàn 346", parent=org.hq,
                                   kind=UnitKind.objects.get(code="su-doan"))
    units = {"BQP": bqp, "QK1": org.hq, "QK1-LS": org.province_a, "SD346": division}
    return SimpleNamespace(tree=SimpleNamespace(units=units), today=timezone.localdate(),
                           rng=random.Random(1), small=True)  # noqa: S311


def test_demo_builds_the_cascade_of_resolution_382(context, org):
    documents_demo.seed(context)  # runs first in the demo: its Lạng Sơn Party name is from 2015
    summary = demo.seed(context)
    assert summary == "Văn bản chỉ đạo: 5 văn bản, 25 nhiệm vụ, giải pháp"
    shown = list(Directive.objects.order_by("issued_on").values_list(
        "kind__code", "number", "symbol", "series", "term_label"))
    assert shown == [
        ("NQ", 382, "NQ/ĐUQSTW", "term:2005-11-01", "2005–2010"),
        ("KL", 763, "KL/QUTW", "term:2010-11-01", "2010–2015"),
        ("CTHĐ", 352, "CTr/ĐUQK", "term:2010-07-01", "2010–2015"),
        ("CTr", 9, "CTr/ĐUQS", "term:2010-07-15", "2010–2015"),
        ("KH", 15, "KH/ĐU", "term:2010-06-01", "2010–2015"),
    ]
    renamed = Issuer.objects.get(abbreviation="QUTW")
    assert renamed.predecessor.abbreviation == "ĐUQSTW"
    assert str(renamed.predecessor.valid_to) == "2011-12-31"
    # The documents demo's Lạng Sơn committee (from 2015) keeps its name; the 2013 one ends first.
    lang_son = Issuer.objects.filter(unit=org.province_a, profile__code="party").order_by(
        "valid_from")
    assert [(i.valid_from.year, i.valid_to and i.valid_to.year) for i in lang_son] == [
        (2007, 2014), (2015, None)]
    clause = Clause.objects.get(directive__number=352, directive__symbol="CTr/ĐUQK", number="2")
    assert "tủ súng, giá súng" in clause.text


def test_demo_cascade_runs_from_the_resolution_to_the_units(context, org):
    demo.seed(context)
    kl = Directive.objects.get(number=763)
    root = org.users["officer_hq"]
    root.is_superuser = True
    cascade = selectors.directive_cascade(user=root, directive=kl)
    assert [(r.directive.number_symbol, r.depth) for r in cascade.ancestors] == [
        ("382-NQ/ĐUQSTW", 1)]
    assert [(r.directive.number_symbol, r.depth) for r in cascade.descendants] == [
        ("352-CTr/ĐUQK", 1), ("09-CTr/ĐUQS", 2), ("15-KH/ĐU", 2)]


def test_demo_seeds_without_the_documents_demo(context):
    summary = demo.seed(context)
    assert "5" in summary
    assert Issuer.objects.filter(abbreviation="ĐUQS").get().valid_to is None
