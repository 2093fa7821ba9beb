"""Issue 17's "Done when", end to end through the real parts: a team set up with the CLI (a
store, an agent owning a submitted case, an IMAP mailbox on the session's dovecot, a WeCom,
DingTalk, Feishu or Slack channel on a loopback receiver that checks what the vendor checks, a
route, team hours and ``web.base_url``) forwards Amazon's case reply to the mailbox; one
``sellerdesk worker --once`` files it on the case and pings the owner in the group, once, in
their language, inside their hours.

The worker runs as a deployment runs it, through the CLI: its ``--at`` gives the round a fixed
clock, so no job is called by hand. On SQLite and PostgreSQL (``database_url``); the CLI reads
the same database through ``SELLERDESK_DATABASE_URL``. The person's own language, zone and
@mention handle are set through their services (My account in the web app: the CLI has no
command for them)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from sellerdesk.cli.main import build_app
from sellerdesk.services import accounts
from sellerdesk.services.alerts import routes_handles
from sellerdesk.storage.tables import AuditRow, EventRow
from tests.mail_server import DovecotServer
from tests.receivers.http_base import Receiver
from tests.receivers.vendors import DingTalkReceiver, FeishuReceiver, SlackReceiver, WeComReceiver

MAIL = Path(__file__).parents[1] / "data" / "mail"
BASE_URL = "https://desk.example.cn"
IMAP_ENV = "SD_E2E_IMAP_PASSWORD"
HOOK_ENV = "SD_E2E_HOOK"
SECRET_ENV = "SD_E2E_SIGNING_SECRET"
# each robot as its vendor checks it (payload, signature, errcode), and the owner's handle there
ROBOTS: dict[str, tuple[type[Receiver], str]] = {
    "wecom": (WeComReceiver, "LiWei"),
    "dingtalk": (DingTalkReceiver, "13800138000"),
    "feishu": (FeishuReceiver, "ou_84aad35d084aa403a838cf73ee18467"),
    "slack": (SlackReceiver, "U024BE7LH"),
}
SET_UP_AT = "2026-04-17T10:00:00+08:00"  # Friday: the case is raised and submitted
MONDAY = "2026-04-20T{}:00+08:00"  # the forward arrives Monday morning (Shanghai)


class Ran:
    def __init__(self, out: Any) -> None:
        self.exit_code, self.stdout, self.stderr = out.exit_code, out.stdout, out.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def sd(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """``sellerdesk …`` in a data folder of its own, on the test's database; a command that
    fails fails the test (its words shown)."""
    monkeypatch.setenv("SELLERDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SELLERDESK_DATABASE_URL", database_url)
    for name in ("SELLERDESK_DESKS", "SELLERDESK_TZ", "SELLERDESK_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    app, runner = build_app(), CliRunner()

    def run(*args: str, ok: bool = True) -> Ran:
        out = runner.invoke(app, list(args))
        if out.exception and not isinstance(out.exception, SystemExit):
            raise out.exception
        if ok:
            assert out.exit_code == 0, f"sellerdesk {' '.join(args)}:\n{out.output}"
        return Ran(out)

    return run


@pytest.fixture
def kind() -> str:
    """The team's chat app (a test parametrizes it)."""
    return "wecom"


@pytest.fixture
def robot(kind: str) -> Iterator[Receiver]:
    with ROBOTS[kind][0]().running() as receiver:
        yield receiver


@pytest.fixture
def team(
    sd: Callable[..., Ran],
    sessions: sessionmaker[Session],
    dovecot: DovecotServer,
    robot: Receiver,
    kind: str,
    folder: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[str, str], int]:
    """Set up as a team would, in the order docs/integrations.md gives; ``raise_case(case_id,
    zone)`` then records the agent's submitted case (our id back), the agent's zone set."""
    monkeypatch.setenv(IMAP_ENV, dovecot.users["amazon"])
    monkeypatch.setenv(HOOK_ENV, robot.url)  # type: ignore[attr-defined]
    signing = getattr(robot, "secret", None)
    monkeypatch.setenv(SECRET_ENV, signing or "")
    sd("config", "set", "team.timezone", "Asia/Shanghai")
    sd("config", "set", "team.hours", "Mon-Fri 09:00-18:00")
    sd("config", "set", "web.base_url", BASE_URL)
    sd("store", "add", "north", "--region", "na", "--marketplaces", "US", "--at", SET_UP_AT)
    sd("user", "add", "liwei", "--role", "agent", "--password", "Amz-case-2026!x")
    sd("user", "grant", "liwei", "north")
    at = datetime.fromisoformat(SET_UP_AT)
    routes_handles.set_handles(
        sessions=sessions, now=at, name="liwei", handles={kind: ROBOTS[kind][1]}
    )
    sd(
        "mail", "mailbox", "add", "amazon-fwd", "--host", "127.0.0.1",
        "--port", str(dovecot.tls_port), "--user", "amazon", "--ca-file", str(dovecot.ca_file),
        "--folder", folder, "--credential", f"env:{IMAP_ENV}", "--store", "north",
    )  # fmt: skip
    signed = ("--secret-env", SECRET_ENV) if signing else ()
    sd("alerts", "channel", "add", "US team", "--kind", kind, "--webhook-env", HOOK_ENV, *signed)
    sd(
        "alerts", "route", "add", "--trigger", "amazon-reply,needs-action",
        "--channel", "US team", "--store", "north", "--assignee", "@assignee",
        "--alert-lang", "recipient",
    )  # fmt: skip

    def raise_case(amazon_case_id: str, zone: str) -> int:
        accounts.set_own_settings(
            sessions=sessions, now=at, name="liwei", language="en", time_zone=zone
        )
        made = sd(
            "case", "new", "--store", "north", "--marketplace", "US",
            "--subject", "Inventory missing at the fulfillment centre", "--json",
            "--at", SET_UP_AT,
        ).json()  # fmt: skip
        case_id = int(made["id"])
        sd("case", "submit", str(case_id), "--case-id", amazon_case_id, "--at", SET_UP_AT)
        sd("case", "assign", str(case_id), "liwei", "--at", SET_UP_AT)
        return case_id

    return raise_case


def forwarded(name: str, subject: str) -> bytes:
    """A fixture of the corpus as the mail client forwarded it, under a new subject."""
    message = message_from_bytes((MAIL / name).read_bytes(), policy=policy.SMTP)
    del message["Subject"]
    message["Subject"] = subject
    message.replace_header("Message-ID", f"<fwd-{uuid.uuid4().hex}@example-partner.com>")
    return message.as_bytes()


def worker(sd: Callable[..., Ran], at: str) -> Ran:
    return sd("worker", "--once", "--worker-id", "e2e", "--at", at, "--lang", "en")


def events_of(sessions: sessionmaker[Session], case_id: int) -> list[EventRow]:
    with sessions() as session:
        query = select(EventRow).where(EventRow.case_id == case_id).order_by(EventRow.id)
        return list(session.scalars(query))


def case_audit(sessions: sessionmaker[Session], case_id: int) -> list[tuple[str, str, Any]]:
    with sessions() as session:
        query = (
            select(AuditRow)
            .where(AuditRow.entity == "case", AuditRow.entity_id == case_id)
            .order_by(AuditRow.id)
        )
        return [(r.actor, r.action, r.detail) for r in session.scalars(query)]


@pytest.mark.parametrize("kind", list(ROBOTS))
def test_a_forwarded_amazon_reply_is_filed_on_its_case_and_pings_the_owner_once(
    sd, team, sessions, dovecot, folder, robot, kind
):
    case_id = team("19999999999", "Asia/Shanghai")
    # Outlook's forward: the Case ID only in the quoted part
    dovecot.deliver("amazon", [forwarded("18_forward_outlook.eml", "Fwd: Amazon update")], folder)

    first = worker(sd, MONDAY.format("10:30"))

    assert "amazon-fwd: 1 new — filed 1" in first.stdout, first.stdout
    assert "alerts: 1 delivered in 1 message(s)" in first.stdout, first.stdout
    replies = [e for e in events_of(sessions, case_id) if e.direction == "in"]
    assert len(replies) == 1
    assert "Case ID 19999999999" in replies[0].body and replies[0].channel == "e-mail"
    shown = sd("case", "show", str(case_id), "--json").json()
    assert shown["status"] == "needs-action"
    by_mail = [a for a in case_audit(sessions, case_id) if a[0] == "mail:amazon-fwd"]
    assert [a[1] for a in by_mail].count("log") == 1
    assert any(a[2].get("status") == "needs-action" for a in by_mail if a[1] == "log")

    [message] = robot.received
    assert message.verdict == "ok"  # shape, signature and limits as the vendor checks them
    body = json.dumps(message.json, ensure_ascii=False)
    assert f"Amazon replied on case {case_id}" in body
    # the owner reads English though the team's CLI spoke Chinese (the quote of Amazon's
    # reply is Amazon's own words, in whatever language it wrote)
    assert "亚马逊回复了案例" not in body and "亚马逊案例编号" not in body
    assert "(Amazon Case ID 19999999999)" in body
    assert ROBOTS[kind][1] in body  # the owner @mentioned by their handle in this app
    assert f"{BASE_URL}/cases/{case_id}" in body
    if kind == "wecom":
        content = message.json["markdown"]["content"]
        assert "<@LiWei>" in content
        assert f"[Open the case]({BASE_URL}/cases/{case_id})" in content

    again = worker(sd, MONDAY.format("10:40"))  # the mailbox is due again: polled, nothing new
    assert "new" not in again.stdout, again.stdout
    assert len([e for e in events_of(sessions, case_id) if e.direction == "in"]) == 1
    assert len(robot.received) == 1


def test_a_reply_forwarded_before_the_owners_day_starts_waits_for_it_and_is_sent_once(
    sd, team, sessions, dovecot, folder, robot
):
    # the owner works from Berlin: the team's hours, in their zone
    case_id = team("15432109876", "Europe/Berlin")
    # Foxmail's forward (GBK): the Case ID only in the quoted caseID= link
    dovecot.deliver(
        "amazon", [forwarded("19_forward_foxmail_gbk.eml", "转发: Amazon update")], folder
    )

    early = worker(sd, MONDAY.format("10:30"))  # 04:30 in Berlin

    assert "amazon-fwd: 1 new — filed 1" in early.stdout, early.stdout
    assert sd("case", "show", str(case_id), "--json").json()["status"] == "needs-action"
    assert robot.received == []
    [held] = sd("alerts", "outbox", "list", "--json").json()["alerts"]
    assert (held["state"], held["trigger"], held["recipient"]) == ("held", "amazon-reply", "liwei")
    assert "2026-04-20 09:00 Europe/Berlin" in held["reason"]

    worker(sd, MONDAY.format("14:55"))  # 08:55 in Berlin: still held
    assert robot.received == []
    worker(sd, MONDAY.format("15:05"))  # 09:05 in Berlin
    [message] = robot.accepted()
    content = message.json["markdown"]["content"]
    assert "<@LiWei>" in content and f"{BASE_URL}/cases/{case_id}" in content
    worker(sd, MONDAY.format("15:30"))
    [sent] = sd("alerts", "outbox", "list", "--json").json()["alerts"]
    assert sent["state"] == "delivered" and len(sent["tries"]) <= 1
    assert len(robot.received) == 1
    assert len([e for e in events_of(sessions, case_id) if e.direction == "in"]) == 1


def test_a_teammates_forward_is_amazons_reply_even_when_the_team_lists_its_own_domain(
    sd, team, sessions, dovecot, folder, robot, tmp_path
):
    case_id = team("19999999999", "Asia/Shanghai")
    # as integrations.md says: the team lists its own domain, so that its own mail is `out`
    (tmp_path / "home" / "mail_senders.toml").write_text(
        '[team]\naddresses = []\ndomains = ["example-seller.cn"]\n', encoding="utf-8"
    )
    raw = forwarded("18_forward_outlook.eml", "Fwd: Amazon update")
    raw = raw.replace(b"zhangsan@example-partner.com", b"zhangsan@example-seller.cn")
    dovecot.deliver("amazon", [raw], folder)

    worker(sd, MONDAY.format("10:30"))

    assert [e.direction for e in events_of(sessions, case_id) if e.channel == "e-mail"] == ["in"]
    assert sd("case", "show", str(case_id), "--json").json()["status"] == "needs-action"
    assert len(robot.accepted()) == 1
