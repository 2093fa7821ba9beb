"""Benchmark: mail read in from one mbox of 10,000 messages, on SQLite (issue 17: <= 60 s).

Builds a fresh SQLite store (``--cases`` cases in one store, a third of them submitted with
an Amazon Case ID, every one naming an order ID), writes an mbox mixing what a team's
mailbox holds:

* 30 % Amazon replies naming a case's Case ID in the subject (filed: ``case-id-subject``),
* 10 % replies with a Seller Central ``caseID=`` link only (filed: ``case-link``),
* 15 % replies to an earlier mail of the mbox, by In-Reply-To only (filed: ``thread``),
* 15 % Amazon notifications naming an open case's order ID (filed: ``identifier``),
* 20 % mail that names nothing (Unfiled),
* 10 % auto-replies (ignored);

then imports it through ``services.mail.importing.import_paths`` (the path of ``sellerdesk
mail import``: one transaction per message, raw bytes kept content-addressed), and imports
it again, which must file nothing new. Prints the counts and the seconds of both passes.

Usage: python bench/mail_bench.py [--mails N] [--cases N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter

from sellerdesk.hours import load_desks, load_rules, team_schedule
from sellerdesk.services import cases, stores
from sellerdesk.services.mail.importing import import_paths
from sellerdesk.services.mail.models import MailSource
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import upgrade

TARGET_S = 60.0
NOW = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
SC = "Amazon Seller Support <seller-support@sellercentral.amazon.com>"


def context(folder: Path) -> TrackerContext:
    return TrackerContext(
        desks=load_desks(user_files=False),
        rules=load_rules(user_files=False),
        team=team_schedule("Mon-Fri 09:00-18:00", "Asia/Shanghai", ("CN",)),
        team_zone="Asia/Shanghai",
        attachments_dir=folder / "attachments",
    )


def order_of(i: int) -> str:
    return f"{111 + i % 800:03d}-{1000000 + i:07d}-{2000000 + i:07d}"


def case_id_of(i: int) -> str:
    return f"{30000000000 + i * 7919}"


def make_cases(sessions, ctx: TrackerContext, n: int) -> list[tuple[int, str, str | None]]:  # type: ignore[no-untyped-def]
    stores.add(sessions=sessions, now=NOW, ctx=ctx, name="acme", region="na", marketplaces=["US"])
    made = []
    for i in range(n):
        case = cases.create(
            sessions=sessions,
            ctx=ctx,
            now=NOW,
            store="acme",
            marketplace="US",
            subject=f"Problem {i}: order {order_of(i)} stuck",
            order_ids=[order_of(i)],
            force=True,
            reason="bench",
        )
        number = None
        if i % 3 == 0:
            number = case_id_of(i)
            cases.move(
                status="submitted",
                sessions=sessions,
                now=NOW + timedelta(minutes=1),
                ctx=ctx,
                case_id=case,
                amazon_case_id=number,
            )
        made.append((case, order_of(i), number))
    return made


def _mail(n: int, headers: list[tuple[str, str]], body: str) -> str:
    head = "\n".join(f"{k}: {v}" for k, v in headers)
    stamp = "Mon Nov  2 03:00:00 2026"
    text = body.replace("\nFrom ", "\n>From ")
    return (
        f"From bench@example {stamp}\n{head}\nMessage-ID: <bench-{n}@example.com>\n"
        f"Date: Mon, 2 Nov 2026 03:{n % 60:02d}:00 +0000\nMIME-Version: 1.0\n"
        f'Content-Type: text/plain; charset="utf-8"\n\n{text}\n\n'
    )


def write_mbox(path: Path, made: list[tuple[int, str, str | None]], count: int) -> None:
    rng = random.Random(17)
    numbered = [m for m in made if m[2] is not None]
    filed: list[int] = []  # numbers of mails that will be filed (for thread replies)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            roll = rng.random()
            case = rng.choice(numbered)
            if roll < 0.30:
                mail = _mail(
                    n,
                    [("From", SC), ("Subject", f"Your case {case[2]} has been updated")],
                    "We have reviewed your request.\n\nOn Sun, Amazon wrote:\n> old text",
                )
                filed.append(n)
            elif roll < 0.40:
                link = (
                    f"https://sellercentral.amazon.com/cu/case-dashboard/view-case?caseID={case[2]}"
                )
                mail = _mail(
                    n,
                    [("From", SC), ("Subject", "Amazon Selling Partner Support has responded")],
                    f"To view or respond, open {link}",
                )
                filed.append(n)
            elif roll < 0.55 and filed:
                parent = rng.choice(filed)
                mail = _mail(
                    n,
                    [
                        ("From", "Li Wei <liwei@example-partner.com>"),
                        ("Subject", "Re: 回复"),
                        ("In-Reply-To", f"<bench-{parent}@example.com>"),
                    ],
                    "收到，我来跟进。",
                )
            elif roll < 0.70:
                order = rng.choice(made)[1]
                mail = _mail(
                    n,
                    [
                        ("From", "seller-notification@amazon.com"),
                        ("Subject", f"Refund for order {order}"),
                    ],
                    f"A refund was initiated for order {order}.",
                )
            elif roll < 0.90:
                mail = _mail(
                    n,
                    [
                        ("From", "seller-notification@amazon.com"),
                        ("Subject", f"Sold, ship now {n}"),
                    ],
                    "You sold an item. Ship it within two days.",
                )
            else:
                mail = _mail(
                    n,
                    [
                        ("From", "someone@example.org"),
                        ("Subject", "Out of office"),
                        ("Auto-Submitted", "auto-replied"),
                    ],
                    "I am away.",
                )
            out.write(mail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=3_000)
    parser.add_argument("--keep", type=Path, default=None, help="Work in DIR and keep it.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mail-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{folder / 'sellerdesk.db'}")
    upgrade(engine)
    sessions = make_session_factory(engine)
    ctx = context(folder)
    started = perf_counter()
    made = make_cases(sessions, ctx, args.cases)
    print(
        f"store: {args.cases} cases ({sum(1 for m in made if m[2])} with a Case ID) "
        f"in {perf_counter() - started:.1f} s"
    )
    mbox = folder / "bench.mbox"
    write_mbox(mbox, made, args.mails)
    print(f"mbox: {args.mails} mails, {mbox.stat().st_size / 1e6:.1f} MB")
    source = MailSource("file", store_id=1)
    results = []
    for label in ("import", "re-import"):
        started = perf_counter()
        summary = import_paths(
            sessions, paths=[mbox], source=source, now=lambda: NOW, ctx=ctx, parallel=True
        )
        took = perf_counter() - started
        counts = {
            k: summary.count(k) for k in ("filed", "unfiled", "ignored", "refused", "duplicate")
        }
        results.append((label, took, counts))
        rate = len(summary.mails) / took if took else 0.0
        print(f"{label}: {took:.1f} s ({rate:.0f} mails/s) {counts}")
    first, again = results[0], results[1]
    ok = first[1] <= TARGET_S and again[2]["duplicate"] == args.mails
    print(
        f"target: import <= {TARGET_S:.0f} s and re-import all duplicates: {'met' if ok else 'MISSED'}"
    )
    engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
