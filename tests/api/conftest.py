"""An app on a migrated database (SQLite and PostgreSQL), with stores, users and tokens.

Stores: ``north`` and ``south``. Users: ``root`` (admin), ``agent_n`` (agent on north),
``viewer_n`` (viewer on north), ``agent_s`` (agent on south). Argon2 runs with cheap
parameters here (the real ones cost ~50 ms a hash); one test checks the rehash to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sellerdesk.services import stores, tokens, users
from sellerdesk.settings import Settings

PASSWORD = "a long enough passphrase"
USERS = {
    "root": ("admin", []),
    "agent_n": ("agent", ["north"]),
    "viewer_n": ("viewer", ["north"]),
    "agent_s": ("agent", ["south"]),
}


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "hasher", lambda: cheap)
    users._dummy_hash.cache_clear()


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]
    app: Any

    def as_(self, user: str, **headers: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}", **headers}

    def call(self, user: str, method: str, url: str, **kwargs: Any) -> Any:
        headers = {**self.as_(user), **kwargs.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kwargs)

    def new_case(self, user: str = "root", store: str = "north", **fields: Any) -> dict[str, Any]:
        body = {"store": store, "marketplace": "US", "subject": f"Listing removed in {store}"}
        response = self.call(user, "POST", "/api/v1/cases", json={**body, **fields})
        assert response.status_code == 201, response.text
        return dict(response.json())

    @property
    def state(self) -> Any:
        return self.app.state.sellerdesk


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        timezone="Asia/Shanghai",
        team_timezone="Asia/Shanghai",
    )


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    from sellerdesk.api.app import create_app

    app = create_app(settings, run_worker=False)
    state = app.state.sellerdesk
    now = datetime.now(UTC)
    for name, markets in (("north", ["US", "CA"]), ("south", ["US"])):
        stores.add(
            sessions=state.sessions,
            now=now,
            ctx=state.ctx,
            name=name,
            region="na",
            marketplaces=markets,
        )
    made = {}
    for name, (role, granted) in USERS.items():
        users.add(sessions=state.sessions, now=now, name=name, role=role, password=PASSWORD)
        for store in granted:
            users.grant(sessions=state.sessions, now=now, name=name, store=store)
        made[name] = tokens.create(sessions=state.sessions, now=now, user=name).token
    with TestClient(app) as client:
        yield Api(client, made, app)
    state.engine.dispose()
