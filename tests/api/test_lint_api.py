"""``POST /api/v1/lint``: the case coach over HTTP, same answer as ``case lint --json``."""

from __future__ import annotations

from typing import Any

from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.draft import draft_from_mapping
from sellerdesk.core.coach.lint import lint, result_json
from tests.api.conftest import Api

VAGUE = {"store": "north", "marketplace": "US", "subject": "help", "description": "not working"}


def codes(answer: dict[str, Any]) -> set[str]:
    return {f["code"] for f in answer["findings"]}


def test_lint_answers_the_shape_and_score_of_case_lint_json(api: Api):
    storeless = {k: v for k, v in VAGUE.items() if k != "store"}
    response = api.call("agent_n", "POST", "/api/v1/lint", json=storeless)
    assert response.status_code == 200, response.text
    answer = response.json()
    data = load_coach_data(None)
    draft = draft_from_mapping(storeless, "json")
    offline = result_json(lint(draft, data, marketplace="US"), data, "en")
    assert set(answer) == {"score", "findings", "category", "route", "language", "paste_findings"}
    assert answer["score"] == offline["score"] and answer["category"] == offline["category"]
    assert codes(answer) == {f["code"] for f in offline["findings"]}
    assert all(f["fix"] for f in answer["findings"])
    with_store = api.call("agent_n", "POST", "/api/v1/lint", json=VAGUE).json()
    assert "account-not-ready" in codes(with_store)  # north is not verified


def test_lint_speaks_chinese_when_asked(api: Api):
    answer = api.call("agent_n", "POST", "/api/v1/lint?lang=zh", json=VAGUE).json()
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in f["message"]) for f in answer["findings"])


def test_lint_warns_of_a_duplicate_open_case_in_a_store_the_caller_may_read(api: Api):
    api.new_case(subject="Listing B08N5WRWNW removed", asins=["B08N5WRWNW"])
    draft = {**VAGUE, "subject": "Listing B08N5WRWNW removed", "asins": ["B08N5WRWNW"]}
    assert "duplicate-of-open-case" in codes(
        api.call("agent_n", "POST", "/api/v1/lint", json=draft).json()
    )
    # the same draft from a user of another store: north does not exist for them
    assert "duplicate-of-open-case" not in codes(
        api.call("agent_s", "POST", "/api/v1/lint", json=draft).json()
    )


def test_lint_refuses_unknown_fields_and_needs_credentials(api: Api):
    assert api.call("agent_n", "POST", "/api/v1/lint", json={"subjekt": "x"}).status_code == 422
    assert api.client.post("/api/v1/lint", json=VAGUE).status_code == 401


def test_lint_writes_nothing(api: Api):
    api.call("viewer_n", "POST", "/api/v1/lint", json=VAGUE)
    assert api.call("root", "GET", "/api/v1/cases").json()["count"] == 0
