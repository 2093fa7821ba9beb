"""What a new-user trial of issue 13 found at the web forms (issue 13 follow-ups): the new-case
form refuses an overlong or invisible subject as the CLI does instead of cutting it, a bad
performance report names the file and the place inside it, the forced password page has a
way out, and the API names ``new_password`` when it refuses one."""

from __future__ import annotations

import json

from sellerdesk.core.i18n import t
from sellerdesk.services import users
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of


def _new_case(api: Api, subject: str, lang: str = "en") -> object:
    client = browser(api, "agent_n", **{"Accept-Language": lang})
    token = csrf_of(client.get("/cases/new").text)
    form = {
        "csrf_token": token,
        "store": "north",
        "marketplace": "US",
        "subject": subject,
        "description": "The listing was removed on 2026-03-05 without a reason.",
        "priority": "normal",
        "action": "create",
    }
    return client.post("/cases/new", data=form, follow_redirects=False)


def _case_count(api: Api) -> int:
    return int(api.call("root", "GET", "/api/v1/cases").json()["count"])


def test_a_400_character_subject_is_refused_with_the_clis_message_not_cut_to_300(
    api: Api,
) -> None:
    before = _case_count(api)
    for lang in ("en", "zh"):
        answer = _new_case(api, "Listing removed " + "x" * 384, lang)
        assert answer.status_code == 422  # type: ignore[attr-defined]
        words = t("error.case.subject_too_long.message", lang, length=400, most=300)
        assert words in answer.text  # type: ignore[attr-defined]
    assert _case_count(api) == before


def test_a_subject_of_invisible_characters_or_with_a_bidi_override_is_refused_at_the_form(
    api: Api,
) -> None:
    before = _case_count(api)
    for subject in ("\u200b\u200b", "\ufeff ", "Refund \u202eevil"):
        assert _new_case(api, subject).status_code == 422  # type: ignore[attr-defined]
    assert _case_count(api) == before


def test_an_overlong_store_form_field_is_refused_not_cut(api: Api) -> None:
    client = browser(api, "root")
    token = csrf_of(client.get("/stores/north").text)
    data = {"csrf_token": token, "action": "profile", "support_plan": "p" * 700}
    answer = client.post("/stores/north", data=data, follow_redirects=False)
    assert answer.status_code == 422 and "700" in answer.text and "600" in answer.text


def test_a_report_with_invalid_text_names_the_file_and_the_place_inside_it(api: Api) -> None:
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = csrf_of(client.get("/stores/north").text)
    report = json.dumps({"performanceMetrics": [{"marketplaceId": "ATVPDKIKX0DER"}]})
    report = report.replace("ATVPDKIKX0DER", "\\ud800")  # a lone surrogate escape
    files = {"report": ("north-march.json", report.encode(), "application/json")}
    data = {"csrf_token": token, "action": "import"}
    answer = client.post("/stores/north", data=data, files=files, follow_redirects=False)
    assert answer.status_code == 422
    assert "north-march.json" in answer.text
    assert "performanceMetrics.0.marketplaceId" in answer.text
    assert "无效的 Unicode" in answer.text


def test_the_forced_password_page_offers_a_sign_out(api: Api) -> None:
    state = api.state
    users.add(
        sessions=state.sessions,
        now=state.clock(),
        name="newbie",
        role="agent",
        password="Tangerine-Harbor-47-Quilt",
        must_change_password=True,
    )
    client = browser_as(api, "newbie", "Tangerine-Harbor-47-Quilt")
    page = client.get("/password")
    assert page.status_code == 200 and 'action="/logout"' in page.text
    token = csrf_of(page.text)
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/password", follow_redirects=False).headers["location"] == "/login"


def browser_as(api: Api, name: str, password: str):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    client = TestClient(api.app, base_url="http://testserver")
    client.headers.update({"Accept-Language": "en"})
    token = csrf_of(client.get("/login").text)
    data = {"name": name, "password": password, "csrf_token": token}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    return client


def test_the_api_names_new_password_when_it_refuses_one(api: Api) -> None:
    from tests.api.conftest import PASSWORD

    for weak in ("password123456", "woaini1314"):
        answer = api.call(
            "agent_n",
            "POST",
            "/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": weak},
        )
        assert answer.status_code == 422
        assert answer.json()["error"]["field"] == "new_password"
        assert answer.json()["error"]["key"] == "account.common_password"
