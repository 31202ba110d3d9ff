"""The dashboard's charts: every figure from the registry, every bar and point with its link,
one format for percentages; the indicators page names no code and no English section."""

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kythuat.indicators import registry
from kythuat.indicators.periods import Period
from kythuat.indicators.views.indicators import _section

pytestmark = pytest.mark.django_db


@pytest.fixture
def holdings(org):
    """Lạng Sơn: two rifles of grade 1 and one of grade 3 in its commune; Cao Bằng: one rifle
    of grade 4, all received on 1 January."""
    day = timezone.localdate().replace(month=1, day=1)
    org.rifles(org.province_a, "AK-001", "AK-002", day=day)
    org.rifles(org.commune_a, "AK-003", grade=3, day=day)
    org.rifles(org.province_b, "AK-900", grade=4, day=day)
    return org


def charts(response) -> dict[str, dict]:
    """The Chart.js configs of the charts partial, by their card's data-dashboard-chart name
    (a card without figures has no chart)."""
    body = response.content.decode()
    found = {}
    for card in body.split('data-dashboard-chart="')[1:]:
        name = card.split('"', 1)[0]
        config = re.search(r'data-chart="([^"]+)"', card)
        if config:
            found[name] = json.loads(html.unescape(config.group(1)))
    return found


def test_readiness_charts_read_the_registry(client, holdings):
    client.force_login(holdings.users["officer_hq"])
    response = client.get(reverse("dashboard:charts"))
    shown = charts(response)
    years = shown["readiness-years"]
    assert years["percent"] is True
    this_year = str(timezone.localdate().year)
    assert years["data"]["labels"][-1] == this_year
    coefficient = registry.compute("holdings.technical_coefficient", holdings.hq,
                                   Period.year_to_date())
    assert years["data"]["datasets"][0]["data"][-1] == float(coefficient.total)
    units = shown["readiness-units"]
    rows, _total = registry.by_subordinates("holdings.technical_coefficient", holdings.hq,
                                            Period.year_to_date(), breakdown=False)
    expected = {row.unit.name: float(row.value.total) for row in rows
                if row.value.total is not None}
    assert dict(zip(units["data"]["labels"], units["data"]["datasets"][0]["data"],
                    strict=True)) == expected
    assert units["options"]["indexAxis"] == "y"


def test_every_bar_and_point_opens_its_records(client, holdings):
    client.force_login(holdings.users["officer_hq"])
    for name, config in charts(client.get(reverse("dashboard:charts"))).items():
        for dataset in config["data"]["datasets"]:
            assert len(dataset["links"]) == len(dataset["data"]) == len(config["data"]["labels"])
            assert all(link.startswith("/") for link in dataset["links"]), name


def test_accidents_year_on_year_has_the_three_counts(client, holdings):
    client.force_login(holdings.users["officer_hq"])
    accidents = charts(client.get(reverse("dashboard:charts")))["accidents"]
    names = [dataset["label"] for dataset in accidents["data"]["datasets"]]
    assert names == [str(registry.get(code).name) for code in
                     ("vehicles.accidents", "vehicles.deaths", "vehicles.injuries")]
    assert len(accidents["data"]["labels"]) == 5


def test_the_dashboard_loads_its_charts_after_the_page(client, holdings):
    client.force_login(holdings.users["officer_hq"])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("dashboard:charts") in page
    partial = client.get(reverse("dashboard:charts"), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()


def test_the_charts_take_a_fixed_number_of_queries(client, holdings,
                                                   django_assert_max_num_queries):
    """Five years and each subordinate are read through the registry in a number of
    statements that does not grow with the records."""
    client.force_login(holdings.users["officer_hq"])
    with django_assert_max_num_queries(200):
        first = charts(client.get(reverse("dashboard:charts")))
    holdings.rifles(holdings.commune_a, "AK-101", "AK-102", "AK-103",
                    day=timezone.localdate().replace(month=1, day=2))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("dashboard:charts"))
    holdings.rifles(holdings.province_b, "AK-901", "AK-902",
                    day=timezone.localdate().replace(month=1, day=2))
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("dashboard:charts"))
    assert len(after) == len(before)
    assert first


def test_the_indicators_page_names_sections_not_codes(client, holdings):
    prefixes = {indicator.code.split(".")[0] for indicator in registry.all_indicators()}
    assert not prefixes & {_section(f"{prefix}.x") for prefix in prefixes}
    client.force_login(holdings.users["officer_a"])
    body = client.get(reverse("dashboard:indicators")).content.decode()
    visible = re.sub(r"<[^>]+>", " ", body)
    codes = [indicator.code for indicator in registry.all_indicators()
             if indicator.code in visible]
    assert not codes
