"""Database fixtures: every storage and service test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``SELLERDESK_TEST_PG_URL`` (default: the local server with trust
auth). Each test session creates its own database and migrates it once; each test starts
from empty tables. ``SELLERDESK_TEST_SKIP_PG=1`` runs SQLite only (never in CI).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_ADMIN_URL = os.environ.get(
    "SELLERDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SKIP_PG = os.environ.get("SELLERDESK_TEST_SKIP_PG") == "1"
BACKENDS = ["sqlite"] if SKIP_PG else ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints and removes the WAL file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.migrate import upgrade

    name = f"sellerdesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a copy of the SQLite template, or emptied PostgreSQL tables."""
    if request.param == "sqlite":
        path = tmp_path / "sellerdesk.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_url")
    from sellerdesk.storage.engine import make_engine
    from sellerdesk.storage.tables import Base

    engine = make_engine(url)
    # and the derived tables outside the models (the search vocabulary)
    names = ", ".join([*(f'"{t.name}"' for t in Base.metadata.sorted_tables), "search_terms"])
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    engine.dispose()
    yield url


@pytest.fixture
def engine(database_url: str):  # type: ignore[no-untyped-def]
    from sellerdesk.storage.engine import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Any]:
    """A real IMAP server on loopback for the whole session (tests/mail_server.py); the
    tests using it skip, saying why, where dovecot is not installed."""
    from tests.mail_server import DovecotServer, dovecot_missing

    reason = dovecot_missing()
    if reason:
        pytest.skip(reason)
    server = DovecotServer.start()
    yield server
    server.stop()
