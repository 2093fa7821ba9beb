"""The Chinese case and Plan of Action pages follow the spacing rule of core/zh_spacing.py:
a full-width colon after a Chinese label (严重：…, 修改方法：…), no space around full-width
punctuation, no double space. SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re

from sellerdesk.core.zh_spacing import spacing_faults
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

ZH = {"Accept-Language": "zh-CN"}


def _words(page: str) -> str:
    """The page's text as read: no style or script block, no tags, entities as characters."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def _composed_faults(page: str) -> list[str]:
    # a fault between Chinese and Latin inside a sentence the seller wrote is theirs: this
    # test's case is written without any, so every fault found is the page's own
    return [f"{f.rule}: {f.at!r} in {f.line.strip()[:80]!r}" for f in spacing_faults(_words(page))]


def test_the_chinese_case_and_plan_pages_compose_no_spacing_fault(api: Api) -> None:
    made = api.new_case(
        store="north",
        category="listing",
        subject="商品 B08N5WRWNW 被下架",
        description="商品于 2026-11-28 被下架。",
        error_codes=["5665"],
        asins=["B08N5WRWNW"],
    )
    case_id = int(made["id"])
    agent = browser(api, "agent_n", **ZH)
    token = csrf_of(agent.get(f"/cases/{case_id}/poa").text)
    drafted = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "listing-removal", "lang": "zh", "csrf_token": token},
        follow_redirects=False,
    )
    assert drafted.status_code == 303
    pages = {
        "case": agent.get(f"/cases/{case_id}").text,
        "poa": agent.get(f"/cases/{case_id}/poa").text,
        "guide": agent.get("/poa?category=account-health").text,
    }
    form = {"csrf_token": csrf_of(pages["case"]), "action": "check", "store": "north"}
    form |= {"marketplace": "US", "priority": "normal", "subject": "账户被停用，需要申诉"}
    pages["new_case"] = agent.post("/cases/new", data=form).text
    assert "严重" in pages["poa"] or "错误" in pages["poa"]
    found = {name: _composed_faults(page) for name, page in pages.items()}
    assert found == {name: [] for name in pages}
