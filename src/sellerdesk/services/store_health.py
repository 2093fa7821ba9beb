"""A store's Account Health as one user may see it: the ``health show`` picture plus the
main rates over the snapshots, after checking the user's grant (not granted: not found)."""

from __future__ import annotations

from pathlib import Path

from sellerdesk.core.access import Principal
from sellerdesk.core.health.evaluate import Snapshot
from sellerdesk.core.health.history import rate_series
from sellerdesk.core.health.rules import HealthRules, builtin_health_path, load_health_rules
from sellerdesk.services import access, account_health
from sellerdesk.services.health_views import StoreHealth
from sellerdesk.services.store_views import StoreView
from sellerdesk.services.tracker import transaction
from sellerdesk.storage.repositories import health as health_rows
from sellerdesk.storage.session import Session, sessionmaker


def rules_for(home: Path) -> HealthRules:
    """The shipped health rules with the data folder's ``health.toml`` over them (as the CLI)."""
    user = home / "health.toml"
    return load_health_rules([builtin_health_path(), *([user] if user.exists() else [])])


def check_store(
    *, sessions: sessionmaker[Session], principal: Principal, name: str, write: bool = False
) -> StoreView:
    """The store as the principal may see it: NotFound if not granted, Forbidden to write
    a store they may only read."""
    with transaction(sessions) as session:
        return StoreView.of(access.store_for(session, principal, name, field="store", write=write))


def store_health(
    *, sessions: sessionmaker[Session], rules: HealthRules, principal: Principal, name: str
) -> StoreHealth:
    """The profile, ``health show --history`` and the rate series per marketplace."""
    store = check_store(sessions=sessions, principal=principal, name=name)
    shown = account_health.show(sessions=sessions, rules=rules, store=store.name, history=True)
    with transaction(sessions) as session:
        rows = health_rows.snapshots(session, store.id)
        snapshots = [Snapshot(r.id, r.source, r.taken_at, r.metrics) for r in rows]
    return StoreHealth(profile=store, health=shown, series=rate_series(snapshots))
