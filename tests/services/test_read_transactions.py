"""Reads (token lookup, case list and page) do not take SQLite's write lock; the list order."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services import cases, tokens, users
from sellerdesk.services.tracker import TrackerContext, read_transaction
from sellerdesk.storage.tables import ApiTokenRow, CaseRow
from tests.services.case_fixtures import NOW


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)


def _token(sessions: sessionmaker[Session]) -> str:
    users.add(sessions=sessions, now=NOW, name="li", role="admin", password="a long passphrase")
    return str(tokens.create(sessions=sessions, now=NOW, user="li", name="ci").token)


def _last_used(sessions: sessionmaker[Session]) -> Any:
    with read_transaction(sessions) as session:
        return session.scalar(select(ApiTokenRow.last_used_at))


def test_reads_succeed_while_another_connection_holds_the_sqlite_write_lock(
    engine: Any,
    sessions: sessionmaker[Session],
    ctx: TrackerContext,
    new_case: Callable[..., int],
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the write lock is SQLite's")
    case_id = new_case()
    secret = _token(sessions)
    tokens.authenticate(sessions=sessions, secret=secret, now=NOW)  # last_used_at is fresh
    writer = sqlite3.connect(engine.url.database, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock until rolled back
    try:
        started = time.monotonic()
        principal = tokens.authenticate(sessions=sessions, secret=secret, now=NOW)
        listed = cases.list_cases(sessions=sessions, now=NOW, principal=principal)
        shown = cases.show(sessions=sessions, now=NOW, ctx=ctx, case_id=case_id)
        elapsed = time.monotonic() - started
    finally:
        writer.rollback()
        writer.close()
    assert principal.name == "li"
    assert [c["id"] for c in listed] == [case_id] and shown.id == case_id
    assert elapsed < 5  # not queued behind the lock (busy_timeout is 30 s)


def test_a_token_records_its_use_at_most_once_a_minute(sessions: sessionmaker[Session]) -> None:
    secret = _token(sessions)
    assert _last_used(sessions) is None
    tokens.authenticate(sessions=sessions, secret=secret, now=NOW)
    first = _last_used(sessions)
    assert first is not None
    tokens.authenticate(sessions=sessions, secret=secret, now=NOW + timedelta(seconds=30))
    assert _last_used(sessions) == first
    later = NOW + timedelta(minutes=2)
    tokens.authenticate(sessions=sessions, secret=secret, now=later)
    assert _last_used(sessions) == later.replace(tzinfo=first.tzinfo)


def test_a_write_inside_a_read_transaction_is_refused_on_postgresql(
    engine: Any, sessions: sessionmaker[Session]
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no READ ONLY transactions")
    with pytest.raises(DBAPIError), read_transaction(sessions) as session:
        session.execute(text("DELETE FROM api_tokens"))


def test_the_case_list_shows_running_clocks_by_breach_then_the_rest_by_id(
    sessions: sessionmaker[Session], new_case: Callable[..., int]
) -> None:
    ids = [new_case(f"Listing suppressed number {i}", force=True, reason="test") for i in range(5)]
    breach = {ids[3]: NOW + timedelta(hours=1), ids[1]: NOW + timedelta(hours=2)}
    with sessions() as session, session.begin():
        for case_id in ids:
            session.execute(
                update(CaseRow)
                .where(CaseRow.id == case_id)
                .values(next_breach_at=breach.get(case_id))
            )
    listed = [c["id"] for c in cases.list_cases(sessions=sessions, now=NOW)]
    first_three = [c["id"] for c in cases.list_cases(sessions=sessions, now=NOW, limit=3)]
    assert listed == [ids[3], ids[1], ids[0], ids[2], ids[4]]
    assert first_three == listed[:3]
