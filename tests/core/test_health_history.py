from __future__ import annotations

from datetime import UTC, datetime

from sellerdesk.core.health.evaluate import Snapshot
from sellerdesk.core.health.history import rate_series
from sellerdesk.web.charts import rate_lines


def _snap(ident: int, day: int, metrics: list[dict[str, object]]) -> Snapshot:
    entry = {"marketplace": "US", "metrics": metrics}
    return Snapshot(ident, "manual", datetime(2026, 11, day, tzinfo=UTC), {"marketplaces": [entry]})


def test_rate_series_orders_points_by_date_and_skips_counts_and_missing_metrics():
    odr = {"metric": "odr", "kind": "rate", "value": 0.005}
    late = {"metric": "late-shipment", "kind": "rate", "value": 0.02}
    count = {"metric": "listing-policy-violations", "kind": "count", "value": 0}
    series = rate_series([_snap(2, 9, [odr | {"value": 0.012}]), _snap(1, 2, [odr, late, count])])
    lines = series["US"]
    assert [line.metric for line in lines] == ["odr", "late-shipment"]
    assert [v for _, v in lines[0].points] == [0.005, 0.012]
    assert [at.day for at, _ in lines[0].points] == [2, 9]  # real datetimes, oldest first
    assert len(lines[1].points) == 1


def test_the_rate_chart_escapes_its_labels_and_draws_the_target_line():
    svg = str(
        rate_lines([("<a>", 0.005), ("d2", 0.012)], target=0.01, title="<t>", target_label="T")
    )
    assert "<a>" not in svg and "&lt;a&gt;" in svg and "&lt;t&gt;" in svg
    assert 'class="target"' in svg and "T 1%" in svg
