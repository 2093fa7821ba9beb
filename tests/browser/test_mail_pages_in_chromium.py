"""The Unfiled mail page and a mail's page in a real browser (Playwright driving Debian's
Chromium), in Chinese at 390 px and in English at 1366 px: nothing wider than the screen,
and a mail's HTML shown without its script running or its tracking pixel loaded.
Screenshots go to the test's temp folder (SELLERDESK_SHOTS: there instead)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sellerdesk.services import stores
from sellerdesk.services.mail.importing import ingest_one
from sellerdesk.services.mail.models import MailSource
from tests.browser.live_app import ADMIN, PASSWORD, LiveApp, live_app

CHROMIUM = Path("/usr/bin/chromium")
CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[LiveApp]:
    with live_app(tmp_path / "home") as running:
        state = running.state
        now = datetime.now(UTC)
        stores.add(
            sessions=state.sessions,
            now=now,
            ctx=state.ctx,
            name="深圳旗舰店",
            region="na",
            marketplaces=["US"],
        )
        made = {}
        for name in (
            "12_no_match.eml",
            "21_html_only_tracking.eml",
            "16_notice_ip_complaint_zh.eml",
            "03_zh_case_id_gbk.eml",
        ):
            done = ingest_one(
                state.sessions,
                raw=(CORPUS / name).read_bytes(),
                source=MailSource("upload"),
                now=now,
                ctx=state.ctx,
            )
            made[name] = done.mail_id
        running.app.state.mails = made
        yield running


def _page(app: LiveApp, width: int, lang: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless"]
        )
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=lang)
        page = context.new_page()
        page.goto(app.url + "/login")
        page.fill("#name", ADMIN)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        yield page
        context.close()
        browser.close()


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SELLERDESK_SHOTS", str(tmp_path)))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize(
    ("width", "lang", "word"), [(390, "zh-CN", "未归档邮件"), (1366, "en-US", "Unfiled mail")]
)
def test_the_unfiled_page_fits_the_screen_in_each_language(
    app: LiveApp, tmp_path: Path, width, lang, word
):  # type: ignore[no-untyped-def]
    shots = _shots(tmp_path)
    for page in _page(app, width, lang):
        page.goto(app.url + "/mail/unfiled")
        assert word in page.content()
        page.screenshot(path=str(shots / f"mail-unfiled-{lang[:2]}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_mails_html_shows_without_running_its_script_or_loading_its_pixel(
    app: LiveApp, tmp_path: Path
):  # type: ignore[no-untyped-def]
    mail_id = app.app.state.mails["21_html_only_tracking.eml"]
    requested: list[str] = []
    for page in _page(app, 1366, "en-US"):
        page.on("request", lambda r: requested.append(r.url))
        page.goto(app.url + f"/mail/{mail_id}")
        assert "Your request was reviewed" in page.content()
        assert page.evaluate("document.location.href").startswith(app.url)
        page.screenshot(path=str(_shots(tmp_path) / "mail-view-en-1366.png"), full_page=True)
    assert not [u for u in requested if "tracking.example" in u or "evil.example" in u]


@pytest.mark.parametrize(("width", "lang"), [(390, "zh-CN"), (1366, "en-US")])
def test_a_mails_actions_line_up_on_its_page_and_the_unfiled_list(
    app: LiveApp, tmp_path: Path, width, lang
):  # type: ignore[no-untyped-def]
    """Each box sits under its label with its button beside it, bottoms aligned, on the
    Unfiled list and on the mail's own page (which has the same File, New case, Dismiss)."""
    mail_id = app.app.state.mails["12_no_match.eml"]
    for page in _page(app, width, lang):
        for path, shot in ((f"/mail/{mail_id}", "mail-view"), ("/mail/unfiled", "mail-list")):
            page.goto(app.url + path)
            actions = page.locator(f"form[action='/mail/unfiled/{mail_id}/file']")
            box = actions.locator("input[name=case]").bounding_box()
            button = actions.locator("button").bounding_box()
            assert (
                box
                and button
                and abs((box["y"] + box["height"]) - (button["y"] + button["height"])) <= 2
            ), (path, box, button)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            name = f"{shot}-actions-{lang[:2]}-{width}.png"
            page.screenshot(path=str(_shots(tmp_path) / name), full_page=True)
