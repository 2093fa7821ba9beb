"""Admin › Mailboxes › Poll now (web/admin_mailboxes.py, POST /admin/mailboxes/poll): an admin
reads new mail at once against a real dovecot and sees on the same page, in the page's
language, how much was read and filed, or the mailbox's error; Poll all goes on past a broken
mailbox; a mailbox the worker holds is not read twice; only admins, CSRF checked."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from sellerdesk.services import cases
from sellerdesk.services.mail import mailboxes
from sellerdesk.storage.repositories import mailboxes as mailbox_repo
from sellerdesk.storage.session import transaction
from sellerdesk.web import admin_mailboxes
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of
from tests.mail_server import DovecotServer, sample_mail

AMAZON_CASE = "12345678901"  # sample_mail's subject names it


def _mailbox(api: Api, dovecot: DovecotServer, key: str, *mail: bytes, secret: str = "") -> None:
    folder = f"p{uuid.uuid4().hex[:8]}"
    dovecot.deliver("amazon", list(mail), folder)
    given = mailboxes.MailboxInput(
        host="127.0.0.1", port=dovecot.tls_port, security="tls", username="amazon",
        folder=folder, secret=secret or dovecot.users["amazon"], ca_file=str(dovecot.ca_file),
        store="north",
    )  # fmt: skip
    mailboxes.add(api.state.sessions, key, given, now=api.state.clock())


def _submitted_case(api: Api) -> int:
    state = api.state
    common = {"sessions": state.sessions, "ctx": state.ctx, "now": state.clock()}
    case_id = cases.create(**common, store="north", marketplace="US", subject="Listing removed")
    cases.move(**common, case_id=case_id, status="submitted", amazon_case_id=AMAZON_CASE)
    return int(case_id)


def _poll(client, mailbox: str = ""):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/admin/mailboxes").text)
    return client.post("/admin/mailboxes/poll", data={"csrf_token": token, "mailbox": mailbox})


SAID = {
    "en": "amazon-us: 2 new — filed 1, unfiled 1, already read 0, ignored 0, refused 0.",
    "zh-CN": "amazon-us：新邮件 2 封 —— 已归档 1，未归档 1，此前已读取 0，已忽略 0，无法读取 0。",
}


@pytest.mark.parametrize(("lang", "said"), list(SAID.items()))
def test_poll_now_files_the_new_mail_and_says_the_counts_in_the_page_language(
    api: Api, dovecot: DovecotServer, lang: str, said: str
) -> None:
    case_id = _submitted_case(api)
    other = sample_mail(9101, subject="A question from a buyer")
    _mailbox(api, dovecot, "amazon-us", sample_mail(9100), other)
    client = browser(api, "root", **{"Accept-Language": lang})
    page = client.get("/admin/mailboxes").text
    assert ('value="amazon-us"' in page) and ("Poll now" in page or "立即收信" in page)
    polled = _poll(client, "amazon-us")
    assert polled.status_code == 200 and said in polled.text
    case = api.call("root", "GET", f"/api/v1/cases/{case_id}").text
    assert "#9100" in case
    assert mailboxes.one(api.state.sessions, "amazon-us").counts["total_read"] == 2
    again = _poll(client, "amazon-us")  # nothing new: nothing read twice
    assert "amazon-us" in again.text and said not in again.text


def test_a_wrong_password_is_said_in_words_and_poll_all_still_reads_the_other_mailbox(
    api: Api, dovecot: DovecotServer
) -> None:
    _mailbox(api, dovecot, "broken", sample_mail(9200), secret="wrong-password")
    _mailbox(api, dovecot, "working", sample_mail(9201, subject="Hello"))
    en = _poll(browser(api, "root"))
    assert en.status_code == 200
    assert "broken: The server refused the login of amazon: wrong user name or password" in en.text
    assert "working: 1 new" in en.text
    assert mailboxes.one(api.state.sessions, "broken").last_error is not None
    zh = _poll(browser(api, "root", **{"Accept-Language": "zh-CN"}), "broken")
    assert "broken：服务器拒绝了 amazon 的登录" in zh.text


def test_a_mailbox_the_worker_is_polling_is_skipped_not_read_twice(
    api: Api, dovecot: DovecotServer
) -> None:
    _mailbox(api, dovecot, "held", sample_mail(9300, subject="Hello"))
    now = api.state.clock()
    with transaction(api.state.sessions) as session:
        assert mailbox_repo.claim(
            session, "held", owner="host:123", now=now, until=now + timedelta(minutes=10)
        )
    polled = _poll(browser(api, "root"), "held")
    assert "held: another worker is polling it now; skipped." in polled.text
    assert mailboxes.one(api.state.sessions, "held").last_uid == 0


def test_a_poll_stops_at_its_limit_and_says_the_worker_reads_the_rest(
    api: Api, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admin_mailboxes, "POLL_LIMIT", 2)
    mail = [sample_mail(n, subject="Hello") for n in (9400, 9401, 9402)]
    _mailbox(api, dovecot, "many", *mail)
    client = browser(api, "root")
    first = _poll(client, "many")
    assert "many: 2 new" in first.text and "more new mail is waiting" in first.text
    second = _poll(client, "many")
    assert "many: 1 new" in second.text and "more new mail is waiting" not in second.text


def test_poll_now_is_for_admins_only_and_checks_csrf(api: Api) -> None:
    for user in ("agent_n", "viewer_n"):
        refused = browser(api, user).post("/admin/mailboxes/poll", data={"mailbox": ""})
        assert refused.status_code == 404  # admin pages do not exist for others
    root = browser(api, "root")
    forged = root.post("/admin/mailboxes/poll", data={"csrf_token": "nope", "mailbox": ""})
    assert forged.status_code == 403
    unknown = _poll(root, "nobody")
    assert unknown.status_code == 404
