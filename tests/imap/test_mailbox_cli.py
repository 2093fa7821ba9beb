"""`sellerdesk mail mailbox …` and `mail poll` against a real dovecot (SQLite data folder)."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sellerdesk.cli.main import build_app
from tests.mail_server import DovecotServer, sample_mail


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SELLERDESK_HOME", str(tmp_path / "home"))
    for name in ("SELLERDESK_DATABASE_URL", "SELLERDESK_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    app, runner = build_app(), CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        out = runner.invoke(app, list(args))
        if out.exception and not isinstance(out.exception, SystemExit):
            raise out.exception
        return out

    return run


def _add(cli, dovecot: DovecotServer, key: str, folder: str, *extra: str):  # type: ignore[no-untyped-def]
    return cli(
        "mail", "mailbox", "add", key, "--host", "127.0.0.1", "--port", str(dovecot.tls_port),
        "--user", "amazon", "--ca-file", str(dovecot.ca_file), "--folder", folder,
        "--credential", "env:SD_CLI_IMAP", "--lang", "en", *extra,
    )  # fmt: skip


def test_a_mailbox_added_with_an_env_credential_is_listed_tested_and_polled(
    cli, dovecot: DovecotServer, monkeypatch
) -> None:
    folder = f"c{uuid.uuid4().hex[:8]}"
    dovecot.deliver("amazon", [sample_mail(7000 + i) for i in range(3)], folder)
    added = _add(cli, dovecot, "amazon-us", folder)
    assert added.exit_code == 0, added.output
    assert "Mailbox amazon-us added" in added.stdout
    assert "Try it: sellerdesk mail mailbox test amazon-us" in added.stdout
    assert "SD_CLI_IMAP is not set" in added.stderr  # said at once, not at the first poll
    monkeypatch.setenv("SD_CLI_IMAP", dovecot.users["amazon"])
    listed = json.loads(cli("mail", "mailbox", "list", "--json").stdout)
    assert listed[0]["secret"] == "set" and dovecot.users["amazon"] not in json.dumps(listed)
    tested = cli("mail", "mailbox", "test", "amazon-us", "--lang", "en")
    assert tested.exit_code == 0 and "holds 3 messages" in tested.stdout
    polled = cli("mail", "poll", "--lang", "en")
    assert polled.exit_code == 0 and "amazon-us: 3 new" in polled.stdout
    again = json.loads(cli("mail", "poll", "--mailbox", "amazon-us", "--json").stdout)
    assert again[0]["read"] == 0 and again[0]["ok"] is True
    table = cli("mail", "mailbox", "list", "--lang", "zh").stdout
    assert "来自环境变量 SD_CLI_IMAP（存在）" in table and "累计读取 3 封" in table


def test_a_failing_mailbox_is_said_in_words_and_the_poll_exits_1(
    cli, dovecot: DovecotServer, monkeypatch
) -> None:
    monkeypatch.setenv("SD_CLI_IMAP", "wrong")
    assert _add(cli, dovecot, "bad", "INBOX").exit_code == 0
    polled = cli("mail", "poll", "--lang", "zh")
    assert polled.exit_code == 1 and "服务器拒绝了 amazon 的登录" in polled.stderr
    tested = cli("mail", "mailbox", "test", "bad", "--lang", "en")
    assert tested.exit_code == 1 and "refused the login of amazon" in tested.stderr
    # the test's outcome and time are the mailbox's status, in the list as on the Admin page
    listed = cli("mail", "mailbox", "list", "--lang", "en").stdout
    assert "Test failed" in listed and "refused the login of amazon" in listed
    monkeypatch.setenv("SD_CLI_IMAP", dovecot.users["amazon"])
    assert cli("mail", "mailbox", "test", "bad").exit_code == 0
    listed = cli("mail", "mailbox", "list", "--lang", "zh").stdout
    assert "测试通过" in listed and "拒绝" not in listed
    [shown] = json.loads(cli("mail", "mailbox", "list", "--json").stdout)
    assert shown["last_error"] is None and shown["last_test_at"] and shown["last_poll_at"]


def test_bad_input_exits_2_naming_the_field_and_a_taken_key_exits_3(
    cli, dovecot: DovecotServer, tmp_path
) -> None:
    plain = cli(
        "mail", "mailbox", "add", "x", "--host", "imap.example.com", "--security", "none",
        "--user", "u", "--credential", "env:X", "--lang", "en",
    )  # fmt: skip
    assert plain.exit_code == 2 and "security" in plain.stderr and "in the clear" in plain.stderr
    bad_ref = cli(
        "mail", "mailbox", "add", "y", "--host", "h", "--user", "u", "--credential", "hunter2"
    )
    assert bad_ref.exit_code == 2 and "credential" in bad_ref.stderr
    assert "hunter2"[:40] in bad_ref.stderr or "credential" in bad_ref.stderr
    assert _add(cli, dovecot, "dup", "INBOX").exit_code == 0
    assert _add(cli, dovecot, "dup", "INBOX").exit_code == 3
    assert cli("mail", "mailbox", "remove", "nobody").exit_code == 2


def test_a_secrets_file_others_can_read_is_warned_about(cli, dovecot: DovecotServer, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[mailboxes]\nloose = "{dovecot.users["amazon"]}"\n')
    os.chmod(secrets, 0o644)
    added = cli(
        "mail", "mailbox", "add", "loose", "--host", "127.0.0.1", "--user", "amazon",
        "--credential", f"file:{secrets}", "--lang", "en",
    )  # fmt: skip
    assert added.exit_code == 0 and "chmod 600" in added.stderr
    os.chmod(secrets, 0o600)
    edited = cli("mail", "mailbox", "edit", "loose", "--folder", "Amazon", "--lang", "en")
    assert edited.exit_code == 0 and "chmod 600" not in edited.stderr
    assert "folder Amazon" in edited.stdout


def test_a_mailbox_whose_env_variable_is_missing_says_so_and_how_to_fix_it(
    cli, monkeypatch
) -> None:
    monkeypatch.delenv("SD_CLI_IMAP_M3", raising=False)
    added = cli(
        "mail", "mailbox", "add", "m3-box", "--host", "127.0.0.1", "--port", "993",
        "--user", "u", "--credential", "env:SD_CLI_IMAP_M3", "--lang", "en",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = cli("mail", "mailbox", "list", "--lang", "en").stdout
    assert "from environment variable SD_CLI_IMAP_M3 — MISSING on this server" in listed
    assert "set it in the environment of the server and worker, then restart" in listed
    zh = cli("mail", "mailbox", "list", "--lang", "zh").stdout
    assert "来自环境变量 SD_CLI_IMAP_M3 — 本服务器上缺失" in zh
    monkeypatch.setenv("SD_CLI_IMAP_M3", "the-secret-value")
    present = cli("mail", "mailbox", "list", "--lang", "en").stdout
    assert "from environment variable SD_CLI_IMAP_M3 (present)" in present
    assert "the-secret-value" not in present
    zh_present = cli("mail", "mailbox", "list", "--lang", "zh").stdout
    assert "来自环境变量 SD_CLI_IMAP_M3（存在）" in zh_present
