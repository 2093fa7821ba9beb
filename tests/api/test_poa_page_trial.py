"""Mends from the second new-user trial of issue 16 on the Plan of Action page: *Draft from
the case* offers the saved plan's language (a Chinese plan is redrafted in Chinese unless
one chooses otherwise), the boxes are as tall as what they hold, and a plan saved by the
command line says so in words, not "cli". SQLite and PostgreSQL."""

from __future__ import annotations

import re
from dataclasses import replace

from sellerdesk.services import poa as poa_service
from tests.api.conftest import Api
from tests.api.test_poa_api import _case
from tests.api.web_support import browser, csrf_of


def _draft(api: Api, case_id: int, lang: str) -> str:
    agent = browser(api, "agent_n")
    token = csrf_of(agent.get(f"/cases/{case_id}/poa").text)
    drafted = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "listing-removal", "lang": lang, "csrf_token": token},
        follow_redirects=False,
    )
    assert drafted.status_code == 303, drafted.text
    return agent.get(f"/cases/{case_id}/poa").text


def test_draft_from_the_case_offers_the_saved_plans_language(api: Api) -> None:
    case_id = _case(api)
    page = _draft(api, case_id, "zh")
    assert re.search(r'<option value="zh" selected>中文</option>', page)
    english = _draft(api, case_id, "en")
    assert '<option value="zh" selected>' not in english


def test_the_actions_box_is_as_tall_as_its_lines(api: Api) -> None:
    page = _draft(api, _case(api), "en")
    rows = re.search(r'<textarea id="corrective_actions" [^>]*rows="(\d+)"', page)
    assert rows and int(rows.group(1)) >= 5  # two actions drafted: neither is hidden


def test_a_plan_saved_by_the_command_line_is_saved_by_seller_desk_in_words(api: Api) -> None:
    case_id = _case(api)
    _draft(api, case_id, "en")
    rules = poa_service.rules_at(api.state.settings.home)
    saved = poa_service.load(sessions=api.state.sessions, case_id=case_id, rules=rules, lang="en")
    poa_service.save(
        sessions=api.state.sessions,
        now=api.state.clock(),
        ctx=replace(api.state.ctx, actor="cli"),  # what `sellerdesk case poa save` records
        case_id=case_id,
        poa=saved.poa,
        rules=rules,
        lang="en",
        expected_version=saved.version,
    )
    page = browser(api, "agent_n").get(f"/cases/{case_id}/poa").text
    assert "by cli" not in page and "Seller Desk (command line or API)" in page
