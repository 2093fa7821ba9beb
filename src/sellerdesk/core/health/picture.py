"""A store's Account Health as :mod:`~sellerdesk.core.health.evaluate` judges it: frozen
rows with real datetimes and tuples.

Each judged row says where it came from: the ``snapshot`` (its id), that snapshot's
``source`` (report, manual, sp-api) and ``taken_at``. The reporting window of a metric or
of the rating (``window_from``/``window_to``; ``from``/``to`` in the JSON) stays the text
the report wrote: Amazon's own timestamps, kept as given rather than re-written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class MetricTarget:
    """The target a metric is judged by: the report's own (``origin="report"``, no fact) or
    the shipped/user default with where that default comes from."""

    value: float
    condition: str  # LESS_THAN | GREATER_THAN | EQUALS
    origin: str  # report | default
    source: str | None = None
    as_of: date | None = None
    confidence: str | None = None


@dataclass(frozen=True, slots=True)
class MetricRow:
    """The newest value of one metric (per fulfilment channel) and its verdict."""

    metric: str
    fulfilment: str | None  # mfn | afn | None (both or not split)
    kind: str  # rate (a fraction) | count
    value: float
    amazon_status: str | None
    window_from: str | None
    window_to: str | None
    counts: Mapping[str, int]
    target: MetricTarget | None
    verdict: str | None
    snapshot: int
    source: str
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class AccountStatusRow:
    """The account status the newest snapshot with one reported (NORMAL, AT_RISK, ...)."""

    value: str
    verdict: str | None
    snapshot: int
    source: str
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class AhrRow:
    """The newest Account Health Rating: a score, Amazon's status word, or both."""

    score: int | None
    status: str | None
    window_from: str | None
    window_to: str | None
    verdict: str | None
    snapshot: int
    source: str
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class WarningState:
    """One of the report's warning states (``type`` as Amazon names it, ``status`` GOOD/BAD)."""

    type: str
    status: str


@dataclass(frozen=True, slots=True)
class MarketplaceHealth:
    """One marketplace of the store: its rows and the worst of their verdicts."""

    marketplace: str
    marketplace_id: str | None
    account_status: AccountStatusRow | None
    ahr: AhrRow | None
    metrics: tuple[MetricRow, ...]
    warnings: tuple[WarningState, ...]
    verdict: str | None


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """The selling plan (a word) or the verification (yes/no) against what support needs."""

    value: str | bool
    expected: str | bool
    verdict: str
    source: str
    as_of: date
    confidence: str


@dataclass(frozen=True, slots=True)
class Readiness:
    plan: ReadinessItem
    verification: ReadinessItem


@dataclass(frozen=True, slots=True)
class ChecklistItem:
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
class DocumentState:
    """What was recorded for one document of the check-list."""

    status: str
    note: str | None
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class RateLine:
    """One rate of one marketplace over the snapshots, oldest first: ``(taken_at, value)``."""

    metric: str
    fulfilment: str | None
    points: tuple[tuple[datetime, float], ...]
