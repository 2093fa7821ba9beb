"""Reading old mail in never floods the team (issue 17, new-user trial), on SQLite and
PostgreSQL: last year's replies are filed without an alert, a fresh reply alerts once with
its Case ID and first words, a burst on one case is one line "×N", and mail that could not
be filed points to the Unfiled page."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.alerts import payloads
from sellerdesk.core.alerts.channel import FORMATS, ChannelSettings, SmtpSettings
from sellerdesk.core.alerts.delivery import ChannelKind
from sellerdesk.core.alerts.limits import load_limits
from sellerdesk.core.alerts.mail_body import alert_mail
from sellerdesk.services import cases
from sellerdesk.services.alerts import outbox_views, routes
from sellerdesk.services.alerts.outbox import ChannelTarget, deliver_due
from sellerdesk.services.mail.importing import import_paths, ingest_one
from sellerdesk.services.mail.models import MailSource
from sellerdesk.services.tracker import TrackerContext
from tests.services.alert_fixtures import FakeSender, add_channel, hours_for, put
from tests.services.case_fixtures import NOW, later

CASE_ID = "12345678901"
WORKING = datetime(2026, 4, 16, 2, 0, tzinfo=UTC)  # Thu 10:00 in Shanghai: the team is in


def reply(number: int, sent: datetime, text: str = "We reinstated the listing.") -> bytes:
    return (
        "From: Amazon Seller Support <support@sellercentral.amazon.com>\n"
        "To: team@example.cn\n"
        f"Subject: Re: Case ID {CASE_ID} listing suppressed ({number})\n"
        f"Date: {format_datetime(sent)}\n"
        f"Message-ID: <r{number}@amazon.com>\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"{text}\n"
    ).encode()


def mbox(path: Path, mails: list[bytes]) -> Path:
    path.write_bytes(
        b"".join(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + m + b"\n" for m in mails)
    )
    return path


def setup(sessions: Any, ctx: TrackerContext, new_case: Any, lang: str = "en") -> int:
    add_channel(sessions, NOW, "ops")
    routes.add_route(
        sessions=sessions, now=NOW, actor="boss", channel="ops", lang=lang,
        triggers=("amazon-reply", "needs-action", "mail-unfiled"),
    )  # fmt: skip
    case_id = int(new_case())
    cases.move(
        sessions=sessions, now=later(0.5), ctx=ctx, case_id=case_id, status="submitted",
        amazon_case_id=CASE_ID,
    )  # fmt: skip
    return case_id


def alerts(sessions: sessionmaker[Session]) -> list[Any]:
    return list(reversed(outbox_views.outbox(sessions=sessions, limit=500).alerts))


def deliver(sessions: Any, *, kind: str = "wecom", per_minute: int | None = 20) -> FakeSender:
    send = FakeSender()
    deliver_due(
        sessions, now=WORKING, worker_id="w1", send=send, hours_for=hours_for,
        channels=lambda cid: ChannelTarget(cid, kind, per_minute=per_minute),
        base_url="https://desk.example.com", rng=random.Random(7),
    )  # fmt: skip
    return send


def test_an_mbox_of_fifty_old_replies_is_filed_without_a_single_alert(
    sessions, ctx, new_case, tmp_path
):
    case_id = setup(sessions, ctx, new_case)
    # each newer than the last, all after the case's last change, but weeks old at import
    old = [reply(i, later(1 + i)) for i in range(50)]
    summary = import_paths(
        sessions, paths=[mbox(tmp_path / "last-year.mbox", old)], source=MailSource("file"),
        now=lambda: later(24 * 30), ctx=ctx,
    )  # fmt: skip
    assert summary.count("filed") == 50 and summary.alerts_skipped() == 50
    assert summary.alert_age_hours == 72
    assert alerts(sessions) == []
    shown = cases.show(sessions=sessions, now=later(24 * 30), ctx=ctx, case_id=case_id)
    assert shown.status == "needs-action"  # the mail still moves the case
    # a fresh reply afterwards alerts, once
    fresh = ingest_one(
        sessions, raw=reply(99, later(24 * 30 - 1)), source=MailSource("file"),
        now=later(24 * 30), ctx=ctx,
    )  # fmt: skip
    assert fresh.state == "filed" and "alert-skipped-old" not in fresh.notes
    assert [a.trigger for a in alerts(sessions)] == ["amazon-reply"]


def test_a_fresh_reply_alerts_once_with_the_case_id_and_its_first_words(sessions, ctx, new_case):
    case_id = setup(sessions, ctx, new_case)
    body = "Thank you for your patience. " * 20
    got = ingest_one(
        sessions, raw=reply(1, later(1), body), source=MailSource("file"), now=later(2), ctx=ctx
    )
    assert got.state == "filed" and got.case_id == case_id
    [alert] = alerts(sessions)
    assert alert.trigger == "amazon-reply" and alert.link == f"/cases/{case_id}"
    assert f"(Amazon Case ID {CASE_ID})" in alert.text
    quoted = alert.text.split("\n", 1)[1]
    assert quoted.startswith("“Thank you for your patience.") and quoted.endswith("…”")
    assert len(quoted) <= 122 and "Re: Case ID" not in quoted  # the reply, not its subject


def test_a_reply_older_than_the_cases_last_change_is_filed_without_an_alert(
    sessions, ctx, new_case
):
    case_id = setup(sessions, ctx, new_case)
    cases.log_event(
        sessions=sessions, now=later(3), ctx=ctx, case_id=case_id, direction="note",
        body="Called Amazon: they will reinstate it",
    )  # fmt: skip
    got = ingest_one(
        sessions, raw=reply(1, later(2)), source=MailSource("file"), now=later(4), ctx=ctx
    )
    assert got.state == "filed" and "alert-skipped-old" in got.notes
    assert alerts(sessions) == []


def test_the_age_limit_is_the_data_folders_when_it_sets_one(sessions, ctx, new_case, tmp_path):
    own = tmp_path / "data"
    own.mkdir()
    (own / "alert_channels.toml").write_text("[rule.mail_alerts]\nmax_age_hours = 1\n")
    ctx.data_dir = own
    setup(sessions, ctx, new_case)
    got = ingest_one(
        sessions, raw=reply(1, later(1)), source=MailSource("file"), now=later(3), ctx=ctx
    )
    assert "alert-skipped-old" in got.notes and alerts(sessions) == []


def test_old_mail_that_could_not_be_filed_sends_no_alert_but_fresh_mail_points_to_unfiled(
    sessions, ctx, new_case
):
    setup(sessions, ctx, new_case)

    def unlinked(number: int, sent: datetime) -> bytes:
        return reply(number, sent).replace(f"Case ID {CASE_ID} ".encode(), b"")

    old = ingest_one(
        sessions, raw=unlinked(1, later(-24 * 200)), source=MailSource("file"), now=later(2),
        ctx=ctx,
    )  # fmt: skip
    assert old.state == "unfiled" and "alert-skipped-old" in old.notes
    assert alerts(sessions) == []
    fresh = ingest_one(
        sessions, raw=unlinked(2, later(1)), source=MailSource("file"), now=later(2), ctx=ctx
    )
    [alert] = alerts(sessions)
    assert alert.trigger == "mail-unfiled" and alert.link == f"/mail/unfiled#mail-{fresh.mail_id}"
    [(_, message, _)] = deliver(sessions).sent
    assert message.link_label == "Open the Unfiled mail"
    assert message.link == f"https://desk.example.com/mail/unfiled#mail-{fresh.mail_id}"


def test_five_replies_to_one_case_in_a_burst_are_one_message_saying_the_case_once(
    sessions, ctx, new_case
):
    case_id = setup(sessions, ctx, new_case)
    for i in range(5):
        ingest_one(
            sessions, raw=reply(i, later(1) + timedelta(minutes=i), f"Answer number {i}."),
            source=MailSource("file"), now=later(2), ctx=ctx,
        )  # fmt: skip
    assert len(alerts(sessions)) == 5
    [(_, message, _)] = deliver(sessions).sent
    assert message.title == f"Amazon replied on case {case_id} ×5"
    assert "Answer number 4." in message.text and "Answer number 3." not in message.text
    assert (
        len(message.alert_ids) == 5 and message.link == f"https://desk.example.com/cases/{case_id}"
    )
    assert {a.state for a in alerts(sessions)} == {"delivered"}


def test_a_digest_says_a_busy_case_on_one_line_with_times_n(sessions, ctx, new_case):
    case_id = setup(sessions, ctx, new_case)
    for i in range(5):
        ingest_one(
            sessions, raw=reply(i, later(1) + timedelta(minutes=i), f"Answer number {i}."),
            source=MailSource("file"), now=later(2), ctx=ctx,
        )  # fmt: skip
    put(sessions, later(2), key="other", title="Case 77 needs action")
    [(_, message, _)] = deliver(sessions, per_minute=1).sent
    assert message.title == "6 alerts"
    lines = message.text.splitlines()
    assert len(lines) == 2
    busy = next(line for line in lines if f"case {case_id}" in line)
    assert f"Amazon replied on case {case_id} ×5 — " in busy and "Answer number 4." in busy
    assert busy.endswith(f"https://desk.example.com/cases/{case_id}")
    assert message.link_label == "See every alert"


def test_a_burst_on_the_email_channel_is_one_digest_mail(sessions):
    email = load_limits()[ChannelKind.EMAIL]
    assert email.per_minute is not None and email.per_minute < 10
    for i in range(10):
        put(sessions, later(2), key=f"m{i}")
    sent = deliver(sessions, kind="email", per_minute=email.per_minute).sent
    assert len(sent) == 1 and len(sent[0][1].alert_ids) == 10
    assert sent[0][1].title == "10 alerts" and len(sent[0][1].text.splitlines()) == 10


def _bodies(message: Any) -> dict[str, str]:
    """What each vendor is sent for ``message``, as text (every channel kind, every format)."""
    limits = load_limits()
    smtp = SmtpSettings("127.0.0.1", 25, "none", "desk@example.cn", ("ops@example.cn",))
    out: dict[str, str] = {}
    for kind in (ChannelKind.WECOM, ChannelKind.DINGTALK, ChannelKind.FEISHU, ChannelKind.SLACK):
        for fmt in FORMATS[kind]:
            channel = ChannelSettings(kind, message_format=fmt)
            if kind is ChannelKind.WECOM:
                body = payloads.wecom_body(channel, message, limits[kind])
            elif kind is ChannelKind.DINGTALK:
                body = payloads.dingtalk_body(channel, message, limits[kind])
            elif kind is ChannelKind.FEISHU:
                body = payloads.feishu_body(channel, message, limits[kind], signature={})
            else:
                body = payloads.slack_body(channel, message, limits[kind])
            wire = payloads.encode_json(body)
            assert len(wire) <= max(limits[kind].rich_bytes, limits[kind].text_bytes) + 512
            out[f"{kind}/{fmt}"] = json.loads(wire.decode("utf-8")).__repr__()
    mail = alert_mail(smtp, message, limit=limits[ChannelKind.EMAIL].text_bytes, timestamp=0)
    out["email"] = str(mail.get_content())
    return out


def test_every_channel_says_the_case_id_and_the_replys_first_words_in_chinese(
    sessions, ctx, new_case
):
    setup(sessions, ctx, new_case, lang="zh")
    body = "您好，我们已经恢复了您的商品信息。" * 30  # 510 characters, 3 bytes each
    ingest_one(
        sessions, raw=reply(1, later(1), body), source=MailSource("file"), now=later(2), ctx=ctx
    )
    [(_, message, _)] = deliver(sessions).sent
    assert f"（亚马逊案例编号 {CASE_ID}）" in message.text
    quoted = message.text.split("\n", 1)[1]
    assert len(quoted.encode("utf-8")) <= 360 + 6 and quoted.endswith("…”")
    for where, text in _bodies(message).items():
        assert CASE_ID in text, where
        assert "您好，我们已经恢复了您的商品信息。" in text, where
        assert "https://desk.example.com/cases/1" in text, where
        if "/text" not in where:  # a text message carries the bare link
            assert "打开案例" in text, where


def test_the_unfiled_alert_says_open_the_unfiled_mail_on_every_channel(sessions, ctx, new_case):
    setup(sessions, ctx, new_case, lang="zh")
    raw = reply(1, later(1)).replace(f"Case ID {CASE_ID} ".encode(), b"")
    got = ingest_one(sessions, raw=raw, source=MailSource("file"), now=later(2), ctx=ctx)
    [(_, message, _)] = deliver(sessions).sent
    link = f"https://desk.example.com/mail/unfiled#mail-{got.mail_id}"
    for where, text in _bodies(message).items():
        assert link in text, where
        if "/text" not in where:  # a text message carries the bare link
            assert "打开未归档邮件" in text and "打开案例" not in text, where


@pytest.mark.parametrize("end", ["resolved", "closed"])
def test_amazons_new_reply_on_a_resolved_or_closed_case_alerts_that_it_needs_action(
    sessions, ctx, new_case, end
):
    case_id = setup(sessions, ctx, new_case)
    cases.move(sessions=sessions, now=later(1), ctx=ctx, case_id=case_id, status="resolved")
    if end == "closed":
        cases.move(sessions=sessions, now=later(1.5), ctx=ctx, case_id=case_id, status="closed")

    got = ingest_one(
        sessions, raw=reply(1, later(2)), source=MailSource("file"), now=later(2.1), ctx=ctx
    )

    assert got.state == "filed" and "reopened-by-reply" in got.notes
    [alert] = alerts(sessions)  # the same one alert as any reply: a closed case is no quieter
    assert alert.trigger == "amazon-reply" and alert.link == f"/cases/{case_id}"
