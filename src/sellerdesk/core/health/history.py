"""The main rates of a store over its snapshots, oldest first, for the history chart.

Each (marketplace, metric, fulfilment channel) is one series; a snapshot that lacks the
metric (a manual figure typed for ODR only) adds no point to the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sellerdesk.core.health.evaluate import HEADLINE, Snapshot


def rate_series(
    snapshots: Sequence[Snapshot], metrics: Sequence[str] = HEADLINE
) -> dict[str, list[dict[str, Any]]]:
    """marketplace -> ``[{"metric", "fulfilment", "points": [(taken_at ISO, value)]}]``.

    ``snapshots`` come in any order; points are sorted by the end of their window."""
    found: dict[str, dict[tuple[str, str | None], list[tuple[str, float]]]] = {}
    for snapshot in sorted(snapshots, key=lambda s: (s.taken_at, s.id)):
        for entry in snapshot.metrics.get("marketplaces", []):
            code = str(entry.get("marketplace") or entry.get("marketplace_id"))
            for raw in entry.get("metrics", []):
                if raw.get("metric") not in metrics or raw.get("kind", "rate") != "rate":
                    continue
                key = (str(raw["metric"]), raw.get("fulfilment"))
                point = (snapshot.taken_at.isoformat(), float(raw["value"]))
                found.setdefault(code, {}).setdefault(key, []).append(point)
    return {code: _ordered(series, metrics) for code, series in found.items()}


def _ordered(
    series: Mapping[tuple[str, str | None], list[tuple[str, float]]], metrics: Sequence[str]
) -> list[dict[str, Any]]:
    keys = sorted(series, key=lambda k: (metrics.index(k[0]), k[1] or ""))
    return [{"metric": m, "fulfilment": f, "points": series[(m, f)]} for m, f in keys]
