"""Reads without the ORM: a read-only transaction on a Core connection.

The commands people run dozens of times a day (``case list``, ``case show``) read a few
rows and change nothing; importing and configuring the ORM cost them more than the query.
:func:`reading` gives them a Core :class:`~sqlalchemy.Connection` in a read-only
transaction, from either kind of source a service is handed:

* an :class:`~sqlalchemy.Engine` (the CLI): a connection of its own, ``BEGIN`` deferred on
  SQLite (a WAL snapshot, no write lock), ``READ ONLY`` on PostgreSQL — as
  :func:`~sellerdesk.storage.session.read_transaction`;
* a session factory (the app, the worker): the connection of a
  :func:`~sellerdesk.storage.session.read_transaction`, so a read inside a joined
  transaction sees that transaction's own writes (flushed first).

The queries themselves are in ``storage/repositories/case_reads.py`` (Core over
``storage/schema.py``). This module imports nothing of the ORM.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy import Connection, Engine, Row

from sellerdesk.storage.engine import read_only_options

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

ReadSource: TypeAlias = "Engine | sessionmaker[Session]"

__all__ = ["Connection", "Engine", "ReadSource", "Row", "reading"]


@contextmanager
def reading(source: ReadSource) -> Iterator[Connection]:
    """A read-only transaction on ``source``, as a Core connection; nothing may be written."""
    if isinstance(source, Engine):
        with source.connect() as conn:
            conn = conn.execution_options(**read_only_options(source))
            with conn.begin():
                yield conn
        return
    from sellerdesk.storage.session import read_transaction

    with read_transaction(source) as session:
        session.flush()  # inside a joined transaction: its pending writes are read too
        yield session.connection()
