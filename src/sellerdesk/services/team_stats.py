"""The dashboard's figures, measured on the team's own cases (the stores the user may read).

* First reply: hours from submission to Amazon's first inbound message, per submitted case.
* Resolution rate: of the cases submitted, the share resolved (resolved, or closed after a
  resolution), by category and by marketplace.
* Structured vs unstructured: the same rate for cases whose body carries a description, a
  timeline or expected/actual, and at least one identifier (what the case form asks for)
  against the rest.

The figures describe the latest ``LATEST_CASES`` submitted cases (an index walk), not the
whole history: on a 1,000,000-case store the dashboard read every case and its messages on
each page view (bench/web_bench.py); recent work is also what a team steers by.

Nothing is extrapolated: a figure based on fewer than ``MIN_CASES`` cases is reported as
"not enough data" by the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from sellerdesk.core.access import Principal
from sellerdesk.services.tracker import read_transaction
from sellerdesk.storage.repositories import stats as stat_rows
from sellerdesk.storage.session import Session, sessionmaker

MIN_CASES = 5
LATEST_CASES = 2000
REPLY_BINS_HOURS = (4, 12, 24, 48, 72)  # upper edges; the last bin is "more than 72 h"
RESOLVED = ("resolved", "closed")


@dataclass(frozen=True)
class Rate:
    resolved: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.resolved / self.total if self.total else 0.0


@dataclass(frozen=True)
class TeamStats:
    """The figures, as measured (shared between dashboard views: frozen)."""

    first_reply_hours: tuple[float, ...] = ()
    by_category: Mapping[str, Rate] = field(default_factory=dict)  # most cases first
    by_marketplace: Mapping[str, Rate] = field(default_factory=dict)  # most cases first
    structured: Rate = Rate()
    unstructured: Rate = Rate()

    def reply_histogram(self) -> list[int]:
        counts = [0] * (len(REPLY_BINS_HOURS) + 1)
        for hours in self.first_reply_hours:
            index = next((i for i, edge in enumerate(REPLY_BINS_HOURS) if hours < edge), -1)
            counts[index] += 1
        return counts


def is_structured(body: dict[str, object]) -> bool:
    """Written like the case form asks: a description, what happened when, and an id."""
    has_story = bool(body.get("timeline")) or bool(body.get("expected") and body.get("actual"))
    has_id = any(body.get(k) for k in ("order_ids", "asins", "skus", "shipment_ids"))
    return bool(body.get("description")) and has_story and has_id


# the last figures per session factory and readable stores, with the newest case and event
# ids they were computed at: a dashboard view that finds both unchanged reuses them
_CACHE: WeakKeyDictionary[Any, dict[Any, tuple[tuple[int, int], TeamStats]]] = WeakKeyDictionary()
MAX_CACHED = 64


def measure(*, sessions: sessionmaker[Session], principal: Principal | None) -> TeamStats:
    """The figures; recomputed only when a case or an event (a message, a status change)
    was added since the last call (two primary-key lookups)."""
    readable = None if principal is None else principal.readable_store_ids
    key = None if readable is None else tuple(sorted(readable))
    with read_transaction(sessions) as session:
        mark = stat_rows.newest_ids(session)
        cached = _CACHE.setdefault(sessions, {}).get(key)
        if cached is not None and cached[0] == mark:
            return cached[1]
        stats = _compute(session, readable)
    # a category edit or a removed store shows at the next new case or event
    entries = _CACHE[sessions]
    if len(entries) >= MAX_CACHED:
        entries.clear()
    entries[key] = (mark, stats)
    return stats


def _compute(session: Session, readable: Collection[int] | None) -> TeamStats:
    rows = stat_rows.latest_submitted(session, readable, LATEST_CASES)
    first_in = stat_rows.first_inbound(session, [r.id for r in rows])
    reply_hours: list[float] = []
    # [resolved, total] per group while counting
    categories: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    markets: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shapes: dict[bool, list[int]] = defaultdict(lambda: [0, 0])
    for case in rows:
        submitted = case.submitted_at
        assert submitted is not None
        reply = first_in.get(case.id)
        if reply is not None and reply >= submitted:
            reply_hours.append((reply - submitted).total_seconds() / 3600)
        done = case.status in RESOLVED and case.resolved_at is not None
        for tally in (
            categories[case.category or "-"],
            markets[case.marketplace],
            shapes[is_structured(case.body or {})],
        ):
            tally[0] += int(done)
            tally[1] += 1
    return TeamStats(
        first_reply_hours=tuple(reply_hours),
        by_category=_rates(categories),
        by_marketplace=_rates(markets),
        structured=Rate(*shapes[True]),
        unstructured=Rate(*shapes[False]),
    )


def _rates(tallies: dict[str, list[int]]) -> dict[str, Rate]:
    """Most cases first (ties keep the order first met)."""
    return {k: Rate(*v) for k, v in sorted(tallies.items(), key=lambda kv: -kv[1][1])}
