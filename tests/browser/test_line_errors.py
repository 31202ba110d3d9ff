"""A clerk's mistakes on the line editor come back as messages on the form; nothing is saved."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from kythuat.holdings.models import Item, Movement

from .conftest import browser_db, choose_type, login, open_new_document, shot

pytestmark = [pytest.mark.browser, browser_db]


def start_receipt(page, org, etype, field: str) -> None:
    open_new_document(page, "receipt")
    page.select_option("select[name='source']", "higher_level")
    choose_type(page, 0, etype, field)
    page.select_option("select[name='lines-0-grade']", "1")
    page.select_option("select[name='lines-0-usage_group']", str(org.sscd.pk))


def test_bad_lines_are_explained_on_the_form_and_nothing_is_saved(page, org):
    org.rifles(org.province_a, "AK-9001")
    documents, items = Movement.objects.count(), Item.objects.count()
    errors = page.locator("#line-errors li")
    login(page, "clerk_a", PASSWORD)

    # Zero litres of fuel: refused, the form comes back as typed.
    start_receipt(page, org, org.fuel, "quantity")
    page.fill("input[name='lines-0-quantity']", "0")
    page.click("#save-draft")
    expect(errors).to_have_count(1)
    assert "/documents/new/" in page.url
    expect(page.locator("input[name='lines-0-quantity']")).to_have_value("0")
    shot(page, "12-clerk-error-zero-quantity.png")
    assert (Movement.objects.count(), Item.objects.count()) == (documents, items)

    # A quantity that is not a number: the message quotes it and the row is marked.
    page.fill("input[name='lines-0-quantity']", "12,5,3")
    page.click("#save-draft")
    expect(errors).to_contain_text("12,5,3")
    expect(page.locator("#line-rows tr.kt-line-error")).to_have_count(1)
    assert (Movement.objects.count(), Item.objects.count()) == (documents, items)

    # A rifle whose serial number is already in the register.
    start_receipt(page, org, org.rifle, "serial")
    page.fill("input[name='lines-0-serial']", "AK-9001")
    page.click("#save-draft")
    expect(errors).to_contain_text("AK-9001")
    assert "/documents/new/" in page.url
    shot(page, "13-clerk-error-serial-registered.png")
    assert (Movement.objects.count(), Item.objects.count()) == (documents, items)
