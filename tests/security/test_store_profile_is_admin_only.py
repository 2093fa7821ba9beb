"""A store's profile (plan, verification, support plan, marketplaces) is changed by an admin
only — in the service, so every adapter keeps it (issue 15: an agent could un-tick
"verified"); the agent of the store still records its Account Health."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sellerdesk.core.access import Principal
from sellerdesk.core.errors import Forbidden
from sellerdesk.services import stores
from sellerdesk.storage.engine import make_session_factory
from tests.services.case_fixtures import NOW, make_context


@pytest.fixture
def store(engine: Any, tmp_path: Path) -> tuple[Any, Any, int]:
    sessions, ctx = make_session_factory(engine), make_context(tmp_path)
    added = stores.add(
        sessions=sessions, now=NOW, ctx=ctx, name="Acme", region="na", marketplaces=["US"]
    )
    return sessions, ctx, added.id


def test_an_agent_of_the_store_cannot_change_its_profile(store: tuple[Any, Any, int]):
    sessions, ctx, store_id = store
    agent = Principal(name="li", role="agent", store_ids=frozenset({store_id}))
    with pytest.raises(Forbidden) as refused:
        stores.update(
            sessions=sessions, now=NOW, ctx=ctx, name="Acme", verified=True, principal=agent
        )
    assert refused.value.key == "store.profile_admin_only"
    assert stores.list_stores(sessions=sessions)[0].verified is False


def test_an_admin_and_the_local_operator_change_the_profile(store: tuple[Any, Any, int]):
    sessions, ctx, _ = store
    admin = Principal(name="boss", role="admin")
    changed = stores.update(
        sessions=sessions, now=NOW, ctx=ctx, name="Acme", verified=True, principal=admin
    )
    assert changed.verified is True
    cli = stores.update(sessions=sessions, now=NOW, ctx=ctx, name="Acme", plan="individual")
    assert cli.plan == "individual"
