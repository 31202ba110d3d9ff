"""The issue's "done when": a clerk records a receipt, an officer posts it, the books and the
dashboard change; a transfer between two provinces moves the rifles. Screenshots of every step
are saved under test-artifacts/screenshots/."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from kythuat.catalog.models import EquipmentType
from kythuat.holdings.models import Item, Movement
from kythuat.holdings.services import LineSpec

from .conftest import (
    add_line,
    browser_db,
    choose_type,
    kpi,
    login,
    logout,
    open_new_document,
    post_document,
    save_draft,
    shot,
    vn_date,
    vn_number,
)

pytestmark = [pytest.mark.browser, browser_db]

RIFLE = "Súng tiểu liên AK-47"
FUEL = "Dầu điêzen"


# Reading the balances ---------------------------------------------------------------------


def balance_total(page, type_name: str) -> Decimal:
    """The total of a type's row on the balances page ("·" or no row: nothing held)."""
    row = page.locator("#balance-table tbody tr").filter(has_text=type_name)
    if row.count() == 0:
        return Decimal(0)
    return vn_number(row.locator("td").last.inner_text())


def show_balances_of(page, unit) -> None:
    page.select_option("form.filter-bar select[name='unit']", str(unit.pk))
    with page.expect_navigation():
        page.click("form.filter-bar [type=submit]")


def kpi_after_visit(page) -> Decimal:
    page.goto("/")
    return kpi(page, "holdings.on_hand")


# The scenario ------------------------------------------------------------------------------


def test_receipt_and_transfer_change_the_books_and_the_dashboard(page, org):
    today = timezone.localdate()
    received_on = today - dt.timedelta(days=1)
    org.bulk(org.province_a, org.ammo, 1000, lot_number="L-01", day=today - dt.timedelta(days=30))
    pistol = EquipmentType.objects.create(
        symbol="K54", name="Súng ngắn K54", branch=org.rifle.branch, uom="khẩu", tracking="serial"
    )
    org.receive(
        org.province_a,
        [
            LineSpec(type=pistol, serial=serial, grade=2, usage_group=org.sscd)
            for serial in ("K-1", "K-2")
        ],
        day=today - dt.timedelta(days=30),
    )

    # (1) The clerk looks at the dashboard, then drafts a receipt.
    login(page, "clerk_a", PASSWORD)
    holdings_before = kpi(page, "holdings.on_hand")
    assert holdings_before == 2  # pieces of serial-tracked equipment; rounds count apart
    shot(page, "01-clerk-dashboard.png")

    open_new_document(page, "receipt")
    page.select_option("select[name='to_unit']", str(org.province_a.pk))
    page.select_option("select[name='source']", "higher_level")
    page.fill("input[name='effective_date']", vn_date(received_on))
    page.fill("input[name='reason']", "Cấp theo kế hoạch năm")

    choose_type(page, 0, org.rifle, "serial")
    page.fill("input[name='lines-0-serial']", "AK-0001")
    page.fill("input[name='lines-0-manufactured_year']", "2018")
    page.select_option("select[name='lines-0-grade']", "1")
    page.select_option("select[name='lines-0-usage_group']", str(org.sscd.pk))

    page.click("[data-bs-target='#paste-box']")
    page.locator("#paste-serials").wait_for(state="visible")
    page.select_option("#paste-type", str(org.rifle.pk))
    page.select_option("#paste-grade", "2")
    page.select_option("#paste-usage-group", str(org.sscd.pk))
    page.fill("#paste-year", "2019")
    page.fill("#paste-serials", "AK-0002\nAK-0003\nAK-0004\n")
    page.click("#paste-add")
    page.locator("input[name='lines-3-serial']").wait_for(state="visible")
    expect(page.locator("#paste-serials")).to_have_value("")
    assert [page.input_value(f"input[name='lines-{n}-serial']") for n in (1, 2, 3)] == [
        "AK-0002",
        "AK-0003",
        "AK-0004",
    ]

    add_line(page, 4)
    choose_type(page, 4, org.fuel, "quantity")
    page.fill("input[name='lines-4-quantity']", "1.250,5")
    page.select_option("select[name='lines-4-grade']", "1")
    page.select_option("select[name='lines-4-usage_group']", str(org.sscd.pk))
    expect(page.locator("#line-rows tr.kt-line")).to_have_count(5)
    shot(page, "02-clerk-receipt-form.png")

    save_draft(page)
    expect(page.locator("#movement-lines tbody tr")).to_have_count(5)
    expect(page.locator("#edit-draft")).to_be_visible()
    expect(page.locator("#post-document")).to_have_count(0)  # a clerk cannot post
    draft = re.search(r"/documents/(\d+)/$", page.url).group(1)
    shot(page, "03-clerk-draft-saved.png")
    assert kpi_after_visit(page) == holdings_before  # a draft changes nothing

    # (2) The officer of the province opens the draft from the list and posts it.
    logout(page)
    login(page, "officer_a", PASSWORD)
    page.goto("/holdings/documents/")
    with page.expect_navigation():
        page.click(f"#movement-rows tr[data-movement='{draft}'] a")
    number = post_document(page)
    assert number.endswith(f"-{received_on.year}")
    shot(page, "04-officer-receipt-posted.png")

    # (3) The balances, the register and the dashboard show the new holdings.
    page.goto("/holdings/balances/")
    assert balance_total(page, RIFLE) == 4
    assert balance_total(page, FUEL) == Decimal("1250.5")
    shot(page, "05-balances-after-receipt.png")

    page.goto("/holdings/items/")
    serials = page.locator("#item-table tbody tr[data-item] td:nth-child(2) a").all_inner_texts()
    assert sorted(serials) == ["AK-0001", "AK-0002", "AK-0003", "AK-0004", "K-1", "K-2"]
    shot(page, "06-items-after-receipt.png")

    page.goto("/")
    assert kpi(page, "holdings.on_hand") == holdings_before + 4
    shot(page, "07-officer-dashboard-after-receipt.png")

    # (4) Headquarters moves two rifles from Lạng Sơn to Cao Bằng.
    logout(page)
    login(page, "officer_hq", PASSWORD)
    open_new_document(page, "transfer")
    page.select_option("select[name='from_unit']", str(org.province_a.pk))
    page.select_option("select[name='to_unit']", str(org.province_b.pk))
    page.fill("input[name='reason']", "Điều chuyển theo lệnh")
    choose_type(page, 0, org.rifle, "serial")
    # htmx binds the redrawn row's triggers after the swap settles: focus once it has.
    page.wait_for_function("""() => {
        const field = document.querySelector("input[name='lines-0-serial']");
        return field && field["htmx-internal-data"] && field["htmx-internal-data"].initHash;
    }""")
    page.focus("input[name='lines-0-serial']")  # asks the server for the unit's rifles
    expect(page.locator("datalist#items-0 option")).to_have_count(4)
    page.fill("input[name='lines-0-serial']", "AK-0001")
    add_line(page, 1)
    choose_type(page, 1, org.rifle, "serial")
    page.fill("input[name='lines-1-serial']", "ak-0003")  # typed carelessly: still found
    shot(page, "08-hq-transfer-form.png")
    save_draft(page)
    expect(page.locator("#movement-lines tbody tr")).to_have_count(2)
    post_document(page)
    expect(page.locator("#movement-lines")).to_contain_text("AK-0003")
    shot(page, "09-hq-transfer-posted.png")

    page.goto("/holdings/balances/")
    show_balances_of(page, org.province_a)
    assert balance_total(page, RIFLE) == 2
    shot(page, "10-balances-lang-son-after-transfer.png")
    show_balances_of(page, org.province_b)
    assert balance_total(page, RIFLE) == 2
    assert balance_total(page, FUEL) == 0
    shot(page, "11-balances-cao-bang-after-transfer.png")

    moved = Item.objects.filter(unit=org.province_b).values_list("serial", flat=True)
    assert sorted(moved) == ["AK-0001", "AK-0003"]
    assert (
        Movement.objects.filter(status=Movement.Status.POSTED).count() == 4
    )  # ammunition, pistols, the receipt, the transfer
