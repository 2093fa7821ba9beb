"""Fixtures of the store and case service tests (helpers live in case_fixtures.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sellerdesk.services import cases, stores
from sellerdesk.services.tracker import TrackerContext
from sellerdesk.storage.engine import make_session_factory
from tests.services.case_fixtures import NOW, make_context


@pytest.fixture
def ctx(tmp_path: Path) -> TrackerContext:
    return make_context(tmp_path)


@pytest.fixture
def sessions(engine: Any) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def acme(sessions: sessionmaker[Session], ctx: TrackerContext) -> str:
    stores.add(
        sessions=sessions, now=NOW, ctx=ctx, name="acme", region="na", marketplaces=["US", "CA"]
    )
    return "acme"


@pytest.fixture
def new_case(sessions: sessionmaker[Session], ctx: TrackerContext, acme: str) -> Callable[..., int]:
    def make(subject: str = "Listing suppressed without a reason", **kwargs: Any) -> int:
        kwargs.setdefault("marketplace", "US")
        kwargs.setdefault("now", NOW)
        return cases.create(sessions=sessions, ctx=ctx, store=acme, subject=subject, **kwargs)

    return make
