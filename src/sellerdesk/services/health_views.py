"""What the account-health services hand back: frozen read models with real datetimes and
tuples. The judged rows (metrics, rating, readiness, check-list) are the ones
``core/health`` builds; this module puts them together per store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Self

from sellerdesk.core.health.picture import ChecklistItem, MarketplaceHealth, RateLine, ReadinessItem
from sellerdesk.services.store_views import StoreView
from sellerdesk.storage.records import HealthSnapshotRow

# one document of the check-list with its recorded state, as core/health judges it
ChecklistItemView = ChecklistItem


@dataclass(frozen=True, slots=True)
class SnapshotView:
    """One stored snapshot of a store's figures (a report, typed figures or an SP-API fetch)."""

    id: int
    source: str
    taken_at: datetime
    imported_at: datetime
    recorded_by: str | None
    marketplaces: tuple[str, ...]
    scaled_from_percent: tuple[str, ...]

    @classmethod
    def of(cls, row: HealthSnapshotRow) -> Self:
        entries = row.metrics["marketplaces"]
        return cls(
            id=row.id,
            source=row.source,
            taken_at=row.taken_at,
            imported_at=row.imported_at,
            recorded_by=row.recorded_by,
            marketplaces=tuple(e.get("marketplace") or e.get("marketplace_id") for e in entries),
            scaled_from_percent=tuple(row.metrics.get("scaled_from_percent", [])),
        )


@dataclass(frozen=True, slots=True)
class RecordedSnapshot(SnapshotView):
    """A snapshot just recorded for ``store``; ``other_marketplaces``: those in it the
    store does not sell on (worth a word to the person who imported it)."""

    store: str = ""
    other_marketplaces: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentsUpdate:
    """What ``health docs`` changed (per key: the status ``before`` and ``after``) and the
    whole check-list as it is now."""

    store: str
    changed: Mapping[str, Mapping[str, str | None]]
    documents: tuple[ChecklistItemView, ...]


@dataclass(frozen=True, slots=True)
class HistoryEntry(SnapshotView):
    """One snapshot of ``health show --history`` with the worst verdict of its own figures."""

    verdict: str | None

    @classmethod
    def judged(cls, row: HealthSnapshotRow, verdict: str | None) -> Self:
        view = SnapshotView.of(row)
        shared = {f.name: getattr(view, f.name) for f in fields(SnapshotView)}
        return cls(**shared, verdict=verdict)


@dataclass(frozen=True, slots=True)
class HealthPicture:
    """``health show``: every marketplace's newest figures against their targets, the
    selling plan and verification, the documents check-list and how many snapshots there
    are; ``history`` (newest first) only when it was asked for."""

    store: str
    marketplaces: tuple[MarketplaceHealth, ...]
    verdict: str | None
    plan: ReadinessItem
    verification: ReadinessItem
    documents: tuple[ChecklistItemView, ...]
    snapshots: int
    history: tuple[HistoryEntry, ...] | None = None


@dataclass(frozen=True, slots=True)
class StoreHealth:
    """The store page: the store's profile, its health picture with history, and per
    marketplace the main rates over the snapshots (for the charts)."""

    profile: StoreView
    health: HealthPicture
    series: Mapping[str, tuple[RateLine, ...]]
