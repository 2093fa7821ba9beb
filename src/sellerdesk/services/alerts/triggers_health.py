"""A store's health metric crossing its target: the verdicts before and after a snapshot.

Called by ``services/account_health`` inside the transaction that adds the snapshot: each
metric (per marketplace and fulfilment channel) whose verdict moves into or out of ``fail``
is one alert, keyed by the snapshot, so re-reading it never alerts twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sellerdesk.core.health.evaluate import Snapshot, current
from sellerdesk.core.health.rules import HealthRules
from sellerdesk.services.alerts import triggers
from sellerdesk.storage.repositories import health as health_rows
from sellerdesk.storage.session import Session

Verdicts = dict[tuple[str, str], str]


def verdicts_of(session: Session, store: Any, rules: HealthRules) -> Verdicts:
    """Each metric's verdict as the store's snapshots say now (``(marketplace, metric)``)."""
    snaps = [
        Snapshot(r.id, r.source, r.taken_at, r.metrics)
        for r in health_rows.snapshots(session, store.id)
    ]
    found: Verdicts = {}
    for place in current(snaps, rules, store.marketplaces):
        for row in place.metrics:
            if row.verdict is not None:
                name = f"{row.metric}/{row.fulfilment}" if row.fulfilment else row.metric
                found[(place.marketplace, name)] = row.verdict
    return found


def alert_crossings(
    session: Session,
    store: Any,
    rules: HealthRules,
    before: Verdicts,
    *,
    snapshot_id: int,
    now: datetime,
) -> list[int]:
    """Enqueue an alert for each metric that crossed its target with the new snapshot."""
    session.flush()
    after = verdicts_of(session, store, rules)
    crossed = tuple(
        (marketplace, metric, before.get((marketplace, metric), "pass"), verdict)
        for (marketplace, metric), verdict in sorted(after.items())
        if before.get((marketplace, metric), "pass") != verdict
        and "fail" in (verdict, before.get((marketplace, metric), "pass"))
    )
    if not crossed:
        return []
    return triggers.health_crossed(
        session,
        store_id=store.id,
        store=store.name,
        snapshot_id=snapshot_id,
        crossings=crossed,
        now=now,
    )
