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
        poa=replace(saved.poa, notice="Listing removed: a health claim in the title"),
        rules=rules,  # an edit: an unchanged plan would add no version
        lang="en",
        expected_version=saved.version,
    )
    page = browser(api, "agent_n").get(f"/cases/{case_id}/poa").text
    assert "by cli" not in page and "Seller Desk (command line or API)" in page


def _refusal(api: Api, case_id: int, lang: str, **changed: str) -> str:
    import html

    agent = browser(api, "agent_n", **{"Accept-Language": lang})
    page = agent.get(f"/cases/{case_id}/poa").text
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version
    form = {
        "csrf_token": csrf_of(page),
        "version": version.group(1),
        "kind": "listing-removal",
        "lang": "en",
        "notice": "Listing removed",
        "root_causes": "The title claimed a certification we do not hold.",
        "corrective_actions": "Removed the claim | 2026-11-29 | Li Wei",
        "preventive_measures": "Every title is checked | from 2026-12-01 | Zhang Min",
        "evidence": "",
        "order_ids": "",
        "asins": "",
        "case_ids": "",
        **changed,
    }
    done = agent.post(f"/cases/{case_id}/poa", data=form, follow_redirects=False)
    assert done.status_code == 422, done.status_code
    found = re.search(r'<p class="error"[^>]*>(.*?)</p>', done.text, re.S) or re.search(
        r'class="[^"]*error[^"]*"[^>]*>(.*?)</', done.text, re.S
    )
    assert found, done.text[:2000]
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_a_refused_plan_names_its_box_in_words_and_no_kind_codes(api: Api) -> None:
    case_id = _case(api)
    _draft(api, case_id, "en")
    kind = _refusal(api, case_id, "en", kind="nope")
    assert "Choose one of the kinds of appeal the form lists" in kind
    assert "account-deactivation" not in kind
    long = _refusal(api, case_id, "zh-CN", root_causes="字" * 70_000)
    assert long.startswith("根本原因：") and "70000" in long


def test_a_form_without_a_version_speaks_of_the_plan_not_the_draft(api: Api) -> None:
    case_id = _case(api)
    _draft(api, case_id, "en")
    said = _refusal(api, case_id, "en", version="abc")
    assert "which version of the plan" in said and "draft" not in said


def test_text_the_gate_refuses_names_its_box_by_its_label_not_the_forms_field_name(
    api: Api,
) -> None:
    """A NUL pasted into Amazon's notice: the page says "Amazon 的通知：…" / "Amazon's
    notice: …", never the form's internal name "notice: …"."""
    import html

    case_id = _case(api)
    _draft(api, case_id, "en")
    for lang, label in (("zh-CN", "Amazon 的通知："), ("en", "Amazon's notice: ")):
        agent = browser(api, "agent_n", **{"Accept-Language": lang})
        page = agent.get(f"/cases/{case_id}/poa").text
        done = agent.post(
            f"/cases/{case_id}/poa",
            data={"csrf_token": csrf_of(page), "notice": "removed\x00"},
            follow_redirects=False,
        )
        assert 400 <= done.status_code < 500
        text = html.unescape(re.sub(r"<[^>]+>", " ", done.text))
        assert label in text and not re.search(r"(?<!Amazon's )notice:", text), text[-1500:]
