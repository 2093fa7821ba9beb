"""The first day of a team in a real browser (Playwright driving Debian's Chromium), in
Chinese and in English, on SQLite and PostgreSQL, as ``sellerdesk serve`` leaves it on a
fresh data folder: the admin signs in with the one-time password, chooses their own, walks
the setup (time zone typed or picked, hours, holidays, language), creates the first store,
adds an agent and grants them the store, opens a case with an attachment and assigns it;
the agent signs in with the one-time password the People page showed, finds the case under
My cases, adds a note with a file and resolves the case.

Selectors are ids, names and hrefs; the texts asserted are the ones a person reads, per
language (a page in the wrong language fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.live_app import LiveApp, fresh_app
from tests.browser.test_web_app_in_chromium import CHROMIUM, playwright_api

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed"),
]

ADMIN_PASSWORD = "our team's own passphrase 2026"
AGENT, AGENT_PASSWORD = "wang", "seven quiet harbours at dusk"
STORE = "深圳优选 US"
LOCALES = {"zh": "zh-CN", "en": "en-US"}  # the browser's
HTML_LANG = {"zh": "zh-CN", "en": "en"}  # the page's
TEXTS = {
    "zh": {
        "login": "登录",
        "password": "设置新密码",
        "setup": "设置团队",
        "first_store": "创建第一个店铺",
        "stores": "店铺与账号健康",
        "people": "人员",
        "one_time": f"{AGENT} 的一次性密码",
        "owner": "负责人",
        "mine": "我的案例",
        "resolved": "已解决",
    },
    "en": {
        "login": "Sign in",
        "password": "Choose a new password",
        "setup": "Set up your team",
        "first_store": "Create your first store",
        "stores": "Stores & health",
        "people": "People",
        "one_time": f"One-time password for {AGENT}",
        "owner": "Owner",
        "mine": "My cases",
        "resolved": "Resolved",
    },
}


@pytest.fixture
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def submit(page: Any, selector: str) -> None:
    """Click a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def heading(page: Any) -> str:
    return str(page.locator("h1").first.inner_text()).strip()


def sign_in_first_time(page: Any, app: LiveApp, name: str, one_time: str, own: str) -> None:
    """Sign in with a one-time password; the forced change follows, then the app."""
    page.goto(f"{app.url}/login")
    page.fill("#name", name)
    page.fill("#password", one_time)
    submit(page, "form[action='/login'] button[type=submit]")
    assert page.url.endswith("/password"), page.url
    page.fill("#current", one_time)
    page.fill("#password", own)
    page.fill("#repeat", own)
    submit(page, "form[action='/password'] button[type=submit]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_team_runs_its_first_day_in_the_browser(
    lang: str, database_url: str, tmp_path: Path, browser: Any
) -> None:
    words = TEXTS[lang]
    evidence = tmp_path / "listing-screenshot.txt"
    evidence.write_text("the listing page on 5 March", encoding="utf-8")
    invoice = tmp_path / "invoice-4711.txt"
    invoice.write_text("invoice 4711", encoding="utf-8")
    with fresh_app(tmp_path / "home", database_url) as (app, one_time):
        lead = browser.new_context(locale=LOCALES[lang], viewport={"width": 1280, "height": 900})
        page = lead.new_page()

        # the admin's first sign-in: the forced password change, then the setup
        page.goto(f"{app.url}/login")
        assert page.locator("html").get_attribute("lang") == HTML_LANG[lang]
        assert words["login"] in heading(page)
        page.fill("#name", "admin")
        page.fill("#password", one_time)
        submit(page, "form[action='/login'] button[type=submit]")
        assert page.url.endswith("/password") and heading(page) == words["password"]
        page.fill("#current", one_time)
        page.fill("#password", ADMIN_PASSWORD)
        page.fill("#repeat", ADMIN_PASSWORD)
        submit(page, "form[action='/password'] button[type=submit]")
        walk_the_setup(page, app, lang, words)

        # the first store, from the page the setup ends on
        assert page.url.endswith("/stores") and words["first_store"] in page.content()
        assert heading(page) == words["stores"]
        page.fill("#store-name", STORE)
        page.check("input[name=region][value=na]")
        page.check("input[name=marketplace-na][value=US]")
        page.check("input[name=marketplace-na][value=CA]")
        submit(page, "form[action='/stores'] button[type=submit]")
        assert f"/stores/{quoted(STORE)}?done=added" in page.url and STORE in heading(page)

        # a colleague: added with a one-time password, then granted the store
        page.goto(f"{app.url}/admin/users")
        assert heading(page) == words["people"]
        page.fill("#person-name", AGENT)
        page.check("input[name=role][value=agent]")
        submit(page, "#add-person button[type=submit]")
        card = page.locator("#one-time-password")
        assert words["one_time"] in card.inner_text()
        agent_one_time = str(card.locator("pre").inner_text()).strip()
        page.click(f"a[href='/admin/users/{AGENT}']")
        page.wait_for_load_state()
        page.check(f"input[name=store][value='{STORE}']")
        submit(page, "form:has(input[name=action][value=access]) button[type=submit]")
        assert page.locator(f"input[name=store][value='{STORE}']").is_checked()

        # a case with its evidence attached, assigned to the colleague
        page.goto(f"{app.url}/cases/new")
        page.select_option("#store", STORE)
        page.fill("#marketplace", "US")
        page.fill("#subject", "Listing B0CX23V7YP suppressed after a category change")
        page.fill("#description", "The listing was suppressed on 5 March without a notice.")
        page.fill("#timeline", "2026-03-05 | listing suppressed")
        page.fill("#expected", "The listing is active again.")
        page.fill("#actual", "It is still suppressed.")
        page.set_input_files("#attachments", str(evidence))
        submit(page, "button[name=action][value=create]")
        found = re.search(r"/cases/(\d+)$", page.url)
        assert found, page.url
        case_path = f"/cases/{found.group(1)}"
        assert page.locator("a", has_text=evidence.name).count() == 1
        assert words["owner"] in page.content()
        page.select_option("#assignee", AGENT)
        submit(page, f"form[action='{case_path}/assignee'] button[type=submit]")
        assert page.locator("#assignee").input_value() == AGENT
        submit(page, "form[action='/logout'] button[type=submit]")
        lead.close()

        # the colleague's first sign-in: My cases holds the case
        desk = browser.new_context(locale=LOCALES[lang], viewport={"width": 1280, "height": 900})
        page = desk.new_page()
        sign_in_first_time(page, app, AGENT, agent_one_time, AGENT_PASSWORD)
        assert page.url == f"{app.url}/", page.locator("main").inner_text()
        page.goto(f"{app.url}/cases")
        mine = page.locator("a[href^='/cases?view=mine']")
        assert words["mine"] in mine.inner_text() and "1" in mine.locator(".count").inner_text()
        with page.expect_navigation():
            mine.click()
        assert page.locator(f"tbody a[href='{case_path}']").count() == 1

        # a note with a file, then the case goes to Amazon and comes back resolved
        page.goto(f"{app.url}{case_path}")
        page.select_option("#direction", "note")
        page.fill("#body", "Invoice for the listing attached.")
        page.set_input_files("#attachments", str(invoice))
        submit(page, f"form[action='{case_path}/events'] button[type=submit]")
        assert page.locator("a", has_text=invoice.name).count() == 1
        page.select_option("#status", "submitted")
        page.fill("#case_id", "18765432109")
        submit(page, f"form[action='{case_path}/status'] button[type=submit]")
        page.select_option("#status", "resolved")
        submit(page, f"form[action='{case_path}/status'] button[type=submit]")
        assert words["resolved"] in page.locator("table.fields").inner_text()
        desk.close()

    state = app.state
    assert state.settings.team_timezone == "Asia/Shanghai"
    assert state.settings.lang == lang


def walk_the_setup(page: Any, app: LiveApp, lang: str, words: dict[str, str]) -> None:
    """Zone (typed as a city in Chinese, picked from the list in English), hours as they are,
    China's holidays, the language; the last step leads to the first store."""
    assert page.url.endswith("/setup/zone"), page.url
    assert heading(page) == words["setup"]
    if lang == "zh":
        page.fill("#zone_text", "北京")
    else:
        page.select_option("#zone_pick", "Asia/Shanghai")
    submit(page, "form.setup button[name=action][value=save]")
    assert page.url.endswith("/setup/hours?saved=zone"), page.url
    submit(page, "form.setup button[name=action][value=save]")
    page.check("#holidays_CN")
    submit(page, "form.setup button[name=action][value=save]")
    page.check(f"#lang_{lang}")
    submit(page, "form.setup button[name=action][value=save]")
    assert page.url.endswith("/setup/store?saved=language"), page.url
    submit(page, "form.setup button[name=action][value=finish]")


def quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
