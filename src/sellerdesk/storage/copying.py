"""Whole-store copies between databases: a restore replacing every row of the store with
a staged backup's, and ``copy-db`` filling an empty database. Each copy runs in one
transaction on the target; the caller decides (through ``refuse``) whether rows already
in the target stop it, and ``before_commit`` runs last inside that transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from sellerdesk.storage import transfer
from sellerdesk.storage.engine import make_engine
from sellerdesk.storage.migrate import ensure_current
from sellerdesk.storage.snapshot import reading

T = TypeVar("T")
Refuse = Callable[[dict[str, int]], None]


class CannotOpen(Exception):
    """The target database could not be reached or migrated; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def filled_tables(engine: Engine) -> dict[str, int]:
    """``{table: rows}`` of the store's tables that hold rows, read in one transaction."""
    with reading(engine) as conn:
        return transfer.non_empty(conn)


def replace_rows(
    engine: Engine,
    source: Engine,
    *,
    refuse: Refuse,
    before_commit: Callable[[], T],
    progress: transfer.Progress | None = None,
) -> tuple[dict[str, int], dict[str, int], T]:
    """Every row of ``engine``'s store replaced by ``source``'s, in one transaction:
    ``refuse`` sees the tables that hold rows first (and may raise), ``before_commit`` runs
    after the copy. Returns the tables that held rows, the rows copied per table and what
    ``before_commit`` returned."""
    with engine.begin() as conn:
        existing = transfer.non_empty(conn)
        refuse(existing)
        transfer.clear_tables(conn)
        with reading(source) as src:
            copied = transfer.copy_tables(src, conn, progress=progress)
        transfer.reset_sequences(conn)
        last = before_commit()
    transfer.settle(engine)
    return existing, copied, last


def is_same_database(url: str, engine: Engine) -> bool:
    return make_url(url) == engine.url


@contextmanager
def target_database(url: str) -> Iterator[tuple[Engine, str]]:
    """An engine on ``url`` and the URL as shown (password hidden); disposed at the end."""
    dst = make_engine(url)
    try:
        yield dst, dst.url.render_as_string(hide_password=True)
    finally:
        dst.dispose()


def migrate_target(dst: Engine) -> None:
    """Bring the target's schema to head; :class:`CannotOpen` when it cannot be reached."""
    try:
        ensure_current(dst)
    except OperationalError as exc:
        raise CannotOpen(str(exc.orig)) from None


def copy_into(
    source: Engine, dst: Engine, *, refuse: Refuse, progress: transfer.Progress | None = None
) -> dict[str, int]:
    """Every row of ``source`` into ``dst`` (``refuse`` sees its tables that hold rows
    first); returns the rows copied per table."""
    with reading(source) as src, dst.begin() as conn:
        refuse(transfer.non_empty(conn))
        copied = transfer.copy_tables(src, conn, progress=progress)
        transfer.reset_sequences(conn)
    transfer.settle(dst)
    return copied
