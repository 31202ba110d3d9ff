"""Headless Chromium (Debian's, no Playwright download) driving the live server.

One fresh browser (Vietnamese locale, no cookies) per test. Every page a test opens is watched:
a request that leaves the live server, a console error, an uncaught script error or a failed
response (4xx/5xx) fails the test when it ends.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}
TIMEOUT_MS = 20_000  # generous: CI machines are sometimes busy
# Assertions wait as long as actions do: `expect`'s own default (5 s) is what a busy machine
# exceeded when the transfer's serial list came back late (issue 13).
expect.set_options(timeout=TIMEOUT_MS)
CHARTS_DRAWN = """() => !window.Chart || Array.from(document.querySelectorAll("canvas[data-chart]"))
    .every(canvas => { const chart = window.Chart.getChart(canvas);
                       return chart && !window.Chart.animator.running(chart); })"""

browser_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class OneRequestAtATime(WSGIServer):
    """The live server answers one request at a time. On SQLite the test database lives in
    memory and every request thread of Django's threaded live server shares its one
    connection: two requests at once (a page and the dashboard's charts, loaded after it)
    used it together and both hung inside SQLite, so the suite stopped until killed (seen
    once in a loop of runs beside the test suite). Django closes each connection after its
    response when the server is not threaded, so the browser's other requests wait their
    turn instead."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # the server thread itself applies the override


LiveServerThread.server_class = OneRequestAtATime  # pytest-django builds its thread from it


@dataclass
class Watch:
    """What the pages of one test asked for and complained about."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        self.requests.append(request.url)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {message.location.get('url')}: {message.text}")

    def on_page_error(self, error) -> None:
        self.problems.append(f"uncaught script error: {error}")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def outside_requests(self) -> list[str]:
        local = self.base_url.rstrip("/") + "/"
        return [url for url in self.requests if not url.startswith((local, "data:", "blob:"))]


@pytest.fixture
def watch(live_server) -> Watch:
    return Watch(base_url=live_server.url)


@pytest.fixture
def page(db, live_server, watch):
    """A page of a fresh Chromium, in Vietnamese like the users' machines.

    Playwright's sync API keeps an event loop running in the test's thread while it is
    started. Django then takes the thread for an async context: it refuses ORM calls (lifted
    here: the tests arrange data and check outcomes with the ORM, the live server has its own
    thread) and hands out other connection objects, ones that do not carry the serialized
    reference data. So Playwright starts after `db` has restored that data (this fixture
    depends on it) and stops before `db` flushes, and the extra connections are closed.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(apt-get install chromium); CI installs it"
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url,
            viewport=DESKTOP,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("request", watch.on_request)
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("response", watch.on_response)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            connections.close_all()
    assert watch.requests, "the test opened no page"
    assert watch.outside_requests() == [], "requests left the live server"
    assert watch.problems == [], "the pages reported errors"


# Helpers the tests share -------------------------------------------------------------------


def shot(page, name: str) -> Path:
    """A full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.wait_for_function(CHARTS_DRAWN)  # not half-way through Chart.js's animation
    page.screenshot(path=str(path), full_page=True)
    return path


def assets_loaded(page) -> None:
    """The vendored CSS and scripts were served: Bootstrap styles the page, htmx runs."""
    assert page.evaluate(
        "() => typeof window.htmx === 'object' && typeof window.bootstrap "
        "=== 'object' && typeof window.Chart === 'function'"
    ), "scripts missing"
    empty = page.evaluate(
        "() => Array.from(document.styleSheets).filter("
        "s => s.href && s.cssRules.length === 0).map(s => s.href)"
    )
    assert empty == [], "style sheets did not load"
    assert "Inter" in page.evaluate("() => getComputedStyle(document.body).fontFamily")


def login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form[action$='/accounts/login/'] [type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"
    assets_loaded(page)


def logout(page) -> None:
    """Through the user menu, as a person would: open it, then the "Log out" button."""
    page.click(".kt-user-toggle")
    with page.expect_navigation():
        page.click("form[action$='/accounts/logout/'] [type=submit]")
    assert page.locator(".kt-user-toggle").count() == 0


def vn_number(text: str) -> Decimal:
    """A figure as the Vietnamese pages write it: "1.254,5" is 1254.5; "—" is nothing."""
    match = re.search(r"-?\d[\d.]*(?:,\d+)?", text.replace("\u00a0", " "))
    if match is None:
        return Decimal(0)
    return Decimal(match.group(0).replace(".", "").replace(",", "."))


def kpi(page, code: str) -> Decimal:
    return vn_number(page.locator(f"a.kpi[data-kpi='{code}'] .kpi-value").inner_text())


def vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def no_horizontal_overflow(page) -> tuple[int, int]:
    """(scroll width of the page, window width); the first must not exceed the second."""
    return tuple(page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]"))


# Steps on the document screens -------------------------------------------------------------


def open_new_document(page, kind: str) -> None:
    """From the document list: "New document" → the kind."""
    page.goto("/holdings/documents/")
    page.click("#new-document")
    with page.expect_navigation():
        page.click(f"a[data-kind='{kind}']")
    expect(page.locator("#movement-form")).to_have_attribute("data-kind", kind)


def choose_type(page, index: int, etype, wait_for: str) -> None:
    """Chooses the type of a row; htmx redraws the row with the fields the type needs.

    On a busy machine a row just added may not have htmx's handlers yet when the type is
    chosen; then the change is sent once more (what a user would do: choose it again)."""
    select = f"select[name='lines-{index}-type']"
    field = page.locator(f"[name='lines-{index}-{wait_for}']")
    page.select_option(select, str(etype.pk))
    try:
        field.wait_for(state="visible", timeout=3_000)
    except PlaywrightTimeout:
        page.dispatch_event(select, "change")
        field.wait_for(state="visible")


def add_line(page, index: int) -> None:
    page.click("#add-line")
    page.locator(f"select[name='lines-{index}-type']").wait_for(state="visible")


def save_draft(page) -> None:
    with page.expect_navigation():
        page.click("#save-draft")


def confirm_in_page(page) -> None:
    """Answers "Confirm" in the page's own confirmation (components/_confirm_dialog.html)."""
    page.click("#kt-confirm [data-confirm-ok]")


def post_document(page) -> str:
    """Posts the open draft, confirming in the page; returns its number."""
    page.click("#post-document")
    with page.expect_navigation():
        confirm_in_page(page)
    expect(page.locator("#post-document")).to_have_count(0)
    number = page.locator("#movement-number")
    expect(number).to_have_text(re.compile(r"^\d{5}/"))
    return number.inner_text()
