"""A concurrent burst of sign-ins cannot get past the rate limit (issue 13, item 7).

Each thread has its own database session (the service opens one per transaction from a
shared pool), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.errors import TooManyAttempts, Unauthenticated
from sellerdesk.services import sign_in, users
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.engine import make_session_factory
from sellerdesk.storage.tables import LoginAttemptRow

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
BURST = 50


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)
    users._dummy_hash.cache_clear()


@pytest.fixture
def sessions(engine: Any) -> sessionmaker[Session]:
    made = make_session_factory(engine)
    users.add(sessions=made, now=NOW, name="li", role="agent", password=PASSWORD)
    return made


def _burst(sessions: sessionmaker[Session], passwords: list[str], client: str) -> list[str]:
    """Every password tried at once (threads released together); each outcome's name."""
    outcomes: list[str] = [""] * len(passwords)
    start = threading.Barrier(len(passwords))

    def attempt(i: int) -> None:
        start.wait()
        try:
            sign_in.sign_in(
                sessions=sessions, now=NOW, name="li", password=passwords[i], client=client
            )
            outcomes[i] = "in"
        except TooManyAttempts:
            outcomes[i] = "limited"
        except Unauthenticated:
            outcomes[i] = "wrong"

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _judged(sessions: sessionmaker[Session]) -> int:
    with transaction(sessions) as session:
        return int(session.scalar(select(func.count()).select_from(LoginAttemptRow)) or 0)


def test_a_wrong_password_burst_is_judged_at_most_the_limit_and_the_right_one_after_is_refused(
    sessions: sessionmaker[Session],
) -> None:
    outcomes = _burst(sessions, ["wrong wrong wrong"] * BURST, client="burst")
    assert outcomes.count("wrong") <= sign_in.MAX_FAILURES_PER_NAME
    assert outcomes.count("limited") >= BURST - sign_in.MAX_FAILURES_PER_NAME
    assert "" not in outcomes and "in" not in outcomes
    assert _judged(sessions) <= sign_in.MAX_FAILURES_PER_NAME
    with pytest.raises(TooManyAttempts):
        sign_in.sign_in(sessions=sessions, now=NOW, name="li", password=PASSWORD, client="burst")
    with pytest.raises(TooManyAttempts):  # from another address too: the name is limited
        sign_in.sign_in(sessions=sessions, now=NOW, name="li", password=PASSWORD, client="other")


def test_the_right_password_at_the_end_of_a_concurrent_burst_is_refused_once_the_limit_is_spent(
    sessions: sessionmaker[Session],
) -> None:
    # the limit is spent first by concurrent wrong guesses, then the right one races more
    _burst(sessions, ["wrong wrong wrong"] * BURST, client="burst")
    outcomes = _burst(sessions, ["wrong wrong wrong"] * (BURST - 1) + [PASSWORD], client="b2")
    assert set(outcomes) == {"limited"}
    assert _judged(sessions) <= sign_in.MAX_FAILURES_PER_NAME


def test_a_burst_from_one_address_over_many_names_is_judged_at_most_the_client_limit(
    sessions: sessionmaker[Session],
) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(BURST)

    def attempt(i: int) -> None:
        start.wait()
        try:
            sign_in.sign_in(sessions=sessions, now=NOW, name=f"u{i}", password="x", client="bot")
            result = "in"
        except TooManyAttempts:
            result = "limited"
        except Unauthenticated:
            result = "wrong"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == BURST
    assert outcomes.count("wrong") <= sign_in.MAX_FAILURES_PER_CLIENT
    assert _judged(sessions) <= sign_in.MAX_FAILURES_PER_CLIENT


def test_a_good_sign_in_does_not_count_against_a_shared_office_address(
    sessions: sessionmaker[Session],
) -> None:
    for _ in range(sign_in.MAX_FAILURES_PER_CLIENT + 5):
        sign_in.sign_in(sessions=sessions, now=NOW, name="li", password=PASSWORD, client="nat")
