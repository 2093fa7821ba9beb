"""The alert outbox page on a phone (390 px, Chinese) in Debian's Chromium: each alert is a
card with its values under their labels and its Send again / Send now button on screen
(before, the table cut off the channel, recipient, tries and the button)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerdesk.core.alerts.delivery import DeliveryResult, Outcome
from sellerdesk.services.alerts import channels
from sellerdesk.services.alerts.channel_input import ChannelInput
from sellerdesk.services.alerts.outbox import deliver_due
from tests.browser.live_app import ADMIN, PASSWORD, LiveApp, live_app
from tests.services.alert_fixtures import FakeSender, channel_of, hours_for, put

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2fa5a"
TUESDAY_10 = datetime(2026, 12, 8, 2, tzinfo=UTC)  # 10:00 in Beijing
NIGHT = datetime(2026, 12, 8, 15, tzinfo=UTC)  # 23:00 in Beijing


@pytest.fixture
def app(tmp_path: Path) -> Iterator[LiveApp]:
    with live_app(tmp_path / "home") as running:
        sessions = running.state.sessions
        channels.add(
            sessions=sessions, now=TUESDAY_10, ctx=running.state.ctx,
            data=ChannelInput(name="美国站运营群（企业微信）", kind="wecom", webhook=WEBHOOK),
        )  # fmt: skip
        put(sessions, TUESDAY_10, key="refused", title="案例 4711：亚马逊有新回复，请补充发票")
        refusal = DeliveryResult(Outcome.PERMANENT, "invalid webhook url", "93000", None, 200)
        deliver_due(sessions, now=TUESDAY_10, worker_id="w", send=FakeSender([refusal]),
                    channels=channel_of(), hours_for=hours_for)  # fmt: skip
        put(sessions, NIGHT, key="night", title="案例 4712：需要处理", recipient="zhangwei")
        deliver_due(sessions, now=NIGHT, worker_id="w", send=FakeSender(),
                    channels=channel_of(), hours_for=hours_for)  # fmt: skip
        yield running


def test_the_outbox_fits_a_phone_as_cards_with_each_button_on_screen(app: LiveApp, tmp_path: Path):  # type: ignore[no-untyped-def]
    shots = Path(os.environ.get("SELLERDESK_SHOTS", tmp_path))
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless"]
        )
        context = browser.new_context(viewport={"width": 390, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(app.url + "/login")
        page.fill("#name", ADMIN)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(app.url + "/admin/alert-outbox")
        for summary in page.locator("details summary").all():
            summary.click()  # the tries open inside the card, and fit in it too
        widths = page.evaluate(
            "Array.from(document.querySelectorAll('.table-scroll'))"
            ".map(e => e.scrollWidth - e.clientWidth)"
        )
        assert widths and max(widths) <= 0, widths
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for button in ("重新发送", "立即发送"):
            box = page.locator("table button", has_text=button).first.bounding_box()
            assert box and box["x"] + box["width"] <= 390, button
        for label in ("渠道", "收件人"):
            assert page.locator(f"td[data-label='{label}']").first.is_visible()
        page.screenshot(path=str(shots / "admin-alert-outbox-390.png"), full_page=True)
        context.close()
        browser.close()
