"""The indicators over HTTP give the registry's figures, by subordinate unit too, and the
records that add up to them; bad input gets a Vietnamese 400, an outside unit a 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kythuat.indicators import registry
from kythuat.indicators.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def holdings(org):
    org.rifles(org.province_a, "AK-001", "AK-002", day=dt.date(2025, 3, 1))
    org.rifles(org.commune_a, "AK-003", grade=3, day=dt.date(2025, 3, 1))
    org.rifles(org.province_b, "AK-900", grade=4, day=dt.date(2025, 3, 1))
    return org


def test_definitions_list_every_indicator_with_its_kind_and_unit(client, holdings):
    client.force_login(holdings.users["viewer_a"])
    data = client.get(reverse("indicator-list")).json()
    by_code = {row["code"]: row for row in data}
    assert set(by_code) >= set(registry.REGISTRY)
    coefficient = by_code["holdings.technical_coefficient"]
    assert coefficient["kind"] == "ratio"
    assert coefficient["numerator"] == "holdings.serviceable"
    assert coefficient["unit_code"] == "percent"
    assert [d["name"] for d in by_code["holdings.on_hand"]["dimensions"]] == ["grade", "branch"]


def test_value_by_subordinates_is_the_registrys(client, holdings):
    org = holdings
    client.force_login(org.users["officer_hq"])
    url = reverse("indicator-value", kwargs={"code": "holdings.technical_coefficient"})
    data = client.get(url, {"unit": org.hq.pk, "year": "2025", "by": "subordinates"}).json()
    assert Decimal(data["total"]) == Decimal("50.0")  # 2 serviceable of 4 pieces
    assert (Decimal(data["numerator"]), Decimal(data["denominator"])) == (2, 4)
    shares = {row["unit"]["name"]: row["total"] for row in data["subordinates"]}
    assert shares == {"Bộ CHQS tỉnh Lạng Sơn": "66.700", "Bộ CHQS tỉnh Cao Bằng": "0.000"}
    value = registry.compute("holdings.technical_coefficient", org.hq, Period.year(2025))
    assert Decimal(data["total"]) == value.total
    assert data["period"]["label"] == "năm 2025"


def test_records_add_up_to_the_value(client, holdings):
    org = holdings
    client.force_login(org.users["viewer_a"])
    params = {"unit": org.province_a.pk, "from": "01/01/2025", "to": "31/12/2025"}
    value = client.get(reverse("indicator-value", kwargs={"code": "holdings.on_hand"}),
                       params).json()
    records = client.get(reverse("indicator-records", kwargs={"code": "holdings.on_hand"}),
                         params).json()
    assert records["count"] == 3
    assert sum(Decimal(r["amount"]) for r in records["results"]) == Decimal(value["total"]) == 3
    assert {r["record_type"] for r in records["results"]} == {"holdings.ledgerentry"}
    grades = {row["keys"]["grade"]: Decimal(row["value"]) for row in value["rows"]}
    assert grades == {"1": 2, "3": 1}


def test_bad_period_is_a_vietnamese_400(client, holdings):
    client.force_login(holdings.users["viewer_a"])
    url = reverse("indicator-value", kwargs={"code": "holdings.on_hand"})
    response = client.get(url, {"from": "01/03/2025", "to": "01/01/2025"})
    assert response.status_code == 400
    assert "trước ngày bắt đầu" in str(response.json())
    assert client.get(url, {"year": "abc"}).status_code == 400


def test_unknown_indicator_and_outside_unit_are_404(client, holdings):
    org = holdings
    client.force_login(org.users["officer_b"])
    assert client.get(reverse("indicator-value", kwargs={"code": "no.such"})).status_code == 404
    url = reverse("indicator-records", kwargs={"code": "holdings.on_hand"})
    assert client.get(url, {"unit": org.province_a.pk}).status_code == 404
    own = client.get(url, {"year": "2025"}).json()
    assert own["count"] == 1  # Cao Bằng's one rifle, nothing of Lạng Sơn
