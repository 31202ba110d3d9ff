import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.asserts import assertTemplateNotUsed, assertTemplateUsed

from kythuat.audit.models import AuditEvent
from kythuat.catalog import services as catalog_services
from kythuat.catalog.models import Branch
from kythuat.holdings import services
from kythuat.holdings.models import Item, Lot
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db


def login(client, org, persona):
    client.force_login(org.users[persona])
    return client


def item(serial: str) -> Item:
    return Item.objects.get(serial=serial)


@pytest.fixture
def stock(org):
    """Two rifles in Lạng Sơn (grades 1 and 3), one in its commune, one in Cao Bằng."""
    org.rifles(org.province_a, "AK-001")
    org.rifles(org.province_a, "AK-002", grade=3)
    org.rifles(org.commune_a, "AK-101")
    org.rifles(org.province_b, "CB-001")
    return org


def sheet_rows(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book.active, [list(row) for row in book.active.iter_rows(values_only=True)]


# Scoping


def test_item_list_shows_only_the_users_subtree(client, stock):
    response = login(client, stock, "officer_b").get(reverse("holdings:item-list"))
    assert response.status_code == 200
    assert [i.serial for i in response.context["page"].object_list] == ["CB-001"]
    assert "AK-001" not in response.content.decode()


def test_item_list_of_a_province_includes_its_communes(client, stock):
    response = login(client, stock, "viewer_a").get(reverse("holdings:item-list"))
    serials = {i.serial for i in response.context["page"].object_list}
    assert serials == {"AK-001", "AK-002", "AK-101"}


@pytest.mark.parametrize("name", ["holdings:item-detail", "holdings:item-edit"])
def test_item_pages_outside_the_subtree_are_not_found(client, stock, name):
    response = login(client, stock, "officer_b").get(reverse(name, args=[item("AK-001").pk]))
    assert response.status_code == 404


def test_unit_parameter_outside_the_subtree_is_not_found(client, stock):
    url = reverse("holdings:item-list") + f"?unit={stock.province_a.pk}"
    assert login(client, stock, "officer_b").get(url).status_code == 404


# Filters, search, htmx


def test_search_without_diacritics_finds_the_type(client, stock):
    url = reverse("holdings:item-list") + "?q=sung"
    response = login(client, stock, "officer_a").get(url)
    assert response.context["page"].paginator.count == 3
    assert "Súng tiểu liên AK-47" in response.content.decode()


def test_search_without_matches_shows_the_empty_state(client, stock):
    response = login(client, stock, "officer_a").get(reverse("holdings:item-list") + "?q=xyz")
    assert response.context["page"].paginator.count == 0
    assert 'class="empty-state"' in response.content.decode()


def test_grade_filter_takes_several_grades(client, stock):
    url = reverse("holdings:item-list") + "?grade=3&grade=4"
    response = login(client, stock, "officer_a").get(url)
    assert [i.serial for i in response.context["page"].object_list] == ["AK-002"]


def test_htmx_request_gets_only_the_rows(client, stock, django_assert_max_num_queries):
    login(client, stock, "officer_a")
    # With the books' version behind the cached count; the page's ids, then their rows.
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("holdings:item-list") + "?q=ak", headers={"HX-Request": "true"}
        )
    assertTemplateUsed(response, "holdings/_item_rows.html")
    assertTemplateNotUsed(response, "base.html")
    assert response.content.decode().lstrip().startswith('<div id="item-rows"')


def test_full_page_query_count_does_not_grow_with_rows(client, org, django_assert_max_num_queries):
    org.rifles(org.province_a, *(f"AK-{n:03d}" for n in range(40)))
    login(client, org, "officer_a")
    with django_assert_max_num_queries(13):  # the page's ids, then their rows
        response = client.get(reverse("holdings:item-list"))
    assertTemplateUsed(response, "holdings/item_list.html")
    assertTemplateUsed(response, "holdings/_item_rows.html")
    assert response.context["page"].paginator.count == 40


# Exports


def test_excel_export_has_exactly_the_filtered_rows_and_a_header_block(client, stock):
    url = reverse("holdings:item-export") + f"?unit={stock.province_a.pk}&grade=1"
    response = login(client, stock, "officer_a").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _sheet, rows = sheet_rows(response)
    first = next(i for i, row in enumerate(rows) if isinstance(row[0], int))
    data = rows[first:]
    assert sorted(row[3] for row in data) == ["AK-001", "AK-101"]
    assert [row[5] for row in data] == [1, 1]  # grades are numbers, not text
    top = " ".join(str(row[0]) for row in rows[: first - 1])
    assert "Bộ CHQS tỉnh Lạng Sơn" in top
    assert timezone.localdate().strftime("%d/%m/%Y") in top
    assert "1" in top.split(timezone.localdate().strftime("%d/%m/%Y"))[1]  # the grade filter


def test_excel_export_guards_text_that_looks_like_a_formula(client, org):
    officer = org.users["officer_hq"]
    etype = catalog_services.equipment_type_create(
        actor=None,
        symbol="=X1",
        name='=HYPERLINK("http://x")',
        uom="khẩu",
        branch=Branch.objects.get(code="quan-khi"),
        tracking="serial",
    )
    org.receive(
        org.province_a,
        [LineSpec(type=etype, serial="=1+2", grade=1, usage_group=org.sscd)],
        actor=officer,
    )
    response = login(client, org, "officer_a").get(reverse("holdings:item-export"))
    sheet, _rows = sheet_rows(response)
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+2")
    assert cell.data_type == "s"
    assert cell.quotePrefix
    name = next(c for row in sheet.iter_rows() for c in row if c.value == etype.name)
    assert name.data_type == "s"


def test_csv_export_is_utf8_with_bom_and_guarded(client, org):
    org.rifles(org.province_a, "-5", "AK-001")
    response = login(client, org, "officer_a").get(reverse("holdings:item-export-csv"))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "Súng tiểu liên AK-47" in text
    assert "'-5" in text
    assert "AK-001" in text


def test_export_is_scoped_like_the_list(client, stock):
    response = login(client, stock, "officer_b").get(reverse("holdings:item-export"))
    _sheet, rows = sheet_rows(response)
    serials = {row[3] for row in rows if row and isinstance(row[0], int)}
    assert serials == {"CB-001"}


# The item's page


def test_item_page_shows_its_documents_and_units(client, stock):
    rifle = item("AK-001")
    officer = stock.users["officer_a"]
    issue = services.movement_create(
        actor=officer,
        kind="issue",
        from_unit=stock.province_a,
        to_unit=stock.commune_a,
        effective_date=dt.date(2026, 2, 1),
        lines=[LineSpec(type=stock.rifle, item=rifle)],
    )
    services.movement_post(actor=officer, movement=issue)
    response = login(client, stock, "viewer_a").get(rifle.get_absolute_url())
    html = response.content.decode()
    assert reverse("holdings:movement-detail", args=[issue.pk]) in html
    assert [u.name for u, _since in response.context["units"]] == [
        "Bộ CHQS tỉnh Lạng Sơn",
        "Ban CHQS xã Hữu Lũng",
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [("05/01/2026", "not yet in the register"), ("15/01/2026", "Bộ CHQS tỉnh Lạng Sơn")],
)
def test_item_state_as_at_a_date(client, stock, day, expected):
    url = item("AK-001").get_absolute_url() + f"?as_of={day}"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    response = login(client, stock, "viewer_a").get(url)
    assert expected in response.content.decode()


def test_item_page_lists_grade_changes_and_record_changes(client, stock):
    rifle = item("AK-001")
    officer = stock.users["officer_a"]
    change = services.movement_create(
        actor=officer,
        kind="grade_change",
        from_unit=stock.province_a,
        effective_date=dt.date(2026, 3, 1),
        lines=[LineSpec(type=stock.rifle, item=rifle, grade_to=2)],
    )
    services.movement_post(actor=officer, movement=change)
    services.item_update(actor=officer, item=item("AK-001"), data={"origin": "Việt Nam"})
    response = login(client, stock, "viewer_a").get(rifle.get_absolute_url())
    assert [(c["before"], c["after"]) for c in response.context["grade_changes"]] == [(1, 2)]
    assert "Việt Nam" in response.content.decode()


# Editing an item's record


def test_viewer_may_not_edit_an_item(client, stock):
    response = login(client, stock, "viewer_a").get(
        reverse("holdings:item-edit", args=[item("AK-001").pk])
    )
    assert response.status_code == 403
    assert "Bộ CHQS tỉnh Lạng Sơn" in response.content.decode()


def test_clerk_edits_the_record_and_it_is_audited(client, stock):
    rifle = item("AK-001")
    response = login(client, stock, "clerk_a").post(
        reverse("holdings:item-edit", args=[rifle.pk]),
        {
            "manufactured_year": "1985",
            "origin": "Trung Quốc",
            "is_complete": "",
            "missing_parts": "Lưỡi lê",
            "note": "",
        },
    )
    assert response.status_code == 302
    rifle.refresh_from_db()
    assert (rifle.manufactured_year, rifle.is_complete, rifle.missing_parts) == (
        1985,
        False,
        "Lưỡi lê",
    )
    assert AuditEvent.objects.filter(
        target_type="holdings.item", target_id=str(rifle.pk), action="changed"
    ).exists()


def test_incomplete_set_without_missing_parts_is_refused(client, stock):
    rifle = item("AK-001")
    response = login(client, stock, "clerk_a").post(
        reverse("holdings:item-edit", args=[rifle.pk]),
        {"manufactured_year": "1985", "origin": "", "is_complete": "", "missing_parts": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["missing_parts"]
    rifle.refresh_from_db()
    assert rifle.is_complete
    assert rifle.manufactured_year is None


def test_edit_page_says_grade_and_unit_change_through_documents(client, stock):
    response = login(client, stock, "clerk_a").get(
        reverse("holdings:item-edit", args=[item("AK-001").pk])
    )
    assert response.status_code == 200
    assert "grade" not in response.context["form"].fields
    assert reverse("holdings:movement-list") in response.content.decode()


# Lots


@pytest.fixture
def lots(org):
    org.bulk(org.province_a, org.ammo, 1200, lot_number="L-01")
    org.bulk(org.province_b, org.ammo, 300, lot_number="L-02")
    Lot.objects.filter(lot_number="L-01").update(expiry_date=dt.date(2020, 1, 1))
    return org


def test_lot_list_is_scoped_and_shows_the_quantity_on_hand(client, lots):
    response = login(client, lots, "officer_a").get(reverse("holdings:lot-list"))
    page = response.context["page"].object_list
    assert [(lot.lot_number, lot.on_hand) for lot in page] == [("L-01", Decimal(1200))]
    assert "1.200" in response.content.decode()


def test_lot_detail_outside_the_subtree_is_not_found(client, lots):
    lot = Lot.objects.get(lot_number="L-02")
    assert login(client, lots, "officer_a").get(lot.get_absolute_url()).status_code == 404


def test_lot_detail_shows_balances_by_unit_and_expiry(client, lots):
    lot = Lot.objects.get(lot_number="L-01")
    response = login(client, lots, "officer_a").get(lot.get_absolute_url())
    assert [b.unit.name for b in response.context["balances"]] == ["Bộ CHQS tỉnh Lạng Sơn"]
    assert response.context["days_left"] < 0
    assert "01/01/2020" in response.content.decode()
