"""Backup, restore and copy-db carry the users, grants, tokens and sessions too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sellerdesk.services import backup as backup_service
from sellerdesk.services import sign_in, tokens, users
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.engine import make_engine, make_session_factory
from sellerdesk.storage.migrate import upgrade
from sellerdesk.storage.transfer import counts
from tests.services.case_fixtures import NOW

ACCESS_TABLES = ("users", "store_grants", "api_tokens", "web_sessions", "login_attempts")


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024))


def test_a_restored_backup_keeps_users_grants_and_working_tokens(engine, sessions, acme, tmp_path):
    users.add(sessions=sessions, now=NOW, name="li", role="agent", password="a fine passphrase")
    users.grant(sessions=sessions, now=NOW, name="li", store=acme)
    token = tokens.create(sessions=sessions, now=NOW, user="li").token
    sign_in.sign_in(sessions=sessions, now=NOW, name="li", password="a fine passphrase", client="t")
    archive = tmp_path / "backup.tar.gz"
    backup_service.backup(engine, archive, attachments_dir=tmp_path / "att", now=datetime.now(UTC))
    with engine.connect() as conn:
        before = {name: n for name, n in counts(conn).items() if name in ACCESS_TABLES}
    assert all(before.values()), before

    fresh = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    upgrade(fresh)
    backup_service.restore(fresh, archive, attachments_dir=tmp_path / "att2")
    with fresh.connect() as conn:
        after = {name: n for name, n in counts(conn).items() if name in ACCESS_TABLES}
    assert after == before
    with transaction(make_session_factory(fresh)) as session:
        principal = tokens.resolve(session, token, now=NOW)
    assert principal.name == "li" and len(principal.store_ids) == 1
    fresh.dispose()
