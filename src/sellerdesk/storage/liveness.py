"""Is a pooled PostgreSQL connection still alive? Asked on every checkout, mostly answered
without a round trip to the server.

SQLAlchemy's ``pool_pre_ping`` sends an empty statement on every checkout: a round trip
before any work, on every request. Like HikariCP's "alive bypass window", a connection given
back to the pool less than :data:`TRUSTED_FOR` seconds ago is taken as it is, unless its
socket already has something to read: an idle PostgreSQL connection receives nothing, so input
means the server ended it (a restart or ``pg_terminate_backend`` sends a FATAL message,
a crash closes the socket). A connection idle for longer is pinged as before, which catches
what a socket cannot tell: a peer gone silent, a firewall that forgot the connection.
A failed ping invalidates the whole pool, as ``pool_pre_ping`` does (after a restart every
pooled connection is stale).

``bench/pg_probe.py --liveness-only URL`` on a kept 1,000,000-case store (each input run four
times, alternating with a pre-pinging engine): identifier searches p50 2.55 against 2.77 ms,
case lists 8.09 against 8.27 ms. Less than a round trip's 0.3-0.7 ms on this machine: most
of that is waking the idle server process, and without the ping the request's first
statement pays the wake-up instead.
"""

from __future__ import annotations

import select
from time import monotonic
from typing import Any

from sqlalchemy import Engine, event, exc

TRUSTED_FOR = 1.0  # seconds since the connection was last given back (HikariCP: 0.5 s)
IDLE_SINCE = "sellerdesk_idle_since"  # key in the pool's per-connection info


def watch(engine: Engine) -> None:
    """Check liveness on checkout instead of the engine's ``pool_pre_ping``."""

    @event.listens_for(engine, "connect")
    def _opened(_dbapi_connection: Any, record: Any) -> None:
        record.info[IDLE_SINCE] = monotonic()

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:
            record.info[IDLE_SINCE] = monotonic()

    @event.listens_for(engine, "checkout")
    def _checked(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle = monotonic() - record.info.get(IDLE_SINCE, float("-inf"))
        if idle < TRUSTED_FOR and not has_input(dbapi_connection):
            return
        dialect = engine.dialect
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            raise exc.InvalidatePoolError(f"connection lost: {err}") from err
        if not alive:
            raise exc.InvalidatePoolError("connection lost")


def has_input(dbapi_connection: Any) -> bool:
    """True if the driver knows the connection is closed or its socket has data waiting
    (or the socket cannot be polled: then the caller pings)."""
    try:
        if dbapi_connection.closed or dbapi_connection.broken:
            return True
        fd = dbapi_connection.fileno()
    except Exception:  # a driver without these or a connection already torn down
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    readable, _, _ = select.select([fd], [], [], 0)  # Windows: no poll()
    return bool(readable)
