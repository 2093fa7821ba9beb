"""Benchmark: peak memory of importing one big mail (issue 17: a 42 MB ``.eml`` with one
base64 attachment must not cost ten times its size).

Builds the mail with the stdlib ``email`` package (a text body and one ``--mb`` MB random
attachment, base64: about 1.37 times that on disk), then imports it in a fresh child process
through ``services.mail.importing.import_paths`` (what ``sellerdesk mail import`` runs) into
a fresh SQLite store, and prints the child's peak RSS (``ru_maxrss``) before and after the
import. ``--limit-mb``: the attachment size limit (default: above the attachment, so it is
kept; below it, the attachment is left out with a note).

Usage: python bench/mail_memory_bench.py [--mb 31] [--limit-mb 64]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

TARGET_TIMES = 4.0
NOW = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


def write_mail(path: Path, megabytes: float) -> None:
    msg = EmailMessage()
    msg["From"] = "Amazon Seller Support <seller-support@sellercentral.amazon.com>"
    msg["To"] = "team@example.com"
    msg["Subject"] = "Your report"
    msg["Message-ID"] = "<big-1@example.com>"
    msg["Date"] = "Mon, 2 Nov 2026 03:00:00 +0000"
    msg.set_content("The report you asked for is attached.\n")
    data = os.urandom(int(megabytes * 1_000_000))
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename="big.bin")
    path.write_bytes(msg.as_bytes())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mb() -> float:
    """The resident size now (Linux), the baseline the import's peak is measured from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return peak_mb()


def child(mail: Path, folder: Path, limit_mb: float | None) -> None:
    from sellerdesk.services.mail.importing import import_paths
    from sellerdesk.services.mail.models import MailSource
    from sellerdesk.storage.engine import make_engine, make_session_factory

    sys.path.insert(0, str(Path(__file__).parent))
    from mail_bench import context

    engine = make_engine(f"sqlite:///{folder / 'sellerdesk.db'}")  # made by the parent
    sessions = make_session_factory(engine)
    ctx = context(folder)
    if limit_mb is not None:
        from dataclasses import replace

        ctx = replace(ctx, max_attachment_bytes=int(limit_mb * 1_000_000))
    gc.collect()
    before, peak_before = rss_mb(), peak_mb()
    summary = import_paths(
        sessions, paths=[mail], source=MailSource("file", None), now=lambda: NOW, ctx=ctx
    )
    after = peak_mb()
    size = mail.stat().st_size / 1e6
    outcome = summary.mails[0].outcome
    print(f"mail: {size:.1f} MB; state {outcome.state}; notes {list(outcome.notes)}")
    print(
        f"RSS before the import: {before:.0f} MB (peak so far {peak_before:.0f} MB); "
        f"peak RSS after it: {after:.0f} MB"
    )
    if after <= peak_before:
        print("the import stayed under the start's peak: measure with a bigger --mb")
    over = (after - before) / size
    print(
        f"import's peak above baseline: {after - before:.0f} MB = {over:.1f}x the mail "
        f"(target <= {TARGET_TIMES:.0f}x: {'met' if over <= TARGET_TIMES else 'MISSED'})"
    )
    engine.dispose()
    sys.exit(0 if over <= TARGET_TIMES else 1)


def make_store(folder: Path) -> None:
    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{folder / 'sellerdesk.db'}")
    upgrade(engine)
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=float, default=31.0, help="attachment size, MB (31: a 42 MB mail)"
    )
    parser.add_argument("--limit-mb", type=float, default=64.0)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.folder, args.limit_mb)
    with tempfile.TemporaryDirectory(prefix="mail-memory-bench-") as tmp:
        folder = Path(tmp)
        mail = folder / "big.eml"
        # each step in its own process: Linux carries a peak RSS over exec, and building
        # the mail or migrating the store would hide the import's
        build = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import {Path(__file__).stem} as b; "
        steps = [
            f"{build}b.write_mail(b.Path({str(mail)!r}), {args.mb})",
            f"{build}b.make_store(b.Path({str(folder)!r}))",
        ]
        for step in steps:
            subprocess.run([sys.executable, "-c", step], check=True)
        command = [sys.executable, __file__, "--child", str(mail), "--folder", str(folder)]
        if args.limit_mb is not None:
            command += ["--limit-mb", str(args.limit_mb)]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
