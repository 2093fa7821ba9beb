"""The upload on the Unfiled page sees the mail ``mail import`` (or a mailbox) already read:
"already read" in the page's language, no second row on the Unfiled page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sellerdesk.services.mail import importing
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"


def _upload(client, name: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/mail/unfiled").text)
    return client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={"attachments": (name, (CORPUS / name).read_bytes(), "message/rfc822")},
    )


def test_a_mail_imported_from_a_file_is_already_read_when_uploaded(api: Api):
    state = api.state
    importing.import_paths(
        state.sessions,
        paths=[CORPUS / "12_no_match.eml"],
        source=importing.source_for(state.sessions, key="file", store="north"),
        now=lambda: datetime.now(UTC),
        ctx=state.ctx,
    )
    zh = _upload(browser(api, "agent_n", **{"Accept-Language": "zh-CN"}), "12_no_match.eml")
    assert zh.status_code == 200, zh.text
    assert "未归档 0，已读过 1" in zh.text
    en = _upload(browser(api, "agent_n", **{"Accept-Language": "en"}), "12_no_match.eml")
    assert "0 unfiled, 1 already read" in en.text
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 1
