"""Reads: down-and-up visibility, the list's filters and the cascade."""

import datetime as dt

import pytest

from kythuat.directives import selectors
from kythuat.directives.models import Clause
from kythuat.directives.services import clause_create, directive_set_status
from kythuat.documents import services as document_services

from .conftest import kind

pytestmark = pytest.mark.django_db
D = dt.date

# Who sees a directive issued by … : the unit, its subtree (sent down) and its ancestors.
MATRIX = [
    # persona,        region (QK1), Lạng Sơn, Cao Bằng
    ("officer_hq", True, True, True),
    ("officer_a", True, True, False),
    ("viewer_a", True, True, False),
    ("clerk_commune", True, True, False),
    ("officer_b", True, False, True),
    ("admin_b", True, False, True),
]


@pytest.mark.parametrize(("persona", "region", "lang_son", "cao_bang"), MATRIX)
def test_directive_visibility_is_down_and_up(org, issuers, make, persona, region, lang_son,
                                             cao_bang):
    made = {"region": make(issuers.region, 1, D(2021, 1, 5)),
            "lang_son": make(issuers.state_a, 1, D(2021, 1, 5), "KH"),
            "cao_bang": make(issuers.state_b, 1, D(2021, 1, 5), "KH")}
    clause_create(actor=None, directive=made["lang_son"], number="1", text="Xây kho")
    user = org.users[persona]
    seen = set(selectors.directive_list(user=user).values_list("pk", flat=True))
    assert {name for name, d in made.items() if d.pk in seen} == {
        name for name, shown in (("region", region), ("lang_son", lang_son),
                                 ("cao_bang", cao_bang)) if shown}
    assert Clause.objects.visible_to(user).exists() is lang_son


def test_list_search_ignores_diacritics(issuers, make):
    make(issuers.region, 1, D(2021, 1, 5), title="Về lãnh đạo công tác kỹ thuật")
    make(issuers.region, 2, D(2021, 1, 5), title="Về huấn luyện")
    found = selectors.directive_list(user=_root(issuers), filters={"q": "lanh dao ky thuat"})
    assert [d.number for d in found] == [1]
    found = selectors.directive_list(user=_root(issuers), filters={"q": "01-NQ/ĐUQK"})
    assert [d.number for d in found] == [1]


def _root(issuers):
    user = issuers.region.unit.users.get(username="officer_hq")
    user.is_superuser = True
    return user


def test_list_filters_by_kind_year_and_status(issuers, make):
    make(issuers.state_a, 1, D(2021, 1, 5), "KH")
    second = make(issuers.state_a, 2, D(2022, 1, 5), "KH")
    make(issuers.state_a, 1, D(2022, 2, 5), "QĐ")
    directive_set_status(actor=None, directive=second, status="expired")
    root = _root(issuers)

    def numbers(**filters):
        return sorted((d.kind.code, d.number) for d in selectors.directive_list(
            user=root, filters={k: str(v) for k, v in filters.items()}))

    assert numbers(kind=kind("KH").pk) == [("KH", 1), ("KH", 2)]
    assert numbers(year=2022) == [("KH", 2), ("QĐ", 1)]
    assert numbers(status="in_force") == [("KH", 1), ("QĐ", 1)]


def test_issuer_filter_takes_every_name_of_the_body(org, issuers, make):
    before = make(issuers.party_a, 5, D(2021, 3, 1), "CTr")
    renamed = document_services.issuer_create(
        actor=None, unit=org.province_a, profile=issuers.party_a.profile,
        name="Đảng ủy Bộ CHQS tỉnh", abbreviation="ĐUBCH", place="Lạng Sơn",
        valid_from=D(2023, 1, 1), predecessor=issuers.party_a, term_start=D(2020, 7, 1),
        term_end=D(2025, 6, 30))
    after = make(renamed, 6, D(2023, 3, 1), "CTr")
    make(issuers.state_a, 1, D(2023, 1, 5), "KH")
    found = selectors.directive_list(user=org.users["officer_a"],
                                     filters={"issuer": str(renamed.pk)})
    assert set(found) == {before, after}


# The cascade -------------------------------------------------------------------------------

def _rows(rows):
    return [(row.directive.number_symbol, row.depth, row.repeated) for row in rows]


def test_cascade_from_the_middle_goes_both_ways(org, chain):
    cascade = selectors.directive_cascade(user=org.users["clerk_commune"], directive=chain.middle)
    assert _rows(cascade.ancestors) == [("12-NQ/ĐUQK", 1, False)]
    assert _rows(cascade.descendants) == [("30/KH-BCH", 1, False)]


def test_cascade_from_the_top_is_transitive(org, chain):
    cascade = selectors.directive_cascade(user=org.users["officer_hq"], directive=chain.top)
    assert cascade.ancestors == []
    assert _rows(cascade.descendants) == [("05-CTr/ĐUQS", 1, False), ("30/KH-BCH", 2, False)]
    assert cascade.descendants[1].via == chain.middle.pk


def test_cascade_hides_what_the_user_may_not_see(org, chain, issuers, make):
    own = make(issuers.state_b, 3, D(2021, 6, 1), "KH", [chain.top])
    cascade = selectors.directive_cascade(user=org.users["officer_b"], directive=chain.top)
    assert _rows(cascade.descendants) == [("03/KH-BCH", 1, False)]
    assert own.implements.get() == chain.top


def test_cascade_reads_from_the_top_down_over_the_directive(org, chain):
    cascade = selectors.directive_cascade(user=org.users["officer_hq"], directive=chain.bottom)
    assert [(row.directive.number, indent) for row, indent in cascade.ancestors_top_down] == [
        (12, 0), (5, 1)]
    assert cascade.levels_above == 2


def test_a_directive_reached_twice_is_marked_repeated(org, issuers, make):
    top = make(issuers.region, 1, D(2021, 1, 5))
    left = make(issuers.region, 2, D(2021, 2, 5), "KL", [top])
    right = make(issuers.state_a, 3, D(2021, 2, 5), "CTr", [top])
    make(issuers.state_a, 4, D(2021, 3, 5), "KH", [left, right])
    cascade = selectors.directive_cascade(user=org.users["officer_hq"], directive=top)
    assert _rows(cascade.descendants) == [
        ("02-KL/ĐUQK", 1, False), ("04/KH-BCH", 2, False),
        ("03/CTr-BCH", 1, False), ("04/KH-BCH", 2, True)]


def test_cascade_takes_one_query_per_level(org, issuers, make, django_assert_num_queries):
    previous = []
    directives = []
    for number in range(1, 7):  # six levels, two directives on each
        level = [make(issuers.state_a, number, D(2021, 1, number), "KH", previous),
                 make(issuers.state_a, number, D(2021, 1, number), "QĐ", previous)]
        directives.append(level)
        previous = level
    top = directives[0][0]
    user = org.users["officer_a"]
    assert user.unit == org.province_a  # loaded once, as for a request's user
    # Up: one query finds nothing. Down: five levels, one query each, and one finding nothing.
    with django_assert_num_queries(7):
        cascade = selectors.directive_cascade(user=user, directive=top)
    assert max(row.depth for row in cascade.descendants) == 5
