"""Several workers claiming the same due reminders never both get one (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services.cases import followups
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.repositories import reminders as repo
from tests.services.reminder_fixtures import add_case

NOW = datetime(2026, 4, 22, 2, tzinfo=UTC)
STALE = NOW - timedelta(minutes=10)


def seed(engine, count: int) -> set[int]:  # type: ignore[no-untyped-def]
    with sessionmaker(engine).begin() as s:
        ids = set()
        for i in range(count):
            case = add_case(s, at=NOW - timedelta(days=2), subject=f"case {i}")
            row = repo.add(
                s,
                case_id=case.id,
                kind="amazon-reply-overdue",
                due_at=NOW - timedelta(minutes=i),
                now=NOW,
            )
            ids.add(row.id)
        return ids


def test_a_rival_that_claimed_first_leaves_nothing_for_a_stale_read(engine):
    [only] = seed(engine, 1)
    sessions = sessionmaker(engine)
    with sessions.begin() as first:  # worker A reads the due set ...
        seen = repo.claimable_ids(first, now=NOW, stale_before=STALE, limit=10)
    with sessions.begin() as second:  # ... worker B claims and commits ...
        assert repo.try_claim(second, only, now=NOW, worker_id="B", stale_before=STALE)
    with sessions.begin() as first:  # ... and A's conditional UPDATE changes nothing
        assert seen == [only]
        assert not repo.try_claim(first, only, now=NOW, worker_id="A", stale_before=STALE)
    with sessions() as s:
        assert s.get(repo.ReminderRow, only).claimed_by == "B"  # type: ignore[union-attr]


def race(database_url: str, work: Callable[[sessionmaker[Session], str], list[int]]):  # type: ignore[no-untyped-def]
    """Run ``work`` in two threads at once, each with its own engine (as two processes)."""
    got: dict[str, list[int]] = {"w1": [], "w2": []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(worker_id: str) -> None:
        own = make_engine(database_url)
        try:
            sessions: sessionmaker[Session] = sessionmaker(own, expire_on_commit=False)
            with sessions() as s:  # connect before the start line
                s.connection()
            start.wait()
            got[worker_id] = work(sessions, worker_id)
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=run, args=(w,)) for w in got]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert errors == []
    return got["w1"], got["w2"]


def test_two_workers_racing_over_one_due_set_never_share_a_reminder(database_url, engine):
    expected = seed(engine, 60)

    def work(sessions: sessionmaker[Session], worker_id: str) -> list[int]:
        mine: list[int] = []
        while batch := followups.claim_due(sessions, now=NOW, worker_id=worker_id, limit=2):
            mine += [r.id for r in batch]
        return mine

    first, second = race(database_url, work)
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == sorted(expected)


def test_two_workers_updating_every_reminder_at_once_each_win_different_ones(database_url, engine):
    expected = sorted(seed(engine, 300))  # SQLite's busy backoff sleeps up to 100 ms: enough
    # claims that the first worker cannot take them all while the second one sleeps

    def work(sessions: sessionmaker[Session], worker_id: str) -> list[int]:
        order = random.Random(worker_id).sample(expected, len(expected))
        won = []
        for rid in order:  # as if both had read the whole due set before either claimed
            with sessions.begin() as s:
                if repo.try_claim(s, rid, now=NOW, worker_id=worker_id, stale_before=STALE):
                    won.append(rid)
        return won

    first, second = race(database_url, work)
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == expected
    assert first and second  # both really raced
