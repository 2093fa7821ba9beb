"""What the account-health services hand back when they record a snapshot: frozen read
models with real datetimes. (``health show`` still returns the picture ``core/health``
evaluates, a JSON-ready mapping.)"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Self

from sellerdesk.storage.records import HealthSnapshotRow


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
class ChecklistItemView:
    """One registration document of the check-list with its recorded state (``unknown``
    and no verdict if none was recorded)."""

    key: str
    name_en: str
    name_zh: str
    applies_to: str | None
    status: str
    verdict: str | None
    note: str
    updated_at: datetime | None
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class DocumentsUpdate:
    """What ``health docs`` changed (per key: the status ``before`` and ``after``) and the
    whole check-list as it is now."""

    store: str
    changed: Mapping[str, Mapping[str, str | None]]
    documents: tuple[ChecklistItemView, ...]
