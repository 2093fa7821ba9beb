"""Benchmark: polling an IMAP mailbox of N messages into a fresh SQLite store (issue 17).

Starts Debian's dovecot on loopback with a throwaway configuration (tests/mail_server.py),
APPENDs N small Amazon-style messages to one folder, then polls it over IMAPS the way
``sellerdesk mail poll`` does (``services.mail.imap_poll.poll_mailbox``: UID fetch with
BODY.PEEK in batches, mail-core's ``ingest_raw`` and the checkpoint in one transaction per
message), and polls again, which must read nothing. Prints the counts, seconds and messages
per second of both polls.

Usage: python bench/imap_poll_bench.py [--mails N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.mail_server import DovecotServer, dovecot_missing, sample_mail

from sellerdesk.hours import load_desks, load_rules, team_schedule
from sellerdesk.services.mail import mailboxes
from sellerdesk.services.mail.imap_poll import default_ingest, poll_mailbox
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import upgrade


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    missing = dovecot_missing()
    if missing:
        print(f"skipped: {missing}")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="imap-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'sellerdesk.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    ctx = TrackerContext(
        desks=load_desks(user_files=False),
        rules=load_rules(user_files=False),
        team=team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",)),
        team_zone="Asia/Shanghai",
        attachments_dir=folder / "attachments",
    )
    server = DovecotServer.start()
    try:
        started = perf_counter()
        server.deliver("big", (sample_mail(i) for i in range(args.mails)), "Bench")
        print(f"delivered {args.mails} messages by APPEND in {perf_counter() - started:.1f} s")
        now = datetime.now(UTC)
        given = mailboxes.MailboxInput(
            host="127.0.0.1", port=server.tls_port, username="big",
            secret=server.users["big"], ca_file=str(server.ca_file), folder="Bench",
        )  # fmt: skip
        mailboxes.add(sessions, "bench", given, now=now)
        ingest = default_ingest(ctx)
        for label in ("first poll", "second poll"):
            started = perf_counter()
            result = poll_mailbox(
                sessions, "bench", ingest=ingest, clock=lambda: now, owner="bench"
            )
            took = perf_counter() - started
            rate = result.read / took if took else 0.0
            print(
                f"{label}: read {result.read} in {took:.2f} s ({rate:.0f} messages/s) "
                f"counts={result.counts} ok={result.ok} error={result.error}"
            )
    finally:
        server.stop()
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
