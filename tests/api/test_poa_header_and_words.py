"""Issue 16's remaining POA faults: a plan saved from the web keeps the "Store | Marketplace"
line the CLI's ``case poa new`` writes (the service names the case's store and marketplace
whichever adapter saves), and a refusal the API or the web shows names no command line.
SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re

from sellerdesk.core.poa.errors import PoaForAnotherCase
from sellerdesk.services import poa as poa_service
from tests.api.conftest import Api
from tests.api.test_poa_api import CHECK, FILLED, FIX, _case
from tests.api.web_support import browser, csrf_of

CLI_SYNTAX = re.compile(r"sellerdesk |`|--[a-z]|\bFILE\b|\[poa\]")
HEADER = "Store: north | Marketplace: US"


def _paste_text(page: str) -> str:
    found = re.search(r'<pre class="copy" id="poa-text">(.*?)</pre>', page, re.S)
    assert found, "no paste text on the page"
    return html.unescape(found.group(1))


def _form(page: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_of(page),
        "version": "1",
        "kind": "listing-removal",
        "lang": "en",
        "notice": FILLED["notice"],
        "root_causes": FILLED["root_causes"][0],
        "corrective_actions": f"{FIX} | 2026-11-29 | Li Wei",
        "preventive_measures": f"{CHECK} | from 2026-12-01 | Zhang Min",
        "evidence": "detail-page-after-fix.png",
        "order_ids": "",
        "asins": "B08N5WRWNW",
        "case_ids": "",
    }


def test_a_plan_saved_from_the_web_keeps_the_store_and_marketplace_line(api: Api) -> None:
    case_id = _case(api)
    agent = browser(api, "agent_n")
    token = csrf_of(agent.get(f"/cases/{case_id}/poa").text)
    drafted = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "listing-removal", "lang": "en", "csrf_token": token},
        follow_redirects=False,
    )
    assert drafted.status_code == 303, drafted.text
    # what the CLI's `case poa new` writes for this case: the same service draft
    cli_draft = poa_service.draft(
        sessions=api.state.sessions,
        now=api.state.clock(),
        ctx=api.state.ctx,
        case_id=case_id,
        kind="listing-removal",
        poa_lang="en",
        rules=poa_service.rules_at(api.state.settings.home),
        lang="en",
    )
    assert cli_draft.check.text.splitlines()[1] == HEADER
    shown = agent.get(f"/cases/{case_id}/poa")
    assert _paste_text(shown.text).splitlines()[1] == HEADER
    saved = agent.post(f"/cases/{case_id}/poa", data=_form(shown.text), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    after = _paste_text(agent.get(saved.headers["location"]).text)
    assert after.splitlines()[1] == HEADER  # the form has no store box: still named
    read = api.call("agent_n", "GET", f"/api/v1/cases/{case_id}/poa").json()
    assert read["version"] == 2 and read["poa"]["store"] == "north"
    assert read["poa"]["marketplace"] == "US" and read["check"]["text"] == after
    # saved again from the web, the plan still passes the case and store check
    again = agent.post(
        f"/cases/{case_id}/poa",
        data={**_form(agent.get(f"/cases/{case_id}/poa").text), "version": "2"},
        follow_redirects=False,
    )
    assert again.status_code == 303, again.text


def test_a_plan_saved_through_the_api_without_a_store_gets_the_cases(api: Api) -> None:
    case_id = _case(api)
    url = f"/api/v1/cases/{case_id}/poa"
    saved = api.call("agent_n", "PUT", url, json={"version": 0, "poa": FILLED})
    assert saved.status_code == 200, saved.text
    assert saved.json()["check"]["text"].splitlines()[1] == HEADER


def test_the_api_refuses_another_stores_plan_in_words_not_command_lines(api: Api) -> None:
    case_id = _case(api)
    url = f"/api/v1/cases/{case_id}/poa"
    other = {**FILLED, "store": "south"}
    refused = api.call("agent_n", "PUT", url, json={"version": 0, "poa": other})
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "store" and error["key"] == "paste_mend.poa_other_store"
    assert "north" in error["fix"] and "south" in error["message"]
    assert not CLI_SYNTAX.search(error["message"] + error["fix"]), error
    assert api.call("agent_n", "GET", url).status_code == 404  # nothing was saved
    missing = api.call("agent_n", "GET", url).json()["error"]
    assert missing["key"] == "poa.not_found" and not CLI_SYNTAX.search(missing["fix"])


def test_every_poa_refusal_shows_the_web_words_without_command_lines() -> None:
    for line, named in (("case", 8), ("store", "south")):
        error = PoaForAnotherCase.naming(line, case_id=7, named=named, store="north")
        assert error.line == line and error.case_id == 7 and error.named == named
        for lang in ("en", "zh"):
            for shown in (error.words(lang, page=True), error.words(lang)):
                assert not CLI_SYNTAX.search(" ".join(w or "" for w in shown)), shown


def test_the_web_pages_errors_name_no_command_line(api: Api) -> None:
    case_id = _case(api)
    agent = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = csrf_of(agent.get(f"/cases/{case_id}/poa").text)
    bad_kind = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "nope", "lang": "en", "csrf_token": token},
        follow_redirects=False,
    )
    assert bad_kind.status_code == 422
    no_version = agent.post(
        f"/cases/{case_id}/poa",
        data={**_form(bad_kind.text), "version": ""},
        follow_redirects=False,
    )
    assert no_version.status_code == 422
    for page in (bad_kind.text, no_version.text):
        alert = re.search(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
        assert alert and not CLI_SYNTAX.search(html.unescape(alert.group(1))), alert
