import pytest

from kythuat.storage import selectors, services
from kythuat.storage.models import FacilityKind, Investment

from .conftest import source

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(org, cabinet, depot_b):
    """Investments in Lạng Sơn (depot K19, the commune's cabinet) and Cao Bằng (K45)."""
    store = FacilityKind.objects.get(code="kho")
    second = services.facility_create(actor=None, owner_unit=org.province_a, kind=store,
                                      code="K19B", name="Kho K19 nhà 2")
    rows = [
        (org.depot_a, 2019, "built", 12_000_000_000, "cap-tren-dau-tu"),
        (org.depot_a, 2019, "built", 3_500_000_000, "ngan-sach-dia-phuong"),
        (org.depot_a, 2023, "upgraded", 1_200_000_000, "cap-tren-dau-tu"),
        (second, 2021, "built", 4_000_000_000, "cap-tren-dau-tu"),
        (cabinet, 2022, "built", 85_000_000, "ngan-sach-dia-phuong"),
        (cabinet, 2024, "equipped", 15_000_000, "xa-hoi-hoa"),
        (cabinet, 2018, "built", 999, "don-vi-tu-lam"),  # before the period
        (depot_b, 2022, "built", 7_000_000_000, "cap-tren-dau-tu"),  # another subtree
    ]
    return [services.investment_create(actor=None, facility=f, year=y, kind=k, description="X",
                                       cost_vnd=c, funding_source=source(s))
            for f, y, k, c, s in rows]


def expected(records, unit, first, last):
    chosen = [r for r in records if r.facility.owner_unit.path.startswith(unit.path)
              and first <= r.year <= last]
    by_source, by_year = {}, {}
    for r in chosen:
        by_source[r.funding_source.name] = by_source.get(r.funding_source.name, 0) + r.cost_vnd
        by_year[r.year] = by_year.get(r.year, 0) + r.cost_vnd
    built = {r.facility_id for r in chosen if r.kind == Investment.Kind.BUILT}
    return chosen, by_source, by_year, built


@pytest.mark.parametrize(("unit_name", "first", "last"), [
    ("province_a", 2019, 2026), ("hq", 2019, 2026), ("commune_a", 2019, 2026),
    ("province_a", 2022, 2023), ("hq", 2015, 2030)])
def test_investment_summary_matches_the_records(org, records, unit_name, first, last):
    unit = getattr(org, unit_name)
    summary = selectors.investment_summary(unit=unit, year_from=first, year_to=last)
    chosen, by_source, by_year, built = expected(records, unit, first, last)
    assert summary.total == sum(r.cost_vnd for r in chosen)
    assert summary.records == len(chosen)
    assert {row.source.name: row.total for row in summary.rows} == by_source
    assert {y: v for y, v in summary.by_year.items() if v} == by_year
    assert sum(row.total for row in summary.rows) == summary.total
    for row in summary.rows:
        assert sum(row.cells(summary.years)) == row.total
    assert summary.facilities_built == len(built)
    assert summary.facilities_invested == len({r.facility_id for r in chosen})
    assert sum(k.facilities_built for k in summary.kinds) == len(built)
    assert sum(k.total for k in summary.kinds) == summary.total


def test_investment_summary_for_lang_son(org, records):
    summary = selectors.investment_summary(unit=org.province_a, year_from=2019, year_to=2026)
    assert summary.total == 20_800_000_000
    assert summary.facilities_built == 3  # K19, K19B, the cabinet
    local = next(r for r in summary.rows if r.source.code == "ngan-sach-dia-phuong")
    assert local.total == 3_585_000_000
    assert summary.share(local) == 17.2
    kinds = {k.name: (k.facilities_built, k.total) for k in summary.kinds}
    assert kinds == {"Kho": (2, 20_700_000_000), "Tủ súng": (1, 100_000_000)}


def test_lists_are_scoped_and_filtered(org, records):
    officer_b = org.users["officer_b"]
    assert {i.facility.code for i in selectors.investment_list(user=officer_b)} == {"K45"}
    officer_a = org.users["officer_a"]
    local = source("ngan-sach-dia-phuong")
    found = selectors.investment_list(user=officer_a, filters={
        "funding_source": str(local.pk), "year_from": "2020"})
    assert [i.cost_vnd for i in found] == [85_000_000]
    by_facility = selectors.investment_list(user=officer_a,
                                            filters={"facility": str(org.depot_a.pk)})
    assert len(by_facility) == 3
    # A facility of another subtree is not a choice: the filter is ignored, scope stays.
    outside = selectors.investment_list(user=officer_b, filters={"facility": str(org.depot_a.pk)})
    assert {i.facility.code for i in outside} == {"K45"}
