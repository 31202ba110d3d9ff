"""The central report as an officer writes it: a figure is inserted by its token, never typed,
and shows the registry's value linked to its records; issuing takes one number however often
the button is pressed."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from kythuat.documents.models import IssuedNumber
from kythuat.reviews.models import Report
from kythuat.reviews.report_selectors import figure_view
from kythuat.reviews.services import figures as figure_services
from kythuat.reviews.tests.test_report_world import make_world

from .conftest import browser_db, login, shot

pytestmark = [pytest.mark.browser, browser_db]


def test_an_officer_inserts_a_figure_and_issues_the_report_once(page, org):
    world = make_world(org)
    report = world.central()
    figure = figure_services.figure_add(actor=None, report=report,
                                        indicator_code="holdings.on_hand", unit=org.commune_a,
                                        label="Súng của xã")
    section = report.sections.get(part="results")
    login(page, "officer_a", PASSWORD)
    page.goto(report.get_absolute_url())

    body = page.locator(f"#s-body-{section.pk}")
    page.locator(f"#s-{section.pk} .card-header a").click()  # "Sửa": the form comes in place
    body.locator("textarea").fill(f"Xã quản lý {figure.token} bảo đảm an toàn.")
    body.locator("button[type=submit]").click()
    inserted = page.locator(f"#s-body-{section.pk} a.kt-figure")
    expect(inserted).to_have_count(1)  # saved: the text replaces the form
    expect(inserted).to_have_text(figure_view(figure).text)  # as computed
    expect(inserted).to_have_text(re.compile(r"^3 "))  # the commune's three rifles (make_world)
    shot(page, "60-review-report-figure.png")

    page.goto(report.get_absolute_url() + "issue/")
    button = page.locator(".card form button[type=submit]")
    button.dblclick()  # an impatient double click takes one number
    expect(page.locator(".page-subtitle").first).to_contain_text("01/BC-BCH")
    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED
    assert list(IssuedNumber.objects.values_list("symbol", flat=True)) == ["01/BC-BCH"]
