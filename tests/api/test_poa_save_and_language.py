"""The POA page (third new-user trial of issue 16): a Save of what the newest version
already holds adds no version and says "nothing changed"; a Chinese plan on a US case
gets the language-fit warning the coach gives a Chinese draft. zh and en; SQLite and
PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerdesk.services import poa as poa_service
from tests.api.conftest import Api
from tests.api.test_poa_api import _case
from tests.api.test_poa_header_and_words import _form
from tests.api.web_support import browser, csrf_of


def _versions(api: Api, case_id: int) -> list[int]:
    read = api.call("agent_n", "GET", f"/api/v1/cases/{case_id}/poa").json()
    return [v["version"] for v in read["history"]]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "没有改动：行动计划与第 1 版相同，未保存新版本。"), ("en", "Nothing changed")],
)
def test_saving_an_unchanged_plan_adds_no_version_and_says_so(
    api: Api, lang: str, words: str
) -> None:
    case_id = _case(api)
    agent = browser(api, "agent_n", **{"Accept-Language": lang})
    form = {**_form(agent.get(f"/cases/{case_id}/poa").text), "version": "0"}
    first = agent.post(f"/cases/{case_id}/poa", data=form, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].endswith("saved=1")
    again = agent.post(
        f"/cases/{case_id}/poa", data={**form, "version": "1"}, follow_redirects=False
    )
    assert again.status_code == 303 and again.headers["location"].endswith("unchanged=1")
    assert words in agent.get(again.headers["location"]).text
    assert _versions(api, case_id) == [1]
    edited = {**form, "version": "1", "evidence": "detail-page-after-fix-2.png"}
    assert agent.post(f"/cases/{case_id}/poa", data=edited).status_code == 200
    assert _versions(api, case_id) == [1, 2]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "行动计划是中文写的，但 US 站点的 Amazon 团队不看中文"),
        ("en", "does not read Chinese"),
    ],
)
def test_a_chinese_plan_on_a_us_case_gets_the_language_warning(
    api: Api, lang: str, words: str
) -> None:
    case_id = _case(api)
    agent = browser(api, "agent_n", **{"Accept-Language": lang})
    token = csrf_of(agent.get(f"/cases/{case_id}/poa").text)
    drafted = agent.post(
        f"/cases/{case_id}/poa/draft",
        data={"kind": "listing-removal", "lang": "zh", "csrf_token": token},
    )
    assert drafted.status_code == 200 and words in drafted.text
    read = api.call("agent_n", "GET", f"/api/v1/cases/{case_id}/poa").json()
    codes = {f["code"] for f in read["check"]["findings"]}
    assert "poa-language-mismatch" in codes
    rules = poa_service.rules_at(api.state.settings.home)
    saved = poa_service.load(sessions=api.state.sessions, case_id=case_id, rules=rules, lang=lang)
    english = replace(saved.poa, lang="en")
    found = poa_service.check(english, rules, lang).findings
    assert "poa-language-mismatch" not in {f.code for f in found}
