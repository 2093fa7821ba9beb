"""PostgreSQL pool liveness: no round trip for a connection just given back, a ping after
idling, and a connection the server ended replaced before anyone uses it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine

from sellerdesk.storage import liveness
from sellerdesk.storage.engine import make_engine
from tests.conftest import SKIP_PG

pytestmark = pytest.mark.skipif(SKIP_PG, reason="SELLERDESK_TEST_SKIP_PG=1")


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    built = make_engine(pg_url)
    yield built
    built.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        seen.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return seen


def backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def test_the_engine_does_not_ping_on_every_checkout_the_liveness_check_does() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connected
    assert engine.pool._pre_ping is False


def test_a_connection_given_back_moments_ago_is_reused_without_a_ping(
    engine: Engine, pings: list[Any]
) -> None:
    first = backend_pid(engine)
    assert backend_pid(engine) == first
    assert backend_pid(engine) == first
    assert pings == []


def test_a_connection_idle_longer_than_the_trusted_window_is_pinged_before_use(
    engine: Engine, pings: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backend_pid(engine)
    monkeypatch.setattr(liveness, "TRUSTED_FOR", 0.0)
    assert backend_pid(engine) == first  # alive: pinged, then used
    assert len(pings) == 1


def test_a_connection_the_server_ended_is_replaced_on_the_next_checkout(
    engine: Engine, pg_url: str, pings: list[Any]
) -> None:
    doomed = backend_pid(engine)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("SELECT pg_terminate_backend(%s)", (doomed,))
        deadline = time.monotonic() + 10
        while conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (doomed,)
        ).scalar_one():
            assert time.monotonic() < deadline, "the server did not end the connection"
            time.sleep(0.01)
    admin.dispose()
    # given back moments ago, but its socket holds the server's farewell: pinged, found
    # dead, the pool invalidated, and the caller gets a new connection — not an error
    replaced = backend_pid(engine)
    assert replaced != doomed
    assert len(pings) == 1


def test_a_quiet_connection_has_no_input_and_an_ended_one_has(pg_url: str) -> None:
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert liveness.has_input(dbapi) is False
        dbapi.close()
        assert liveness.has_input(dbapi) is True
        conn.invalidate()
    engine.dispose()
