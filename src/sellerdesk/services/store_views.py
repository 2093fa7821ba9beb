"""What the store services hand back: frozen read models with real datetimes.

The adapters render them (the CLI as text or ``--json`` through ``core/jsonable``, the API
as the same JSON, the web pages from their attributes). Sequences are tuples, times
``datetime`` (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Self

from sellerdesk.storage.records import StoreRow


@dataclass(frozen=True, slots=True)
class StoreView:
    """A seller account: the fields ``store list --json`` and ``GET /api/v1/stores`` show."""

    id: int
    name: str
    region: str
    marketplaces: tuple[str, ...]
    plan: str
    verified: bool
    support_plan: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: StoreRow) -> Self:
        return cls(
            id=row.id,
            name=row.name,
            region=row.region,
            marketplaces=tuple(str(code) for code in row.marketplaces),
            plan=row.selling_plan,
            verified=row.verified,
            support_plan=row.support_plan,
            created_at=row.created_at,
        )


@dataclass(frozen=True, slots=True)
class UpdatedStore(StoreView):
    """The store after ``update``, with the fields that changed (their names, sorted);
    rendered flat, as the store's fields and then ``changed``."""

    changed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreRemoval:
    """What removing a store meets: a store with cases or Account Health records stays (their
    history would lose its store), so ``removable`` is false while any count is above 0."""

    store: StoreView
    cases: int
    open_cases: int
    health_records: int

    @property
    def removable(self) -> bool:
        return not self.cases and not self.health_records
