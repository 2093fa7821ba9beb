"""Compare each metric with its target: the report's own, else the shipped default.

A store's picture is built from its snapshots, newest first: each metric of each
marketplace comes from the newest snapshot that has it, so a manual figure typed today
stands beside the rest of last week's report, each row saying where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sellerdesk.core.health.rules import AhrBands, HealthRules, Target

# display order of the rate metrics; policy counts follow in the report's order
HEADLINE = ("odr", "pre-fulfilment-cancel", "late-shipment", "valid-tracking")
OTHER_RATES = ("on-time-delivery", "unit-on-time-delivery", "invoice-defect")
# the report's account statuses (schema enum NORMAL, AT_RISK, DEACTIVATED; its own example
# also shows SUSPENDED): anything but these two is a stopped account
ACCOUNT_STATUS = {"NORMAL": "pass", "AT_RISK": "at-risk"}
_WORST = {"pass": 0, "at-risk": 1, "fail": 2}
_EPS = 1e-12  # 0.8 * 0.01 is 0.008000000000000002 in binary: 0.008 must count as at risk


@dataclass(frozen=True)
class Snapshot:
    id: int
    source: str  # report | manual | sp-api
    taken_at: datetime
    metrics: Mapping[str, Any]  # the stored JSON: {"marketplaces": [...]}


def verdict(value: float, target: Target, share: float, *, kind: str = "rate") -> str:
    """pass, at-risk (``share`` of the allowance used) or fail (the target is missed)."""
    if target.condition == "EQUALS":
        return "pass" if math.isclose(value, target.value, abs_tol=_EPS) else "fail"
    if target.condition == "LESS_THAN":
        if value >= target.value - _EPS:
            return "fail"
        return "at-risk" if target.value > 0 and value >= share * target.value - _EPS else "pass"
    if value <= target.value + _EPS:
        return "fail"
    if kind == "rate" and target.value < 1:  # a "> 95 %" rate has 5 points of allowance
        used, allowance = 1 - value, 1 - target.value
        return "at-risk" if used >= share * allowance - _EPS else "pass"
    return "pass"


def ahr_verdict(score: int | None, status: str | None, bands: AhrBands) -> str | None:
    if score is not None:
        if score >= bands.healthy_from:
            return "pass"
        return "at-risk" if score >= bands.at_risk_from else "fail"
    return bands.by_status.get((status or "").upper())


def account_verdict(status: str | None) -> str | None:
    if status is None:
        return None
    return ACCOUNT_STATUS.get(status.upper(), "fail")


def worst(verdicts: Iterable[str | None]) -> str | None:
    known = [v for v in verdicts if v is not None]
    return max(known, key=_WORST.__getitem__) if known else None


def _origin(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "snapshot": snapshot.id,
        "source": snapshot.source,
        "taken_at": snapshot.taken_at.isoformat(),
    }


def _fact(target: Target) -> dict[str, Any]:
    if target.fact is None:
        return {"origin": "report"}
    return {
        "origin": "default",
        "source": target.fact.source,
        "as_of": target.fact.as_of.isoformat(),
        "confidence": target.fact.confidence,
    }


def _metric_row(raw: Mapping[str, Any], snapshot: Snapshot, rules: HealthRules) -> dict[str, Any]:
    given = raw.get("target")
    target = Target(float(given[0]), str(given[1])) if given else rules.targets.get(raw["metric"])
    kind = str(raw.get("kind", "rate"))
    row = {k: raw.get(k) for k in ("metric", "fulfilment", "kind", "value", "amazon_status")}
    row |= {"from": raw.get("from"), "to": raw.get("to"), "counts": raw.get("counts") or {}}
    row["target"] = None
    row["verdict"] = None
    if target is not None:
        row["target"] = {"value": target.value, "condition": target.condition, **_fact(target)}
        row["verdict"] = verdict(float(raw["value"]), target, rules.at_risk_share, kind=kind)
    return row | _origin(snapshot)


def _sort_key(row: Mapping[str, Any]) -> tuple[int, int, str, str]:
    metric = str(row["metric"])
    order = HEADLINE + OTHER_RATES
    rank = order.index(metric) if metric in order else len(order)
    channel = {"mfn": "1", "afn": "2"}.get(str(row.get("fulfilment")), "0")  # MFN, then FBA
    return (0 if row["kind"] == "rate" else 1, rank, metric, channel)


def current(
    snapshots: Sequence[Snapshot], rules: HealthRules, marketplaces: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Per marketplace, the newest value of every metric and its verdict.

    ``snapshots`` come newest first; ``marketplaces`` (the store's codes) come first in the
    result, in their order, then any other marketplace a report named."""
    views: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str, str | None]] = set()
    for snapshot in snapshots:
        for entry in snapshot.metrics.get("marketplaces", []):
            key = str(entry.get("marketplace") or entry.get("marketplace_id"))
            view = views.setdefault(
                key,
                {
                    "marketplace": key,
                    "marketplace_id": entry.get("marketplace_id"),
                    "account_status": None,
                    "ahr": None,
                    "metrics": [],
                    "warnings": None,
                },
            )
            view["marketplace_id"] = view["marketplace_id"] or entry.get("marketplace_id")
            status = entry.get("account_status")
            if view["account_status"] is None and status:
                verdict_ = account_verdict(status)
                view["account_status"] = {"value": status, "verdict": verdict_} | _origin(snapshot)
            ahr = entry.get("ahr")
            if view["ahr"] is None and ahr:
                found = ahr_verdict(ahr.get("score"), ahr.get("status"), rules.ahr)
                view["ahr"] = dict(ahr) | {"verdict": found} | _origin(snapshot)
            if view["warnings"] is None and snapshot.source != "manual":
                view["warnings"] = list(entry.get("warnings") or [])
            for raw in entry.get("metrics", []):
                ident = (key, str(raw["metric"]), raw.get("fulfilment"))
                if ident not in seen:
                    seen.add(ident)
                    view["metrics"].append(_metric_row(raw, snapshot, rules))
    for view in views.values():
        view["metrics"].sort(key=_sort_key)
        view["warnings"] = view["warnings"] or []
        view["verdict"] = worst(
            [
                *(m["verdict"] for m in view["metrics"]),
                (view["account_status"] or {}).get("verdict"),
                (view["ahr"] or {}).get("verdict"),
            ]
        )
    order = {code: i for i, code in enumerate(marketplaces)}
    return sorted(
        views.values(), key=lambda v: (order.get(v["marketplace"], len(order)), v["marketplace"])
    )


def readiness(plan: str, verified: bool, rules: HealthRules) -> dict[str, Any]:
    """The store's selling plan and verification against what the seed says support needs."""

    def fact(expectation: Any) -> dict[str, Any]:
        return {
            "source": expectation.fact.source,
            "as_of": expectation.fact.as_of.isoformat(),
            "confidence": expectation.fact.confidence,
        }

    return {
        "plan": {
            "value": plan,
            "expected": rules.plan.expected,
            "verdict": "pass" if plan == rules.plan.expected else "fail",
            **fact(rules.plan),
        },
        "verification": {
            "value": verified,
            "expected": rules.verification.expected,
            "verdict": "pass" if verified == rules.verification.expected else "fail",
            **fact(rules.verification),
        },
    }


def checklist(states: Mapping[str, Mapping[str, Any]], rules: HealthRules) -> list[dict[str, Any]]:
    """Every document of the check-list with its recorded state (``unknown`` if none)."""
    out = []
    for doc in rules.documents:
        state = states.get(doc.key, {})
        status = str(state.get("status", "unknown"))
        out.append(
            {
                "key": doc.key,
                "name_en": doc.name_en,
                "name_zh": doc.name_zh,
                "applies_to": doc.applies_to or None,
                "status": status,
                "verdict": {"have": "pass", "missing": "fail", "expired": "fail"}.get(status),
                "note": state.get("note") or "",
                "updated_at": state.get("updated_at"),
                "confidence": doc.fact.confidence,
                "source": doc.fact.source,
            }
        )
    return out
