"""The alert channels and routes pages on a phone (390 px, Chinese) in Debian's Chromium:
each table row is a card with its values under their labels, nothing cut off at the
screen's edge (before, the routes table hid its last columns and the Remove button)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sellerdesk.services.alerts import channels, routes
from sellerdesk.services.alerts.channel_input import ChannelInput
from tests.browser.live_app import ADMIN, PASSWORD, LiveApp, live_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2fa5a"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[LiveApp]:
    with live_app(tmp_path / "home") as running:
        state, now = running.state, datetime.now(UTC)
        name = "美国站运营群（企业微信）"
        channels.add(
            sessions=state.sessions, now=now, ctx=state.ctx,
            data=ChannelInput(name=name, kind="wecom", webhook=WEBHOOK),
        )  # fmt: skip
        routes.add_route(
            sessions=state.sessions, now=now, actor=ADMIN, channel=name, store="Acme US",
            triggers=["amazon-reply", "needs-action", "breach-soon", "reminder-due"],
            assignee="@assignee",
        )  # fmt: skip
        yield running


def test_the_channel_and_route_tables_fit_a_phone_as_cards(app: LiveApp, tmp_path: Path):  # type: ignore[no-untyped-def]
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
        for path, button in (("/admin/alert-routes", "删除"), ("/admin/alerts", "发送测试")):
            page.goto(app.url + path)
            widths = page.evaluate(
                "Array.from(document.querySelectorAll('.table-scroll'))"
                ".map(e => e.scrollWidth - e.clientWidth)"
            )
            assert widths and max(widths) <= 0, (path, widths)
            row_button = page.locator("table button", has_text=button).first.bounding_box()
            assert row_button and row_button["x"] + row_button["width"] <= 390
            page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '-')}.png"))
        context.close()
        browser.close()
