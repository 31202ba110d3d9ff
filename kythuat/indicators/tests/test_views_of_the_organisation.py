"""A unit merged by a reorganisation, seen "as the organisation was" and "as it is" (issue 12):
the API takes the same `view` as the screens and gives their figures; a page seen as it is
links to records, subordinates and other pages seen as it is; the records page behind a value
lists the records that value counted."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from kythuat.reorg import services as reorg
from kythuat.reorg.models import Change

pytestmark = pytest.mark.django_db

MERGED_ON = dt.date(2026, 7, 1)
Q1 = {"from": "01/01/2026", "to": "31/03/2026"}
DETAIL = reverse("dashboard:indicator-detail", kwargs={"code": "holdings.on_hand"})


@pytest.fixture
def merged(org):
    """Lạng Sơn (two rifles of its own, one in its commune) merged into Cao Bằng (one rifle)
    on 01/07/2026: in the first quarter Cao Bằng held one rifle; as it is, four."""
    org.rifles(org.province_a, "AK-1", "AK-2", day=dt.date(2026, 1, 6))
    org.rifles(org.commune_a, "AK-3", day=dt.date(2026, 1, 6))
    org.rifles(org.province_b, "AK-4", day=dt.date(2026, 1, 6))
    decision = reorg.decision_create(actor=None, issuer=org.hq, number="15/QĐ-BTL",
                                     title="Sáp nhập", signed_on=dt.date(2026, 6, 10),
                                     effective_on=MERGED_ON)
    reorg.change_add(actor=None, decision=decision, kind=Change.Kind.MERGE,
                     unit=org.province_a, successor=org.province_b)
    reorg.decision_apply(actor=None, decision=decision, today=MERGED_ON)
    return org


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_api_gives_the_screens_figures_in_either_view(client, merged):
    client.force_login(merged.users["officer_hq"])
    query = {"unit": merged.province_b.pk, **Q1}
    api = "/api/v1/indicators/holdings.on_hand/value/"
    was, now = client.get(api, query).json(), client.get(api, {**query, "view": "as_is"}).json()
    assert (was["view"], float(was["total"])) == ("as_was", 1)
    assert (now["view"], float(now["total"])) == ("as_is", 4)
    screen_was = client.get(DETAIL, query).context["value"].total
    screen_now = client.get(DETAIL, {**query, "view": "as_is"}).context["value"].total
    assert (float(screen_was), float(screen_now)) == (1, 4)
    assert params(now["records_url"])["view"] == ["as_is"]
    assert "view" not in params(was["records_url"])

    records = client.get("/api/v1/indicators/holdings.on_hand/records/",
                         {**query, "view": "as_is"}).json()
    assert records["view"] == "as_is"
    assert records["count"] == 4
    subordinates = client.get(api, {**query, "view": "as_is", "by": "subordinates"}).json()
    assert float(subordinates["total"]) == 4
    assert all(params(row["records_url"])["view"] == ["as_is"]
               for row in subordinates["subordinates"])


def test_the_api_refuses_an_unknown_view(client, merged):
    client.force_login(merged.users["officer_hq"])
    for endpoint in ("value", "records"):
        response = client.get(f"/api/v1/indicators/holdings.on_hand/{endpoint}/",
                              {"unit": merged.province_b.pk, "view": "as_it_was"},
                              HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 400
        assert "view" in response.json()["errors"]


def test_a_page_seen_as_it_is_links_in_that_view_and_its_records_add_up(client, merged):
    client.force_login(merged.users["officer_hq"])
    page = client.get(DETAIL, {"unit": merged.hq.pk, **Q1, "view": "as_is"})
    context = page.context
    links = [context["records_url"]] + [row["records_url"] for row in context["rows"]]
    links += [row["url"] for row in context["rows"] if row["url"]]
    assert len(links) == 3  # the total, and Cao Bằng's records and its page
    assert all(params(link)["view"] == ["as_is"] for link in links)
    assert context["app_url"] == ""  # the item list knows only the organisation as it was
    html = page.content.decode()
    assert f"?unit={merged.hq.pk}&amp;from=01%2F01%2F2026&amp;to=31%2F03%2F2026&amp;view=as_is" \
        in html  # the breadcrumbs
    # As it is, Cao Bằng is the only subordinate: Lạng Sơn's rifles are under it.
    (row,) = [row for row in context["rows"] if not row["is_self"]]
    assert (row["unit"], row["value"]) == (merged.province_b, 4)
    records = client.get(row["records_url"])
    assert records.context["page"].paginator.count == records.context["total"] == 4
    assert sum(r["amount"] for r in records.context["rows"]) == 4
    assert {r["unit"].code for r in records.context["rows"]} == {"LS", "LS-XA-01", "CB"}

    was = client.get(DETAIL, {"unit": merged.hq.pk, **Q1}).context
    assert "view" not in params(was["records_url"])
    by_unit = {row["unit"].code: row for row in was["rows"] if not row["is_self"]}
    assert (by_unit["LS"]["value"], by_unit["CB"]["value"]) == (3, 1)
    records = client.get(by_unit["CB"]["records_url"])
    assert records.context["page"].paginator.count == records.context["total"] == 1


def test_the_dashboard_seen_as_it_is_opens_records_seen_as_it_is(client, merged):
    client.force_login(merged.users["officer_hq"])
    context = client.get(reverse("dashboard:home"),
                         {"unit": merged.province_b.pk, **Q1, "view": "as_is"}).context
    kpi = {row["code"]: row for row in context["kpis"]}["holdings.on_hand"]
    assert kpi["value"] == 4
    links = [kpi["url"], kpi["records_url"]] + [row["url"] for row in context["grades"]]
    assert all(params(link)["view"] == ["as_is"] for link in links)
    assert params(links[0])["unit"] == [str(merged.province_b.pk)]
    counted = sum(client.get(row["url"]).context["page"].paginator.count
                  for row in context["grades"])
    assert counted == 4
