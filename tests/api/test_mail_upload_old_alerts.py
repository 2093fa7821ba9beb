"""Uploading old mail on the Unfiled page: it waits there as usual, without an alert, and
the page says how many alerts it left out, in the page's language (issue 17)."""

from __future__ import annotations

from pathlib import Path

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"
OLD = "12_no_match.eml"  # sent in April 2026: months before the wall clock of the test


def _upload(client):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/mail/unfiled").text)
    return client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={"attachments": (OLD, (CORPUS / OLD).read_bytes(), "message/rfc822")},
    )


def test_an_old_uploaded_mail_waits_unfiled_and_the_page_says_its_alert_was_left_out(api: Api):
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    done = _upload(client)
    assert done.status_code == 200, done.text
    assert "未归档 1" in done.text
    assert "1 封无法归档的旧邮件未发提醒" in done.text and "72 小时" in done.text
    assert "照常归档" not in done.text  # it went to Unfiled: not said to be filed
    assert "alert_channels" not in done.text  # no file names or codes on a page
    again = _upload(client)
    assert "已读过 1" in again.text and "旧邮件未发提醒" not in again.text


def test_the_page_says_it_in_english_too(api: Api):
    client = browser(api, "agent_n", **{"Accept-Language": "en"})
    done = _upload(client)
    assert "No alert for 1 old mail(s)" in done.text and "72 hours" in done.text
    mail_id = api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"]
    page = client.get(f"/mail/{mail_id}").text
    assert "too long ago to be news: no alert was sent for it." in page
