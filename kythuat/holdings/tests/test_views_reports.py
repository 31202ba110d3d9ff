import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from kythuat.holdings import services
from kythuat.holdings.models import AuthorizedStrength, Balance, PeriodClose
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


# The period report


def test_period_report_rows_balance_and_match_the_books(client, books):
    url = reverse("holdings:period-report") + "?year=2026&quarter=1"
    response = login(client, books, "viewer_a").get(url)
    table = response.context["table"]
    rows = [line for line in table.lines if line.kind == "row"]
    fuel = next(line for line in rows if line.label == "Dầu điêzen")
    assert (fuel.opening, fuel.closing) == (100, 135)
    assert fuel.opening + fuel.total_increase - fuel.total_decrease == fuel.closing
    receipts = [k for k, _label in table.increase_kinds].index("receipt")
    assert fuel.increases[receipts] == 40
    totals = {line.uom: line for line in table.lines if line.kind == "total"}
    for total in totals.values():
        assert total.opening + total.total_increase - total.total_decrease == total.closing
    assert all(line.balances for line in table.lines)
    on_hand = (
        Balance.objects.filter(unit__path__startswith=books.province_a.path)
        .values("type__uom")
        .annotate(total=Sum("quantity"))
    )
    # Nothing was posted after the quarter, so its closing is what the books hold now.
    assert {row["type__uom"]: row["total"] for row in on_hand} == {
        uom: total.closing for uom, total in totals.items()
    }


def test_period_report_with_explicit_dates_and_a_bad_range(client, books):
    login(client, books, "viewer_a")
    response = client.get(reverse("holdings:period-report") + "?start=01/02/2026&end=28/02/2026")
    fuel = next(line for line in response.context["table"].lines if line.label == "Dầu điêzen")
    assert (fuel.opening, fuel.closing) == (100, 140)
    response = client.get(reverse("holdings:period-report") + "?start=01/03/2026&end=01/02/2026")
    assert response.context["table"] is None
    assert response.context["form"].errors["end"]


def test_period_report_export_is_a_printable_sheet_of_numbers(client, books):
    url = reverse("holdings:period-report-export") + "?year=2026&quarter=1"
    book = workbook(login(client, books, "viewer_a").get(url))
    sheet = book.active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Bộ CHQS tỉnh Lạng Sơn".upper() in values
    assert shown("PREPARED BY") in values
    assert shown("UNIT COMMANDER") in values
    fuel = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Dầu điêzen")
    assert fuel[4] == 100
    assert fuel[-1] == 135


def test_period_report_of_a_unit_outside_the_subtree_is_not_found(client, books):
    url = reverse("holdings:period-report") + f"?unit={books.province_b.pk}"
    assert login(client, books, "officer_a").get(url).status_code == 404


# Authorised strength


def test_strength_shows_the_shortage(client, books):
    services.authorized_strength_set(
        actor=None,
        unit=books.province_a,
        type=books.rifle,
        quantity=Decimal(5),
        valid_from=dt.date(2025, 1, 1),
    )
    services.authorized_strength_set(
        actor=None,
        unit=books.province_a,
        type=books.rifle,
        quantity=Decimal(9),
        valid_from=TODAY + dt.timedelta(days=1),
    )
    response = login(client, books, "viewer_a").get(reverse("holdings:strength"))
    row = next(r for r in response.context["rows"] if r.type_name.startswith("Súng"))
    assert (row.authorized, row.on_hand, row.difference) == (5, 2, -3)
    assert 'data-difference="-3"' in response.content.decode()
    assert response.context["set_form"] is None  # a viewer does not get the form


def test_strength_collapsed_to_direct_subordinates(client, books):
    services.authorized_strength_set(
        actor=None,
        unit=books.commune_a,
        type=books.fuel,
        quantity=Decimal(20),
        valid_from=dt.date(2025, 1, 1),
    )
    url = reverse("holdings:strength") + f"?unit={books.hq.pk}&collapse=on"
    response = login(client, books, "officer_hq").get(url)
    rows = {(r.unit, r.type_name): r for r in response.context["rows"]}
    assert rows[("Bộ CHQS tỉnh Lạng Sơn", "Dầu điêzen")].authorized == 20
    assert rows[("Bộ CHQS tỉnh Lạng Sơn", "Dầu điêzen")].on_hand == 135
    assert rows[("Bộ CHQS tỉnh Cao Bằng", "Dầu điêzen")].difference is None


def test_officer_sets_an_authorised_quantity(client, books):
    response = login(client, books, "officer_a").post(
        reverse("holdings:strength-set"),
        {
            "unit": books.commune_a.pk,
            "type": books.rifle.pk,
            "quantity": "3",
            "valid_from": "01/01/2026",
            "decision_ref": "QĐ 12/2026",
        },
    )
    assert response.status_code == 302
    row = AuthorizedStrength.objects.get(unit=books.commune_a, type=books.rifle)
    assert row.quantity == 3
    assert row.decision_ref == "QĐ 12/2026"


def test_viewer_may_not_set_an_authorised_quantity(client, books):
    response = login(client, books, "viewer_a").post(
        reverse("holdings:strength-set"),
        {
            "unit": books.province_a.pk,
            "type": books.rifle.pk,
            "quantity": "3",
            "valid_from": "01/01/2026",
        },
    )
    assert response.status_code == 403
    assert not AuthorizedStrength.objects.exists()


def test_negative_authorised_quantity_is_refused_with_a_message(client, books):
    response = login(client, books, "officer_a").post(
        reverse("holdings:strength-set"),
        {
            "unit": books.province_a.pk,
            "type": books.rifle.pk,
            "quantity": "-1",
            "valid_from": "01/01/2026",
        },
    )
    assert response.status_code == 200
    assert response.context["set_form"].errors["quantity"]
    assert not AuthorizedStrength.objects.exists()


def test_strength_export(client, books):
    services.authorized_strength_set(
        actor=None,
        unit=books.province_a,
        type=books.rifle,
        quantity=Decimal(5),
        valid_from=dt.date(2025, 1, 1),
    )
    book = workbook(login(client, books, "viewer_a").get(reverse("holdings:strength-export")))
    rifle = next(r for r in book.active.iter_rows(values_only=True) if r[2] == books.rifle.name)
    assert rifle[4:7] == (5, 2, -3)


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


def test_period_report_opens_without_a_query_on_this_year(client, org):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("holdings:period-report"))
    assert response.status_code == 200
    assert str(timezone.localdate().year) in response.content.decode()
