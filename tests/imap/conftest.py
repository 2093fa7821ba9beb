"""Fixtures of the IMAP tests: the session's real dovecot (``dovecot`` in tests/conftest.py), a
database on SQLite and PostgreSQL, and a mailbox configured against a folder of its own."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services.mail import mailboxes
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.engine import make_session_factory
from tests.mail_server import DovecotServer
from tests.services.case_fixtures import NOW, make_context


@pytest.fixture
def ctx(tmp_path: Path) -> TrackerContext:
    return make_context(tmp_path)


@pytest.fixture
def sessions(engine: Any) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def folder() -> str:
    """A folder of this test's own on the shared server (a new one has its own UIDs)."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def add_mailbox(
    sessions: sessionmaker[Session], dovecot: DovecotServer
) -> Callable[..., mailboxes.MailboxView]:
    def add(key: str, folder: str, **given: Any) -> mailboxes.MailboxView:
        given.setdefault("host", "127.0.0.1")
        given.setdefault("security", "tls")
        given.setdefault("port", dovecot.tls_port if given["security"] == "tls" else dovecot.port)
        given.setdefault("username", "amazon")
        given.setdefault("secret", dovecot.users[given["username"]])
        given.setdefault("ca_file", str(dovecot.ca_file))
        return mailboxes.add(sessions, key, mailboxes.MailboxInput(folder=folder, **given), now=NOW)

    return add
