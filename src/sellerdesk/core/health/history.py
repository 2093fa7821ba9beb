"""The main rates of a store over its snapshots, oldest first, for the history chart.

Each (marketplace, metric, fulfilment channel) is one series; a snapshot that lacks the
metric (a manual figure typed for ODR only) adds no point to the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sellerdesk.core.health.evaluate import HEADLINE, Snapshot
from sellerdesk.core.health.picture import RateLine


def rate_series(
    snapshots: Sequence[Snapshot], metrics: Sequence[str] = HEADLINE
) -> dict[str, tuple[RateLine, ...]]:
    """marketplace -> its rate lines, each with ``(taken_at, value)`` points.

    ``snapshots`` come in any order; points are sorted by the end of their window."""
    found: dict[str, dict[tuple[str, str | None], list[tuple[datetime, float]]]] = {}
    for snapshot in sorted(snapshots, key=lambda s: (s.taken_at, s.id)):
        for entry in snapshot.metrics.get("marketplaces", []):
            code = str(entry.get("marketplace") or entry.get("marketplace_id"))
            for raw in entry.get("metrics", []):
                if raw.get("metric") not in metrics or raw.get("kind", "rate") != "rate":
                    continue
                key = (str(raw["metric"]), raw.get("fulfilment"))
                point = (snapshot.taken_at, float(raw["value"]))
                found.setdefault(code, {}).setdefault(key, []).append(point)
    return {code: _ordered(series, metrics) for code, series in found.items()}


def _ordered(
    series: Mapping[tuple[str, str | None], list[tuple[datetime, float]]], metrics: Sequence[str]
) -> tuple[RateLine, ...]:
    keys = sorted(series, key=lambda k: (metrics.index(k[0]), k[1] or ""))
    return tuple(RateLine(m, f, tuple(series[(m, f)])) for m, f in keys)
