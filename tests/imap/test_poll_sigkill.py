"""A SIGKILL during a poll loses and duplicates nothing (issue 17's quality bar).

A `sellerdesk mail poll` process reads a mailbox of many messages and is killed mid-batch;
the next poll (after the dead poller's lease lapses) reads on from the checkpoint: every
message is filed exactly once, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from sellerdesk.services.mail import mailboxes
from sellerdesk.services.mail.imap_poll import default_ingest, poll_mailbox
from sellerdesk.storage.schema import mail_messages
from tests.mail_server import DovecotServer, sample_mail

MESSAGES = 240


def filed(sessions, key: str) -> tuple[int, int]:
    """(rows, distinct Message-IDs) read from the mailbox."""
    with sessions() as session:
        where = mail_messages.c.source_key == key
        rows = session.scalar(select(func.count()).select_from(mail_messages).where(where))
        distinct = session.scalar(
            select(func.count(func.distinct(mail_messages.c.message_id))).where(where)
        )
        return int(rows or 0), int(distinct or 0)


def test_a_poll_killed_mid_batch_loses_and_duplicates_nothing(
    sessions, ctx, dovecot: DovecotServer, folder, add_mailbox, database_url, tmp_path
):
    dovecot.deliver("big", [sample_mail(5000 + i) for i in range(MESSAGES)], folder)
    add_mailbox("bulk", folder, username="big")
    env = {
        **os.environ,
        "SELLERDESK_HOME": str(tmp_path / "home"),
        "SELLERDESK_DATABASE_URL": database_url,
    }
    poller = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sellerdesk.cli.main import main; main()",
            "mail",
            "poll",
            "--mailbox",
            "bulk",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    try:
        while filed(sessions, "bulk")[0] < MESSAGES // 4:
            assert poller.poll() is None, poller.stdout.read() if poller.stdout else ""
            assert time.monotonic() < deadline, "the poller read nothing in a minute"
            time.sleep(0.01)
        os.kill(poller.pid, signal.SIGKILL)
    finally:
        poller.wait(10)
    before, _ = filed(sessions, "bulk")
    assert 0 < before < MESSAGES, "killed mid-poll"
    checkpoint = mailboxes.one(sessions, "bulk").last_uid
    assert checkpoint == before  # the checkpoint moved with each message's own commit

    # the dead poller's lease lapses after ten minutes; the next poll reads on from there
    later = datetime.now(UTC) + timedelta(minutes=11)
    result = poll_mailbox(
        sessions, "bulk", ingest=default_ingest(ctx), clock=lambda: later, owner="next"
    )
    assert result.ok and result.skipped is None, result
    assert result.counts["duplicate"] == 0 and before + result.read == MESSAGES
    assert filed(sessions, "bulk") == (MESSAGES, MESSAGES)
    assert result.last_uid == MESSAGES
