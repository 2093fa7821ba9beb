"""Sessions and transactions: the one way services reach the database.

Services take a :class:`Session` (or a :data:`SessionFactory`) as an argument and own the
transaction through :func:`transaction` / :func:`read_transaction`; every query they need is a
repository function (``storage/repositories``). They import these names from here, never from
SQLAlchemy: the import-linter contract "services reach the database only through storage" in
``pyproject.toml`` keeps SQL and the table module out of ``services/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeAlias

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.storage.engine import read_only_options

SessionFactory: TypeAlias = sessionmaker[Session]

__all__ = [
    "Engine",
    "IntegrityError",
    "Session",
    "SessionFactory",
    "joined_transaction",
    "read_transaction",
    "sessionmaker",
    "transaction",
]

# the transaction every transaction() on the same sessionmaker joins (joined_transaction)
_joined: ContextVar[tuple[SessionFactory, Session] | None] = ContextVar(
    "sellerdesk_joined_transaction", default=None
)


def _joined_session(sessions: SessionFactory) -> Session | None:
    joined = _joined.get()
    return joined[1] if joined is not None and joined[0] is sessions else None


@contextmanager
def transaction(sessions: SessionFactory) -> Iterator[Session]:
    """One command, one transaction: commit on success, roll back on any error.

    Inside :func:`joined_transaction` it is a savepoint of that transaction instead: an
    error rolls back to where it began (a service may catch it and go on), and nothing is
    committed before the joined transaction is."""
    outer = _joined_session(sessions)
    if outer is not None:
        with outer.begin_nested():
            yield outer
        outer.expire_all()  # as a commit would: what is read next is read again
        return
    with sessions() as session, session.begin():
        yield session


@contextmanager
def joined_transaction(sessions: SessionFactory) -> Iterator[Session]:
    """One transaction for everything done inside it, in this thread, through ``sessions``:
    the use cases run within it commit together with what the caller writes last (an
    ``Idempotency-Key``'s answer with the case it created), or not at all."""
    with sessions() as session, session.begin():
        token = _joined.set((sessions, session))
        try:
            yield session
        finally:
            _joined.reset(token)


@contextmanager
def read_transaction(sessions: SessionFactory) -> Iterator[Session]:
    """A transaction that only reads: on SQLite a deferred ``BEGIN`` (a WAL snapshot, no
    write lock, so concurrent requests do not queue behind each other), on PostgreSQL
    ``READ ONLY`` (where a write fails). Do not write inside it: on SQLite a write would
    have to upgrade the snapshot to the write lock, which can fail with "database is locked".
    Inside :func:`joined_transaction` it reads that transaction (its own writes included)."""
    outer = _joined_session(sessions)
    if outer is not None:
        yield outer
        return
    with sessions() as session, session.begin():
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        session.connection(execution_options=read_only_options(engine))
        yield session
