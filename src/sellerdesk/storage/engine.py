"""The database engine, built by :func:`make_engine` (never at import time)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.input_guard import loads_stored
from sellerdesk.storage import liveness

if TYPE_CHECKING:  # the ORM is imported only where a session factory is made
    from sqlalchemy.orm import Session, sessionmaker

READ_ONLY = "sellerdesk_read_only"  # execution option: this transaction only reads
# As many kept connections as the app has worker threads (api.app.THREADS): connections
# beyond the pool are opened and closed per use — on SQLite each starts with a cold page
# cache and re-reads the schema, on PostgreSQL each forks a server process — and under load
# that churn, not the queries, set the latency tail. A few spare for the CLI's own needs.
POOL = {"pool_size": 16, "max_overflow": 4}


def read_only_options(engine: Engine) -> dict[str, bool]:
    """Execution options that begin a read-only transaction on this engine's database."""
    if engine.dialect.name == "postgresql":
        return {"postgresql_readonly": True}  # SET TRANSACTION READ ONLY via the driver
    return {READ_ONLY: True}


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except Exception:
        raise InvalidInput.of(
            "database.bad_url", field="SELLERDESK_DATABASE_URL", value=url
        ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, echo)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(url, echo)
    raise InvalidInput.of(
        "database.unsupported", field="SELLERDESK_DATABASE_URL", value=parsed.get_backend_name()
    )


def _postgresql_engine(url: str, echo: bool) -> Engine:
    engine = create_engine(url, echo=echo, future=True, json_deserializer=loads_stored, **POOL)
    liveness.watch(engine)  # not pool_pre_ping: a round trip on every checkout
    event.listen(engine, "connect", plan_for_the_values_given)
    return engine


def plan_for_the_values_given(dbapi_connection: Any, _record: Any) -> None:
    """A new PostgreSQL connection plans every statement for its own values.

    psycopg prepares a statement run 5 times on a connection, and after 5 more runs
    PostgreSQL may plan it once for any values: the duplicate check's p95 then went from
    26-28 to 31-38 ms (bench/pg_probe.py --plans-only), and the searches and lists are as
    value-sensitive (stores of very different sizes, common and rare words). Planning for the
    values given keeps the saved parsing without that risk."""
    dbapi_connection.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def _tolerant_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _sqlite_engine(url: str, database: str | None, echo: bool) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, echo=echo, connect_args={"timeout": 30}, json_deserializer=loads_stored, **POOL
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers work while one writer writes; foreign keys are off by default in
        # SQLite; synchronous=NORMAL is durable in WAL mode against process crashes.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # reads through the OS page cache without a copy per page; shared by all connections
        cursor.execute("PRAGMA mmap_size=1073741824")
        cursor.close()
        # pysqlite's own transaction handling defers BEGIN; take it over so that
        # "BEGIN IMMEDIATE" can be issued for writes (no deadlocked upgrades).
        dbapi_connection.isolation_level = None
        # text that is not UTF-8 (written by another program, e.g. a lone surrogate's bytes)
        # reads with U+FFFD instead of failing every query that touches its row (~1 µs a cell)
        dbapi_connection.text_factory = _tolerant_text

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # a read (READ_ONLY option, see services.tracker.read_transaction) takes a WAL
        # snapshot with a deferred BEGIN, so reads never queue behind the one write lock
        write = conn.info.get("write", True) and not conn.get_execution_options().get(READ_ONLY)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
