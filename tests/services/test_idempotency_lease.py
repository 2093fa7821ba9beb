"""Idempotency-Key claims carry a lease: a claim left pending by a dead server is taken over
by a retry after the lease, atomically, and the work and the key's answer commit together."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import Conflict
from sellerdesk.core.jsonable import jsonable
from sellerdesk.services import idempotency, stores, users
from sellerdesk.services.idempotency import Answer
from sellerdesk.services.tracker import TrackerContext, transaction
from sellerdesk.storage.repositories import idempotency as repo
from sellerdesk.storage.tables import StoreRow
from tests.services.case_fixtures import NOW

LEASE = timedelta(seconds=30)


@pytest.fixture
def user_id(sessions: sessionmaker[Session]) -> int:
    users.add(
        sessions=sessions, now=NOW, name="ann", role="admin", password="a long enough passphrase 42"
    )
    with sessions() as session:
        return int(session.execute(text("SELECT id FROM users WHERE name = 'ann'")).scalar_one())


def _add_store(sessions: sessionmaker[Session], ctx: TrackerContext, name: str) -> Answer:
    added = stores.add(sessions=sessions, now=NOW, ctx=ctx, name=name, region="na",
                       marketplaces=["US"])  # fmt: skip
    return Answer(201, jsonable(added))  # the body is stored as JSON, as the API sends it


def _run(sessions: sessionmaker[Session], work: Any, *, at: timedelta, key: str = "k1") -> Answer:
    return idempotency.run_once(
        sessions=sessions,
        now=NOW + at,
        user_id=1,
        key=key,
        fingerprint="f" * 64,
        work=work,
        lease=LEASE,
    )


def _stores(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(StoreRow.name).order_by(StoreRow.name)))


def _claim_as_a_dead_server(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        repo.claim(session, user_id=1, key="k1", fingerprint="f" * 64, now=NOW)


def test_a_claim_left_by_a_dead_server_is_running_within_its_lease_and_taken_over_after(
    sessions: sessionmaker[Session], ctx: TrackerContext, user_id: int
) -> None:
    _claim_as_a_dead_server(sessions)
    with pytest.raises(Conflict) as refused:
        _run(sessions, lambda: _add_store(sessions, ctx, "acme"), at=timedelta(seconds=29))
    assert refused.value.key == "idempotency.running" and "30" in (refused.value.fix or "")
    answer = _run(sessions, lambda: _add_store(sessions, ctx, "acme"), at=timedelta(seconds=31))
    assert answer.status_code == 201 and not answer.replayed
    replay = _run(sessions, lambda: _add_store(sessions, ctx, "other"), at=timedelta(seconds=40))
    assert replay.replayed and replay.body == answer.body
    assert _stores(sessions) == ["acme"]


def test_of_two_retries_racing_for_an_expired_claim_only_one_takes_it(
    sessions: sessionmaker[Session], user_id: int
) -> None:
    _claim_as_a_dead_server(sessions)
    later = NOW + LEASE * 2
    with transaction(sessions) as session:
        first = repo.take_over(session, user_id=1, key="k1", claimed_at=NOW, now=later)
    with transaction(sessions) as session:
        second = repo.take_over(session, user_id=1, key="k1", claimed_at=NOW, now=later)
    assert (first, second) == (True, False)


def test_work_that_fails_after_writing_commits_nothing_and_frees_the_key(
    sessions: sessionmaker[Session], ctx: TrackerContext, user_id: int
) -> None:
    def half_done() -> Answer:
        _add_store(sessions, ctx, "ghost")
        raise RuntimeError("the process dies here")

    with pytest.raises(RuntimeError):
        _run(sessions, half_done, at=timedelta(0))
    assert _stores(sessions) == []
    answer = _run(sessions, lambda: _add_store(sessions, ctx, "acme"), at=timedelta(seconds=1))
    assert answer.status_code == 201 and _stores(sessions) == ["acme"]


def test_a_service_error_inside_the_work_rolls_back_to_its_savepoint_only(
    sessions: sessionmaker[Session], ctx: TrackerContext, user_id: int
) -> None:
    _add_store(sessions, ctx, "taken")

    def two_tries() -> Answer:
        with pytest.raises(Conflict):  # the name is taken: the service refuses, we go on
            _add_store(sessions, ctx, "taken")
        return _add_store(sessions, ctx, "fresh")

    assert _run(sessions, two_tries, at=timedelta(0)).status_code == 201
    assert _stores(sessions) == ["fresh", "taken"]


def test_a_request_slower_than_its_lease_and_taken_over_rolls_its_own_work_back(
    sessions: sessionmaker[Session], ctx: TrackerContext, user_id: int, engine: Engine
) -> None:
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite's one write lock makes a takeover wait for the request to end")

    def slow() -> Answer:
        answer = _add_store(sessions, ctx, "slow")
        with engine.begin() as other:  # a retry after the lease takes the claim over
            other.execute(
                text("UPDATE idempotency_keys SET created_at = created_at + interval '1 minute'")
            )
        return answer

    with pytest.raises(Conflict):
        _run(sessions, slow, at=timedelta(0))
    assert _stores(sessions) == []
