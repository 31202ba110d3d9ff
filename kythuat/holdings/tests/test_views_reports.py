import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from kythuat.holdings import services
from kythuat.holdings.models import PeriodClose
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def login(client, org, persona):
    client.force_login(org.users[persona])
    return client


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def shown(text: str, **params) -> str:
    with translation.override("vi"):
        return translation.gettext(text) % params if params else translation.gettext(text)


@pytest.fixture
def books(org):
    """Lạng Sơn: 2025 receipt of 100 l fuel; in Q1 2026 two rifles and 40 l more, 30 l issued
    to its commune and 5 l consumed there. Cao Bằng: 70 l."""
    org.bulk(org.province_a, org.fuel, 100, day=dt.date(2025, 6, 1))
    org.rifles(org.province_a, "AK-001", "AK-002", day=dt.date(2026, 1, 10))
    org.bulk(org.province_a, org.fuel, 40, day=dt.date(2026, 2, 1))
    issue = services.movement_create(
        actor=None,
        kind="issue",
        from_unit=org.province_a,
        to_unit=org.commune_a,
        effective_date=dt.date(2026, 2, 10),
        lines=[LineSpec(type=org.fuel, quantity=Decimal(30), grade=1, usage_group=org.sscd)],
    )
    services.movement_post(actor=None, movement=issue)
    consume = services.movement_create(
        actor=None,
        kind="consumption",
        from_unit=org.commune_a,
        effective_date=dt.date(2026, 3, 1),
        lines=[LineSpec(type=org.fuel, quantity=Decimal(5), grade=1, usage_group=org.sscd)],
    )
    services.movement_post(actor=None, movement=consume)
    org.bulk(org.province_b, org.fuel, 70, day=dt.date(2026, 1, 5))
    return org


# Balances


def test_balances_of_the_users_subtree_with_totals(client, books):
    response = login(client, books, "viewer_a").get(reverse("holdings:balance-list"))
    table = response.context["table"]
    totals = {row.labels[0]: row.shown_total for row in table.rows}
    assert totals == {"Súng tiểu liên AK-47": 2, "Dầu điêzen": 135}
    assert {t.uom: t.shown_total for t in table.totals} == {"khẩu": 2, "lít": 135}


def test_balances_as_at_a_past_date(client, books):
    url = reverse("holdings:balance-list") + "?as_of=31/12/2025"
    response = login(client, books, "viewer_a").get(url)
    rows = response.context["table"].rows
    assert [(row.labels[0], row.shown_total) for row in rows] == [("Dầu điêzen", 100)]


def test_balances_by_unit_show_each_units_own_holdings(client, books):
    url = reverse("holdings:balance-list") + "?group=unit_type"
    response = login(client, books, "officer_a").get(url)
    rows = {row.labels: row.shown_total for row in response.context["table"].rows}
    assert rows[("Ban CHQS xã Hữu Lũng", "Dầu điêzen")] == 25
    assert rows[("Bộ CHQS tỉnh Lạng Sơn", "Dầu điêzen")] == 110


def test_balance_figures_of_serial_types_link_to_the_items(client, books):
    response = login(client, books, "viewer_a").get(reverse("holdings:balance-list"))
    rifles = next(r for r in response.context["table"].rows if r.labels[0].startswith("Súng"))
    url = reverse("holdings:item-list") + "?" + rifles.links[1]
    assert client.get(url).context["page"].paginator.count == 2


def test_balances_of_a_unit_outside_the_subtree_are_not_found(client, books):
    url = reverse("holdings:balance-list") + f"?unit={books.province_a.pk}"
    assert login(client, books, "officer_b").get(url).status_code == 404


def test_balance_export_has_numbers_and_totals(client, books):
    url = reverse("holdings:balance-export") + "?as_of=31/03/2026"
    book = workbook(login(client, books, "viewer_a").get(url))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    fuel = next(r for r in rows if r[1] == "Dầu điêzen")
    assert fuel[-1] == 135
    assert isinstance(fuel[-1], int)
    assert [r[2:] for r in rows[-2:]] == [
        ["khẩu", 2, None, None, None, None, 2],
        ["lít", 135, None, None, None, None, 135],
    ]


# The period report and the strength screen live in the reports app (its tests check the
# figures); the old addresses redirect there with the same filters.


def test_old_period_report_addresses_redirect_to_the_one_report(client, books):
    login(client, books, "viewer_a")
    response = client.get(reverse("holdings:period-report") + "?year=2026&quarter=1")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:increase-decrease") + "?year=2026&quarter=1"
    response = client.get(reverse("holdings:period-report-export") + "?year=2026")
    assert response["Location"] == reverse("reports:increase-decrease-export") + "?year=2026"


def test_old_strength_addresses_redirect_with_the_same_grouping(client, books):
    login(client, books, "officer_hq")
    url = reverse("holdings:strength") + f"?unit={books.hq.pk}&collapse=on"
    response = client.get(url)
    assert response["Location"] == reverse("reports:strength") + f"?unit={books.hq.pk}"
    response = client.get(reverse("holdings:strength-export"))
    assert response["Location"] == reverse("reports:strength-export") + "?per_unit=on"
    followed = client.get(reverse("holdings:strength"), follow=True)
    assert followed.status_code == 200
    assert followed.context["kind"].slug == "strength"


def test_old_addresses_of_an_outside_unit_answer_404(client, books):
    login(client, books, "officer_a")
    for name in ("holdings:period-report", "holdings:strength", "holdings:strength-export"):
        response = client.get(reverse(name), {"unit": books.province_b.pk})
        assert response.status_code == 404, name


# Closing periods


def test_closing_a_period_not_yet_over_is_refused_with_a_message(client, books):
    response = login(client, books, "officer_a").post(
        reverse("holdings:period-close-create"),
        {"unit": books.province_a.pk, "year": TODAY.year, "period": "year"},
    )
    assert response.status_code == 200
    message = shown(
        "A period can be closed only after its last day (%(date)s).", date=f"31/12/{TODAY.year}"
    )
    assert message in response.content.decode()
    assert not PeriodClose.objects.exists()


def test_closing_a_past_period(client, books):
    response = login(client, books, "officer_a").post(
        reverse("holdings:period-close-create"),
        {"unit": books.province_a.pk, "year": 2025, "period": "4"},
    )
    assert response.status_code == 302
    close = PeriodClose.objects.get()
    assert (close.unit, close.period_end) == (books.province_a, dt.date(2025, 12, 31))
    listing = client.get(reverse("holdings:period-close-list"))
    assert close in listing.context["page"].object_list
    assert "Q4/2025" in listing.content.decode()


def test_period_closing_form_only_for_officers_and_list_is_scoped(client, books):
    services.period_close(actor=None, unit=books.province_b, kind="year", year=2025)
    response = login(client, books, "viewer_a").get(reverse("holdings:period-close-list"))
    assert response.context["form"] is None
    assert list(response.context["page"].object_list) == []


def test_closing_a_unit_outside_the_subtree_is_refused(client, books):
    response = login(client, books, "officer_a").post(
        reverse("holdings:period-close-create"),
        {"unit": books.province_b.pk, "year": 2025, "period": "year"},
    )
    assert response.context["form"].errors["unit"]
    assert not PeriodClose.objects.exists()
