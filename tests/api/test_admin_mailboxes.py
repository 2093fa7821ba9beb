"""Admin › Mailboxes (web/admin_mailboxes.py): add a mailbox with a pasted password that is
never shown back, test its connection against a real dovecot, see each mailbox's status in
the page's language, edit and remove it; admins only (404 for others), CSRF checked."""

from __future__ import annotations

import uuid

from sellerdesk.services.mail import imap_poll, mailboxes
from tests.api.conftest import Api
from tests.api.web_support import browser, csrf_of
from tests.mail_server import DovecotServer, sample_mail


def _add(client, dovecot: DovecotServer, key: str, folder: str, **extra: str):  # type: ignore[no-untyped-def]
    form = {
        "csrf_token": csrf_of(client.get("/admin/mailboxes").text),
        "action": "add",
        "key": key,
        "host": "127.0.0.1",
        "security": "tls",
        "port": str(dovecot.tls_port),
        "username": "amazon",
        "folder": folder,
        "secret": dovecot.users["amazon"],
        "ca_file": str(dovecot.ca_file),
        "store": "north",
        "enabled": "yes",
        **extra,
    }
    return client.post("/admin/mailboxes", data=form, follow_redirects=False)


def test_an_admin_adds_a_mailbox_whose_password_is_never_shown_back_and_tests_it(
    api: Api, dovecot: DovecotServer
) -> None:
    folder = f"w{uuid.uuid4().hex[:8]}"
    dovecot.deliver("amazon", [sample_mail(9000), sample_mail(9001)], folder)
    client = browser(api, "root")
    done = _add(client, dovecot, "amazon-us", folder)
    assert done.status_code == 303 and "saved=amazon-us" in done.headers["location"]
    page = client.get("/admin/mailboxes")
    assert page.status_code == 200 and "amazon-us" in page.text
    assert dovecot.users["amazon"] not in page.text and "Password: set (stored)" in page.text
    assert "Not polled yet" in page.text
    edit = client.get("/admin/mailboxes/amazon-us")
    assert edit.status_code == 200 and dovecot.users["amazon"] not in edit.text
    tested = client.post(
        "/admin/mailboxes",
        data={"csrf_token": csrf_of(page.text), "action": "test", "original": "amazon-us"},
    )
    assert tested.status_code == 200 and "logged in; the folder holds 2 messages" in tested.text
    assert "Last test" in tested.text and "the login works" in tested.text  # the card's status


def test_a_failed_poll_shows_on_the_page_in_the_page_language(
    api: Api, dovecot: DovecotServer
) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    folder = f"w{uuid.uuid4().hex[:8]}"
    dovecot.deliver("amazon", [], folder)
    assert _add(client, dovecot, "wrong", folder, secret="nope").status_code == 303
    state = api.state
    imap_poll.poll_all(
        state.sessions, ingest=imap_poll.default_ingest(state.ctx), clock=state.clock, owner="t"
    )
    page = client.get("/admin/mailboxes")
    assert "服务器拒绝了 amazon 的登录" in page.text and "上次轮询" in page.text
    tested = client.post(
        "/admin/mailboxes",
        data={"csrf_token": csrf_of(page.text), "action": "test", "original": "wrong"},
    )
    assert tested.status_code == 200 and "服务器拒绝了 amazon 的登录" in tested.text
    assert "上次测试" in tested.text and "可以登录" not in tested.text


def test_an_edit_with_the_password_left_empty_keeps_it_and_a_removal_asks_first(
    api: Api, dovecot: DovecotServer
) -> None:
    client = browser(api, "root")
    assert _add(client, dovecot, "keep", "INBOX").status_code == 303
    token = csrf_of(client.get("/admin/mailboxes/keep").text)
    form = {
        "csrf_token": token, "action": "edit", "original": "keep", "host": "127.0.0.1",
        "security": "tls", "port": str(dovecot.tls_port), "username": "amazon",
        "folder": "Archive", "secret": "", "credential": "", "store": "", "ca_file":
        str(dovecot.ca_file), "move_to": "", "enabled": "yes",
    }  # fmt: skip
    assert client.post("/admin/mailboxes", data=form, follow_redirects=False).status_code == 303
    view = mailboxes.one(api.state.sessions, "keep")
    assert view.folder == "Archive" and view.secret.state == "set" and view.store_name is None
    asked = client.post(
        "/admin/mailboxes", data={"csrf_token": token, "action": "remove", "original": "keep"}
    )
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.text
    gone = client.post(
        "/admin/mailboxes",
        data={"csrf_token": token, "action": "remove", "original": "keep", "confirm": "yes"},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and mailboxes.listed(api.state.sessions) == []


def test_a_refused_mailbox_names_the_field_and_keeps_no_password(
    api: Api, dovecot: DovecotServer
) -> None:
    client = browser(api, "root")
    refused = _add(client, dovecot, "plain", "INBOX", host="imap.example.com", security="none")
    assert refused.status_code == 422
    assert "would send the password in the clear" in refused.text
    assert dovecot.users["amazon"] not in refused.text
    taken = _add(client, dovecot, "dup", "INBOX")
    assert taken.status_code == 303
    assert _add(client, dovecot, "dup", "INBOX").status_code == 409


def test_the_mailbox_pages_are_for_admins_only_and_check_csrf(api: Api) -> None:
    agent = browser(api, "agent_n")
    assert agent.get("/admin/mailboxes").status_code == 404
    assert agent.get("/admin/mailboxes/x").status_code == 404
    root = browser(api, "root")
    refused = root.post("/admin/mailboxes", data={"csrf_token": "nope", "action": "add"})
    assert refused.status_code == 403


def test_saving_a_mailbox_with_test_the_login_ticked_says_at_once_that_the_password_is_wrong(
    api: Api, dovecot: DovecotServer
) -> None:
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    folder = f"w{uuid.uuid4().hex[:8]}"
    dovecot.deliver("amazon", [sample_mail(9100)], folder)
    form_page = client.get("/admin/mailboxes").text
    assert 'name="test_login" value="yes" checked' in form_page  # on unless unticked

    wrong = _add(client, dovecot, "qq", folder, secret="nope", test_login="yes")
    edit_token = csrf_of(client.get("/admin/mailboxes/qq").text)
    fixed = client.post(
        "/admin/mailboxes",
        data={
            "csrf_token": edit_token,
            "action": "edit",
            "original": "qq",
            "host": "127.0.0.1",
            "security": "tls",
            "port": str(dovecot.tls_port),
            "username": "amazon",
            "folder": folder,
            "secret": dovecot.users["amazon"],
            "ca_file": str(dovecot.ca_file),
            "store": "north",
            "enabled": "yes",
            "test_login": "yes",
        },
    )

    assert wrong.status_code == 200 and "服务器拒绝了 amazon 的登录" in wrong.text
    assert "qq" in {v.key for v in mailboxes.listed(api.state.sessions)}  # saved all the same
    assert fixed.status_code == 200 and "qq：登录成功；文件夹中有 1 封邮件" in fixed.text
    assert mailboxes.one(api.state.sessions, "qq").last_error is None


def test_a_mailbox_whose_env_variable_is_missing_says_so_and_how_to_fix_it_in_both_languages(
    api: Api, dovecot: DovecotServer, monkeypatch
) -> None:
    monkeypatch.delenv("SD_WEB_IMAP_M3", raising=False)
    client = browser(api, "root")
    done = _add(
        client, dovecot, "env-box", "INBOX", credential="env:SD_WEB_IMAP_M3", secret="",
        enabled="", test_login="",
    )  # fmt: skip
    assert done.status_code in (200, 303), done.text
    page = client.get("/admin/mailboxes").text
    assert "from environment variable SD_WEB_IMAP_M3 — MISSING on this server" in page
    assert "set it in the environment of the server and worker, then restart" in page
    zh = browser(api, "root", **{"Accept-Language": "zh-CN"}).get("/admin/mailboxes").text
    assert "来自环境变量 SD_WEB_IMAP_M3 — 本服务器上缺失" in zh
    assert "请在服务器和 worker 的环境中设置它，然后重启" in zh
    monkeypatch.setenv("SD_WEB_IMAP_M3", "the-secret-value")
    present = client.get("/admin/mailboxes/env-box").text
    assert "from environment variable SD_WEB_IMAP_M3 (present)" in present
    assert "the-secret-value" not in present
