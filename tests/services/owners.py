"""Users who may own cases (``case assign`` accepts only those): admins, for the tests
that assign a case without caring about roles."""

from __future__ import annotations

from typing import Any

from sellerdesk.services import users
from tests.services.case_fixtures import NOW


def add_owners(sessions: Any, *names: str) -> None:
    for name in names:
        users.add(
            sessions=sessions, now=NOW, name=name, role="admin", password="owner passphrase 42"
        )
