"""Compare each metric with its target: the report's own, else the shipped default.

A store's picture is built from its snapshots, newest first: each metric of each
marketplace comes from the newest snapshot that has it, so a manual figure typed today
stands beside the rest of last week's report, each row saying where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sellerdesk.core.health.picture import (
    AccountStatusRow,
    AhrRow,
    ChecklistItem,
    DocumentState,
    MarketplaceHealth,
    MetricRow,
    MetricTarget,
    Readiness,
    ReadinessItem,
    WarningState,
)
from sellerdesk.core.health.rules import AhrBands, Expectation, HealthRules, Target

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


def _fact_target(target: Target) -> MetricTarget:
    if target.fact is None:
        return MetricTarget(target.value, target.condition, "report")
    fact = target.fact
    return MetricTarget(
        target.value, target.condition, "default", fact.source, fact.as_of, fact.confidence
    )


def _metric_row(raw: Mapping[str, Any], snapshot: Snapshot, rules: HealthRules) -> MetricRow:
    given = raw.get("target")
    target = Target(float(given[0]), str(given[1])) if given else rules.targets.get(raw["metric"])
    kind = str(raw.get("kind", "rate"))
    value = float(raw["value"])
    return MetricRow(
        metric=str(raw["metric"]),
        fulfilment=raw.get("fulfilment"),
        kind=kind,
        value=value,
        amazon_status=raw.get("amazon_status"),
        window_from=raw.get("from"),
        window_to=raw.get("to"),
        counts=dict(raw.get("counts") or {}),
        target=None if target is None else _fact_target(target),
        verdict=None if target is None else verdict(value, target, rules.at_risk_share, kind=kind),
        snapshot=snapshot.id,
        source=snapshot.source,
        taken_at=snapshot.taken_at,
    )


def _sort_key(row: MetricRow) -> tuple[int, int, str, str]:
    order = HEADLINE + OTHER_RATES
    rank = order.index(row.metric) if row.metric in order else len(order)
    channel = {"mfn": "1", "afn": "2"}.get(str(row.fulfilment), "0")  # MFN, then FBA
    return (0 if row.kind == "rate" else 1, rank, row.metric, channel)


@dataclass
class _Gathering:
    """One marketplace while the snapshots are read, newest first (the first found wins)."""

    marketplace: str
    marketplace_id: str | None = None
    account_status: AccountStatusRow | None = None
    ahr: AhrRow | None = None
    metrics: list[MetricRow] = field(default_factory=list)
    warnings: tuple[WarningState, ...] | None = None

    def add(self, entry: Mapping[str, Any], snapshot: Snapshot, rules: HealthRules) -> None:
        self.marketplace_id = self.marketplace_id or entry.get("marketplace_id")
        status = entry.get("account_status")
        if self.account_status is None and status:
            self.account_status = AccountStatusRow(
                str(status),
                account_verdict(status),
                snapshot.id,
                snapshot.source,
                snapshot.taken_at,
            )
        ahr = entry.get("ahr")
        if self.ahr is None and ahr:
            self.ahr = AhrRow(
                score=ahr.get("score"),
                status=ahr.get("status"),
                window_from=ahr.get("from"),
                window_to=ahr.get("to"),
                verdict=ahr_verdict(ahr.get("score"), ahr.get("status"), rules.ahr),
                snapshot=snapshot.id,
                source=snapshot.source,
                taken_at=snapshot.taken_at,
            )
        if self.warnings is None and snapshot.source != "manual":  # typed figures have none
            self.warnings = tuple(
                WarningState(str(w.get("type")), str(w.get("status") or ""))
                for w in entry.get("warnings") or []
            )

    def done(self) -> MarketplaceHealth:
        metrics = tuple(sorted(self.metrics, key=_sort_key))
        status, ahr = self.account_status, self.ahr
        return MarketplaceHealth(
            marketplace=self.marketplace,
            marketplace_id=self.marketplace_id,
            account_status=status,
            ahr=ahr,
            metrics=metrics,
            warnings=self.warnings or (),
            verdict=worst(
                [
                    *(m.verdict for m in metrics),
                    status.verdict if status else None,
                    ahr.verdict if ahr else None,
                ]
            ),
        )


def current(
    snapshots: Sequence[Snapshot], rules: HealthRules, marketplaces: Sequence[str] = ()
) -> tuple[MarketplaceHealth, ...]:
    """Per marketplace, the newest value of every metric and its verdict.

    ``snapshots`` come newest first; ``marketplaces`` (the store's codes) come first in the
    result, in their order, then any other marketplace a report named."""
    views: dict[str, _Gathering] = {}
    seen: set[tuple[str, str, str | None]] = set()
    for snapshot in snapshots:
        for entry in snapshot.metrics.get("marketplaces", []):
            key = str(entry.get("marketplace") or entry.get("marketplace_id"))
            view = views.setdefault(key, _Gathering(key))
            view.add(entry, snapshot, rules)
            for raw in entry.get("metrics", []):
                ident = (key, str(raw["metric"]), raw.get("fulfilment"))
                if ident not in seen:
                    seen.add(ident)
                    view.metrics.append(_metric_row(raw, snapshot, rules))
    order = {code: i for i, code in enumerate(marketplaces)}
    ranked = sorted(views, key=lambda code: (order.get(code, len(order)), code))
    return tuple(views[code].done() for code in ranked)


def _readiness_item(value: str | bool, expectation: Expectation) -> ReadinessItem:
    fact = expectation.fact
    verdict_ = "pass" if value == expectation.expected else "fail"
    return ReadinessItem(
        value, expectation.expected, verdict_, fact.source, fact.as_of, fact.confidence
    )


def readiness(plan: str, verified: bool, rules: HealthRules) -> Readiness:
    """The store's selling plan and verification against what the seed says support needs."""
    return Readiness(
        plan=_readiness_item(plan, rules.plan),
        verification=_readiness_item(verified, rules.verification),
    )


def checklist(states: Mapping[str, DocumentState], rules: HealthRules) -> tuple[ChecklistItem, ...]:
    """Every document of the check-list with its recorded state (``unknown`` if none)."""
    out = []
    for doc in rules.documents:
        state = states.get(doc.key)
        status = state.status if state else "unknown"
        out.append(
            ChecklistItem(
                key=doc.key,
                name_en=doc.name_en,
                name_zh=doc.name_zh,
                applies_to=doc.applies_to or None,
                status=status,
                verdict={"have": "pass", "missing": "fail", "expired": "fail"}.get(status),
                note=(state.note if state else None) or "",
                updated_at=state.updated_at if state else None,
                confidence=doc.fact.confidence,
                source=doc.fact.source,
            )
        )
    return tuple(out)
