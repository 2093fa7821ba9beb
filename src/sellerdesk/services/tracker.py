"""What the tracker's use cases need besides a session and "now": rules and schedules.

Built by the runtime (:func:`sellerdesk.services.runtime.build_runtime`, once per process or
CLI run) and passed explicitly to every service function, so services never read settings
or files themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.core.hours.model import Desk
from sellerdesk.core.hours.schedule import Schedule
from sellerdesk.core.support_rules import SupportRules
from sellerdesk.storage.engine import read_only_options

DEFAULT_TEAM_REPLY_HOURS = 8.0
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


@dataclass
class TrackerContext:
    desks: dict[str, Desk]
    rules: SupportRules
    team: Schedule  # our team's working hours (team.hours, team.timezone, team.holidays)
    team_zone: str
    attachments_dir: Path
    team_reply_hours: float = DEFAULT_TEAM_REPLY_HOURS
    max_attachment_bytes: int = MAX_ATTACHMENT_BYTES
    actor: str = "cli"
    _amazon: dict[str, Schedule] = field(default_factory=dict, repr=False)

    def amazon_schedule(self, desk: str) -> Schedule:
        """The desk's ``case`` channel, in which Amazon's reply time is counted."""
        return self.desks[desk].schedule(self.amazon_channel)

    @property
    def amazon_channel(self) -> str:
        return self.rules.first_reply_expected.channel

    @property
    def amazon_budget(self) -> timedelta:
        return self.rules.first_reply_expected.budget

    @property
    def team_budget(self) -> timedelta:
        return timedelta(hours=self.team_reply_hours)


# the transaction every transaction() on the same sessionmaker joins (joined_transaction)
_joined: ContextVar[tuple[sessionmaker[Session], Session] | None] = ContextVar(
    "sellerdesk_joined_transaction", default=None
)


def _joined_session(sessions: sessionmaker[Session]) -> Session | None:
    joined = _joined.get()
    return joined[1] if joined is not None and joined[0] is sessions else None


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
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
def joined_transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
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
def read_transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
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
