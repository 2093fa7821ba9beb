"""The Unfiled mail page (zh first), its upload and one-step actions, a mail's own page
with its HTML made safe, and the API's Unfiled routes."""

from __future__ import annotations

from pathlib import Path

from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "mail"


def _upload(client, name: str, store: str = "north"):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/mail/unfiled").text)
    return client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": store},
        files={"attachments": (name, (CORPUS / name).read_bytes(), "message/rfc822")},
    )


def test_an_uploaded_mail_no_case_names_waits_on_the_unfiled_page_in_chinese(api: Api):
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    done = _upload(client, "12_no_match.eml")
    assert done.status_code == 200, done.text
    assert "未归档 1" in done.text and "没有案例符合" in done.text
    assert "Sold, ship now: Wireless earbuds" in done.text
    again = _upload(client, "12_no_match.eml")
    assert "已读过 1" in again.text


def test_an_unfiled_mail_is_filed_on_a_case_in_one_step(api: Api):
    case = api.new_case(subject="Earbuds sold but not shipped")
    client = browser(api, "agent_n")
    _upload(client, "12_no_match.eml")
    listed = api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()
    mail_id = listed["mails"][0]["id"]
    token = csrf_of(client.get("/mail/unfiled").text)
    done = client.post(
        f"/mail/unfiled/{mail_id}/file",
        data={"csrf_token": token, "case": str(case["id"])},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(f"/cases/{case['id']}").text
    assert "Wireless earbuds" in page and f'href="/mail/{mail_id}/raw"' in page
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 0
    twice = api.call("agent_n", "POST", f"/api/v1/mail/unfiled/{mail_id}/dismiss")
    assert twice.status_code == 409


def test_a_mails_page_shows_its_html_without_script_or_tracking_pixel(api: Api):
    client = browser(api, "agent_n")
    _upload(client, "21_html_only_tracking.eml")
    mail_id = api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"]
    page = client.get(f"/mail/{mail_id}").text
    assert "Your request was reviewed" in page
    assert "evil.example" not in page and "pixel.gif" not in page and "steal()" not in page
    raw = client.get(f"/mail/{mail_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain") and "<script>" in raw.text


def test_a_viewer_cannot_upload_and_a_stranger_does_not_see_the_mail(api: Api):
    agent = browser(api, "agent_n")
    _upload(agent, "13_unknown_case_id.eml")
    viewer = browser(api, "viewer_n")
    refused = _upload(viewer, "12_no_match.eml")
    assert refused.status_code == 403
    stranger = api.call("agent_s", "GET", "/api/v1/mail/unfiled").json()
    assert stranger["total"] == 0


def test_an_unfiled_mail_is_filed_by_the_amazon_case_id_typed_in_the_case_box(api: Api):
    from sellerdesk.services import cases

    state = api.state
    common = {"sessions": state.sessions, "ctx": state.ctx, "now": state.clock()}
    case_id = cases.create(**common, store="north", marketplace="US", subject="Earbuds")
    cases.move(**common, case_id=case_id, status="submitted", amazon_case_id="18888888888")
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    page = _upload(client, "12_no_match.eml").text
    assert "案例号或亚马逊 Case ID" in page
    mail_id = api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"]
    token = csrf_of(page)

    wrong = client.post(
        f"/mail/unfiled/{mail_id}/file", data={"csrf_token": token, "case": "案例五"}
    )
    done = client.post(
        f"/mail/unfiled/{mail_id}/file",
        data={"csrf_token": token, "case": "18888888888"},
        follow_redirects=False,
    )

    assert wrong.status_code == 400 and "亚马逊 Case ID" in wrong.text
    assert done.status_code == 303
    assert api.call("agent_n", "GET", "/api/v1/mail/unfiled").json()["total"] == 0


def test_an_uploaded_file_that_is_no_mail_is_named_with_why_in_a_warning_box(api: Api):
    client = browser(api, "agent_n", **{"Accept-Language": "zh-CN"})
    token = csrf_of(client.get("/mail/unfiled").text)

    done = client.post(
        "/mail/upload",
        data={"csrf_token": token, "store": "north"},
        files={
            "attachments": ("货件清单.eml", "只是一些笔记，不是邮件。\n".encode(), "text/plain")
        },
    )

    assert done.status_code == 200, done.text
    box = done.text.split('<div class="warning" role="alert">')[1].split("</div>")[0]
    assert "货件清单.eml" in box and "不是邮件" in box


def _unfiled_mails(api: Api, count: int) -> None:
    from sellerdesk.services.mail.importing import ingest_one
    from sellerdesk.services.mail.models import MailSource

    state = api.state
    for n in range(count):
        raw = (
            f"From: someone{n}@example.com\nTo: ops@example.cn\nSubject: Question {n}\n"
            f"Date: Sat, 18 Apr 2026 14:00:00 +0000\nMessage-ID: <q{n}@example.com>\n\nHello\n"
        ).encode()
        ingest_one(
            state.sessions, raw=raw, source=MailSource("file"), now=state.clock(), ctx=state.ctx
        )


def test_the_unfiled_page_shows_25_mails_a_page_with_the_count_and_the_upload_form_first(
    api: Api,
):
    _unfiled_mails(api, 30)
    client = browser(api, "root", **{"Accept-Language": "en"})

    first = client.get("/mail/unfiled").text
    second = client.get("/mail/unfiled?offset=25").text

    assert first.count('class="card" id="mail-') == 25
    assert "30 unfiled mail(s); this page: 1–25" in first and "page 1 of 2" in first
    assert first.index('action="/mail/upload"') < first.index('id="mail-')
    assert 'href="/mail/unfiled?offset=25"' in first
    assert second.count('class="card" id="mail-') == 5
    assert "this page: 26–30" in second and 'href="/mail/unfiled?offset=0"' in second


def test_a_dismissed_mail_is_put_back_with_undo_dismiss_in_chinese(api: Api):
    _unfiled_mails(api, 1)
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    mail_id = api.call("root", "GET", "/api/v1/mail/unfiled").json()["mails"][0]["id"]
    token = csrf_of(client.get("/mail/unfiled").text)
    dismissed = client.post(f"/mail/unfiled/{mail_id}/dismiss", data={"csrf_token": token})
    assert f'action="/mail/unfiled/{mail_id}/restore"' in dismissed.text  # undo at once
    own_page = client.get(f"/mail/{mail_id}").text
    assert "撤销忽略" in own_page and f'action="/mail/unfiled/{mail_id}/restore"' in own_page

    back = client.post(f"/mail/unfiled/{mail_id}/restore", data={"csrf_token": token})
    again = client.post(
        f"/mail/unfiled/{mail_id}/restore", data={"csrf_token": token, "back": "mail"}
    )

    assert back.status_code == 200 and "已放回未归档邮件" in back.text
    assert api.call("root", "GET", "/api/v1/mail/unfiled").json()["total"] == 1
    assert again.status_code == 409 and "没有被忽略" in again.text
