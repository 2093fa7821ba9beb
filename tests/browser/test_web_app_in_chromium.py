"""The web app in a real browser (Playwright driving Debian's Chromium, no JavaScript
needed): sign in, create a case from the form, see the coach's findings, submit it with a
Case ID, add a reply, download its dossier, switch language. Screenshots of the pages go to
the test's temp folder (the README's come from ``tools/screenshots.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.live_app import ADMIN, PASSWORD, LiveApp, live_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed (apt-get install chromium; .ci/run does)",
    ),
]
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install playwright)"
)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[LiveApp]:
    with live_app(tmp_path / "home") as running:
        yield running


@pytest.fixture
def page(app: LiveApp) -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, locale="en-US", accept_downloads=True
        )
        yield context.new_page()
        context.close()
        browser.close()


def shot(page: Any, name: str, tmp_path: Path) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_a_case_goes_from_the_form_to_a_submitted_case_with_a_reply_and_a_dossier(
    app: LiveApp, page: Any, tmp_path: Path
) -> None:
    page.goto(f"{app.url}/login")
    page.fill("#name", ADMIN)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{app.url}/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator("svg.chart").count() >= 3  # the seeded team has enough data
    shot(page, "dashboard", tmp_path)

    page.goto(f"{app.url}/cases")
    assert page.locator("tbody tr").count() >= 10
    shot(page, "cases", tmp_path)

    page.goto(f"{app.url}/cases/new")
    page.select_option("#store", "Acme US")
    page.fill("#marketplace", "US")
    page.fill("#subject", "Listing B08N5WRWNW suppressed")
    page.fill("#description", "help, not working")
    page.fill("#asins", "B08N5WRWNW")
    page.click("button[value=check]")
    findings = page.locator("li.finding")
    assert findings.count() >= 1 and "/100" in page.locator(".score").inner_text()
    assert "Listing B08N5WRWNW suppressed" in page.locator("#english").inner_text()
    shot(page, "new-case", tmp_path)
    page.fill("#description", "The listing was suppressed on 5 March without a notice.")
    page.fill("#timeline", "2026-03-05 | listing suppressed\n2026-03-06 | attribute fixed")
    page.fill("#expected", "The listing is active again.")
    page.fill("#actual", "It is still suppressed.")
    page.click("button[value=create]")
    page.wait_for_url("**/cases/*")
    case_path = page.url

    page.select_option("#status", "submitted")
    page.fill("#case_id", "18765432109")
    page.click("form[action$='/status'] button")
    page.wait_for_load_state()
    assert "18765432109" in page.locator("table.fields").inner_text()

    page.select_option("#direction", "out")
    page.fill("#body", "Attached the invoice for the listing.")
    invoice = tmp_path / "invoice.txt"
    invoice.write_text("invoice 42", encoding="utf-8")
    page.set_input_files("#attachments", str(invoice))
    page.click("form[action$='/events'] button")
    page.wait_for_load_state()
    assert "Attached the invoice" in page.locator(".timeline").inner_text()
    assert page.locator("a", has_text="invoice.txt").count() == 1
    shot(page, "case", tmp_path)

    with page.expect_download() as download:
        page.click("text=Markdown")
    dossier = Path(download.value.path()).read_text(encoding="utf-8")
    assert "18765432109" in dossier and "Attached the invoice" in dossier

    page.goto(f"{app.url}/hours")
    shot(page, "hours", tmp_path)
    page.goto(f"{app.url}/ask?q=how+do+I+change+the+main+image+of+my+listing")
    shot(page, "ask", tmp_path)

    page.click("text=中文")
    page.wait_for_load_state()
    assert "问答" in page.locator("h1").inner_text()
    page.goto(case_path)
    assert "时间线" in page.content()


def test_a_chinese_browser_gets_chinese_pages(app: LiveApp, tmp_path: Path) -> None:
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{app.url}/login")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        page.fill("#name", ADMIN)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{app.url}/")
        assert page.locator("h1").inner_text() == "看板"
        shot(page, "dashboard-zh", tmp_path)
        browser.close()
