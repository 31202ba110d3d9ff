import datetime as dt
import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.catalog.models import EquipmentType
from kythuat.holdings import services
from kythuat.holdings.services import LineSpec
from kythuat.indicators import registry
from kythuat.indicators.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def holdings(org):
    """Lạng Sơn: three rifles (two grade 1, one grade 3), a truck of grade 2 and 200 l of
    fuel; Cao Bằng: one rifle of grade 4. Documents are dated this year so they count as posted
    this year. Fuel is not counted in pieces of equipment."""
    day = timezone.localdate().replace(month=1, day=1)
    org.rifles(org.province_a, "AK-001", "AK-002", day=day)
    org.rifles(org.commune_a, "AK-003", grade=3, day=day)
    org.bulk(org.province_a, org.fuel, 200, day=day)
    truck = EquipmentType.objects.create(symbol="ZIL-131", name="Xe ô tô ZIL-131",
                                         branch=org.fuel.branch, uom="chiếc", tracking="serial")
    org.receive(org.province_a, [LineSpec(type=truck, serial="ZIL-1", grade=2,
                                          usage_group=org.sscd)], day=day)
    org.rifles(org.province_b, "AK-900", grade=4, day=day)
    return org


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def kpis(response) -> dict[str, dict]:
    return {kpi["code"]: kpi for kpi in response.context["kpis"]}


def test_dashboard_figures_are_the_registrys(client, holdings):
    org = holdings
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("dashboard:home"))
    unit, period = org.province_a, Period.year_to_date()
    cards = kpis(response)
    by_grade = registry.compute("holdings.on_hand", unit, period).by("grade")
    # Pieces of serial-tracked equipment: the 200 litres of fuel are not added to rifles.
    assert cards["holdings.on_hand"]["value"] == sum(row.value for row in by_grade) == 4
    for code in ("holdings.technical_coefficient", "holdings.combat_readiness",
                 "holdings.documents_posted"):
        assert cards[code]["value"] == registry.compute(code, unit, period).total, code
    assert cards["holdings.technical_coefficient"]["value"] == Decimal("75.0")
    assert cards["holdings.documents_posted"]["value"] == 4
    assert {row["key"]: row["value"] for row in response.context["grades"]} == {
        1: 2,
        2: 1,
        3: 1,
        4: 0,
        5: 0,
    }
    branches = {row["label"]: row["value"] for row in response.context["branches"]}
    assert branches == {"Quân khí": 3, "Xe - Máy": 1}


def test_dashboard_shows_the_definitions(client, holdings):
    client.force_login(holdings.users["viewer_a"])
    response = client.get(reverse("dashboard:home"))
    for code in ("holdings.technical_coefficient", "holdings.combat_readiness",
                 "holdings.documents_posted"):
        assertContains(response, registry.get(code).definition)


def test_dashboard_links_carry_the_filters(client, holdings):
    org = holdings
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("dashboard:home"), {"unit": org.province_a.pk})
    unit = str(org.province_a.pk)
    grade_3 = response.context["grades"][2]
    assert grade_3["url"].startswith(reverse("holdings:item-list"))
    assert query(grade_3["url"]) == {"unit": [unit], "grade": ["3"]}
    assertContains(response, f'href="{grade_3["url"].replace("&", "&amp;")}"')
    fuel = next(r for r in response.context["branches"] if r["label"] == "Xe - Máy")
    assert query(fuel["url"]) == {"unit": [unit], "branch": [str(org.fuel.branch_id)]}
    cards = kpis(response)
    coefficient = cards["holdings.technical_coefficient"]["url"]
    assert urlsplit(coefficient).path == reverse(
        "dashboard:indicator-detail", args=["holdings.technical_coefficient"])
    documents = cards["holdings.documents_posted"]["records_url"]
    assert urlsplit(documents).path == reverse("dashboard:indicator-records")
    assert query(documents)["from"] == [f"01/01/{timezone.localdate().year}"]
    assert query(documents)["unit"] == [unit]


def test_chart_configs_are_json_with_one_link_per_bar(client, holdings):
    client.force_login(holdings.users["viewer_a"])
    response = client.get(reverse("dashboard:home"))
    grade_chart = json.loads(response.context["grade_chart"])
    dataset = grade_chart["data"]["datasets"][0]
    assert dataset["data"] == [2, 1, 1, 0, 0]
    assert dataset["links"] == [row["url"] for row in response.context["grades"]]
    branch_chart = json.loads(response.context["branch_chart"])
    assert branch_chart["data"]["labels"] == ["Quân khí", "Xe - Máy"]
    assertContains(response, 'data-chart="{&quot;type&quot;: &quot;bar&quot;')


def test_dashboard_of_another_subtree_is_404(client, holdings):
    client.force_login(holdings.users["officer_b"])
    response = client.get(reverse("dashboard:home"), {"unit": holdings.province_a.pk})
    assert response.status_code == 404


def test_dashboard_picker_offers_visible_units_only(client, holdings):
    client.force_login(holdings.users["officer_b"])
    response = client.get(reverse("dashboard:home"))
    assert [u.code for u in response.context["units"]] == ["CB"]
    assertNotContains(response, "Lạng Sơn")
    assert kpis(response)["holdings.on_hand"]["value"] == 1


def test_dashboard_of_a_subordinate_unit(client, holdings):
    org = holdings
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("dashboard:home"), {"unit": org.commune_a.pk})
    assert kpis(response)["holdings.on_hand"]["value"] == 1
    assert kpis(response)["holdings.technical_coefficient"]["value"] == Decimal("0.0")
    assert [u.code for u in response.context["ancestors"]] == ["LS"]


def test_empty_unit_shows_dashes_not_zero_coefficients(client, org):
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("dashboard:home"))
    assert kpis(response)["holdings.technical_coefficient"]["value"] is None
    assert kpis(response)["holdings.documents_posted"]["value"] == 0


def test_recent_documents_are_the_units_latest_ten(client, holdings):
    org = holdings
    for n in range(12):
        org.bulk(org.province_a, org.fuel, 1, day=dt.date(timezone.localdate().year, 1, n + 1))
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("dashboard:home"))
    movements = list(response.context["movements"])
    assert len(movements) == 10
    assert all(org.province_a.contains(m.to_unit) for m in movements)
    assert movements[0].effective_date >= movements[-1].effective_date
    draft = services.movement_create(
        actor=None,
        kind="receipt",
        source="factory",
        to_unit=org.province_b,
        effective_date=timezone.localdate(),
        lines=[
            services.LineSpec(type=org.fuel, quantity=Decimal(1), grade=1, usage_group=org.sscd)
        ],
    )
    assert draft not in client.get(reverse("dashboard:home")).context["movements"]


def test_dashboard_query_count_is_bounded(client, holdings, django_assert_max_num_queries):
    client.force_login(holdings.users["officer_hq"])
    # Four headline figures (two of them ratios of two stocks each), two breakdowns of the
    # holdings, the recent documents, the officer's inbox counts and the re-parentings that
    # "as it was" reads: a fixed number of statements whatever the data.
    with django_assert_max_num_queries(25):
        response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert reverse("dashboard:alerts") in response.content.decode()  # loaded after the page


def test_alert_panel_query_count_is_bounded(client, holdings, django_assert_max_num_queries):
    """Each alert source takes at most 3 statements, whatever the number of records behind
    it (an N+1 in a source fails here)."""
    from kythuat.indicators.alerts import SOURCES

    client.force_login(holdings.users["officer_hq"])
    with django_assert_max_num_queries(6 + 3 * len(SOURCES)):
        response = client.get(reverse("dashboard:alerts"))
    assert response.status_code == 200
    assert "Cảnh báo" in response.content.decode()


def test_indicator_list_shows_every_indicator_with_its_value(client, holdings):
    org = holdings
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("dashboard:indicators"))
    rows = {row["indicator"].code: row for section in response.context["sections"].values()
            for row in section}
    assert set(rows) == {indicator.code for indicator in registry.all_indicators()}
    period = Period.year_to_date()
    assert rows["holdings.documents_posted"]["value"] == registry.compute(
        "holdings.documents_posted", org.province_a, period).total == 4
    for indicator in registry.all_indicators():
        assertContains(response, escape(indicator.definition))


def test_unit_summary_partial(client, holdings):
    org = holdings
    client.force_login(org.users["viewer_a"])
    response = client.get(
        reverse("dashboard:unit-summary"),
        {"unit": org.commune_a.pk},
        headers={"HX-Request": "true"},
    )
    assertTemplateUsed(response, "indicators/_unit_summary.html")
    assert response.context["total"] == 1
    assertContains(response, f"unit={org.commune_a.pk}&amp;grade=3")
    assert response.context["coefficient"] == 0
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("dashboard:unit-summary"), {"unit": org.commune_a.pk})
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "bad"), [
    ("grade", "abc"), ("grade", "1.5"), ("branch", "abc"),
    ("branch", "99999999999999999999999"),  # an id SQLite cannot hold: an OverflowError
])
def test_records_of_a_malformed_breakdown_row_are_a_400_not_a_500(client, holdings, name, bad):
    client.force_login(holdings.users["viewer_a"])
    response = client.get(reverse("dashboard:indicator-records"),
                          {"code": "holdings.on_hand", f"by_{name}": bad})
    assert response.status_code == 400
    api = client.get(reverse("indicator-records", kwargs={"code": "holdings.on_hand"}),
                     {f"by_{name}": bad})
    assert api.status_code == 200  # the API reads no breakdown row
