"""What the app holds for its lifetime: the runtime (services/runtime.py), built once.

``AppState`` is the :class:`~sellerdesk.services.runtime.Runtime` itself; routes and pages
receive it typed through :data:`State` (``Annotated[AppState, Depends(state_of)]``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sellerdesk.services.list_cache import ListCache
from sellerdesk.services.runtime import Runtime, build_runtime, utc_now
from sellerdesk.services.tokens import PrincipalCache
from sellerdesk.settings import Settings
from sellerdesk.web.state import State, state_of

JSON_BODY_LIMIT = 1 << 20  # 1 MiB for every JSON request body
DEFAULT_TOKEN_CACHE_SECONDS = 2.0  # see services.tokens.PrincipalCache
DEFAULT_LIST_CACHE_PAGES = 256  # see services.list_cache

AppState = Runtime

__all__ = ["JSON_BODY_LIMIT", "AppState", "State", "build_state", "state_of", "utc_now"]


def build_state(settings: Settings, clock: Callable[[], datetime] | None = None) -> AppState:
    """The runtime acting as ``api``, its store opened and migrated now (not at the first
    request), with the server's caches sized from ``api.*`` settings."""
    state = build_runtime(settings, clock=clock, actor="api")
    ttl = float(settings.config.get("api.token_cache_seconds", DEFAULT_TOKEN_CACHE_SECONDS))
    state.token_cache = PrincipalCache(ttl)
    pages = int(settings.config.get("api.list_cache_pages", DEFAULT_LIST_CACHE_PAGES))
    state.list_cache = ListCache(pages) if pages > 0 else None
    _ = state.sessions, state.ctx  # open and migrate the store, read desks and rules: fail at start
    return state
