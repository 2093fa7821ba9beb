"""The second round of the first-day trial's web faults, in a real browser (Playwright
driving Debian's Chromium): a 120-letter store name without spaces keeps a 390 px phone's
pages 390 px wide, and drop.js says before sending that the chosen files together are over
what one submission may carry. Screenshots go to the test's temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sellerdesk.services import cases, stores
from tests.browser.live_app import ADMIN, PASSWORD, LiveApp, live_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
LONG_NAME = "Shenzhen" + "X" * 112  # 120 letters, no space to break at


@pytest.fixture
def app(tmp_path: Path) -> Iterator[LiveApp]:
    with live_app(tmp_path / "home") as running:
        state = running.state
        now = datetime.now(UTC)
        common = {"sessions": state.sessions, "ctx": state.ctx, "now": now}
        stores.add(**common, name=LONG_NAME, region="na", marketplaces=["US"])
        made = cases.create(**common, store=LONG_NAME, marketplace="US", subject="Listing removed")
        running.app.state.long_case = made
        yield running


def _page(app: LiveApp, width: int, lang: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless"]
        )
        context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
        page = context.new_page()
        page.goto(app.url + "/login")
        page.fill("#name", ADMIN)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        yield page
        context.close()
        browser.close()


def test_a_long_unbroken_store_name_keeps_a_phone_page_390_px_wide(
    app: LiveApp, tmp_path: Path
) -> None:
    case_id = app.app.state.long_case
    for page in _page(app, 390, "zh-CN"):
        for name, url in (("cases", "/cases"), ("case", f"/cases/{case_id}"), ("admin", "/admin")):
            page.goto(app.url + url)
            assert LONG_NAME in page.content(), url
            page.screenshot(path=str(tmp_path / f"390-{name}.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)


def test_drop_js_says_the_files_together_are_over_the_total_before_sending(
    app: LiveApp, tmp_path: Path
) -> None:
    for page in _page(app, 1366, "en-US"):
        page.goto(app.url + "/cases/new")
        twenty = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024)
        page.set_input_files(
            "#attachments",
            [
                {"name": "a.pdf", "mimeType": "application/pdf", "buffer": twenty},
                {"name": "b.pdf", "mimeType": "application/pdf", "buffer": twenty},
            ],
        )
        note = page.locator(".drop ul.chosen li.too-big")
        assert "more than the 25 MiB one submission may carry" in note.inner_text()
        message = page.evaluate("document.querySelector('#attachments').validationMessage")
        assert "40 MiB" in message
        page.screenshot(path=str(tmp_path / "drop-total.png"), full_page=True)
