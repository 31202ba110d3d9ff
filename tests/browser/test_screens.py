"""The register's search as people type it, and the screens on a tablet."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from kythuat.catalog.models import Branch, Tracking
from kythuat.catalog.services import equipment_type_create
from kythuat.holdings.services import LineSpec

from .conftest import (
    TABLET,
    add_line,
    browser_db,
    choose_type,
    login,
    no_horizontal_overflow,
    open_new_document,
    shot,
)

pytestmark = [pytest.mark.browser, browser_db]


@pytest.fixture
def gun(org):
    """A second kind of serial-numbered equipment, so a search has something to leave out."""
    etype = equipment_type_create(
        actor=None,
        symbol="PPK-37",
        name="Pháo phòng không 37 mm",
        branch=Branch.objects.get(code="phao-binh"),
        uom="khẩu",
        tracking=Tracking.SERIAL,
    )
    org.receive(
        org.province_a, [LineSpec(type=etype, serial="P-0001", grade=2, usage_group=org.sscd)]
    )
    return etype


def search_items(page, text: str) -> list[str]:
    """Types in the search box; htmx replaces the table with the matching items."""
    page.evaluate("() => { document.getElementById('item-rows').dataset.stale = 'yes'; }")
    page.fill("form.filter-bar input[name='q']", text)
    page.locator("#item-rows:not([data-stale])").wait_for()
    return page.locator("#item-table tbody tr[data-item] td:nth-child(2) a").all_inner_texts()


def test_item_search_ignores_diacritics(page, org, gun):
    org.rifles(org.province_a, "AK-1001", "AK-1002")
    login(page, "viewer_a", PASSWORD)
    page.goto("/holdings/items/")
    expect(page.locator("#item-table tbody tr[data-item]")).to_have_count(3)

    assert sorted(search_items(page, "sung")) == ["AK-1001", "AK-1002"]
    expect(page).to_have_url(re.compile(r"[?&]q=sung"))  # to share, or to come back to
    shot(page, "14-items-search-sung.png")
    assert search_items(page, "phao") == ["P-0001"]
    assert search_items(page, "ak-1002") == ["AK-1002"]


def test_screens_fit_a_tablet_without_sideways_scrolling(page, org, gun):
    """Wide tables scroll inside their .table-responsive box; the page itself never does."""
    org.rifles(org.province_a, *(f"AK-{n:04d}" for n in range(1, 13)))
    org.bulk(org.province_a, org.fuel, "12500.75")
    page.set_viewport_size(TABLET)
    login(page, "clerk_a", PASSWORD)
    too_wide = {}

    def measure(screen: str) -> None:
        width, window = no_horizontal_overflow(page)
        shot(page, f"15-tablet-{screen}.png")
        if width > window + 1:
            too_wide[screen] = f"{width}px on a {window}px screen"

    page.goto("/")
    measure("dashboard")
    page.goto("/holdings/items/")
    measure("items")
    open_new_document(page, "receipt")
    choose_type(page, 0, org.rifle, "serial")
    add_line(page, 1)
    choose_type(page, 1, org.fuel, "quantity")
    page.click("[data-bs-target='#paste-box']")
    page.locator("#paste-serials").wait_for(state="visible")
    measure("document-form")
    assert too_wide == {}
