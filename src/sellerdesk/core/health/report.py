"""Read Amazon's seller performance report (SP-API ``GET_V2_SELLER_PERFORMANCE_REPORT``, JSON).

Schema: ``schemas/reports/accountHealthReport-2020-11-18.json`` in the public repository
amzn/selling-partner-api-models. Its property names and its own examples disagree, and real
documents have been seen in both spellings, so both are read:
``preFulfillmentCancellationRate`` / ``prefulfillmentCancelRate``, ``warningStates`` /
``warningState``, ``documentRequests`` / ``documentRequest`` and, for the rating,
``ahrStatus`` / ``accountHealthRatingStatus``.

Rates are FRACTIONS. The schema's ``Rate`` description says "rate in percentage", but every
example in the same file pairs a rate and its target in one unit that only reads as a
fraction: ODR ``rate 0.009`` against ``targetValue 0.01`` (Amazon's "< 1 %"), late shipment
``0.032`` against ``0.04`` ("< 4 %"), valid tracking ``0.9529`` against ``0.95`` ("> 95 %").
Amazon has shipped other reports whose values were percentages although the schema said
fractions (selling-partner-api-models issue #5159), so a rate or target above 1, which no
fraction can be, marks that metric as given in percent: both are divided by 100 and the
metric is listed under ``scaled_from_percent``. A report's own rate is compared with its
own target in the report's unit either way; the scaling only matters for display and for
the shipped default targets.

The result is plain JSON (it is stored as the snapshot's metrics), one entry per marketplace:
``{"marketplace_id", "account_status", "metrics": [...], "ahr": {...} | None, "warnings"}``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.health.rules import CONDITIONS
from sellerdesk.core.input_guard import load_json

# report property -> the product's metric key; the second spelling is the schema examples'
RATE_METRICS = {
    "lateShipmentRate": "late-shipment",
    "preFulfillmentCancellationRate": "pre-fulfilment-cancel",
    "prefulfillmentCancelRate": "pre-fulfilment-cancel",
    "validTrackingRate": "valid-tracking",
    "onTimeDeliveryRate": "on-time-delivery",
    "unitOnTimeDeliveryRate": "unit-on-time-delivery",
    "invoiceDefectRate": "invoice-defect",
}
SPELLINGS = {  # examples' spelling -> property name
    "prefulfillmentCancelRate": "preFulfillmentCancellationRate",
    "warningState": "warningStates",
    "documentRequest": "documentRequests",
}
MAX_REPORT_BYTES = 512 * 1024  # a real report is a few kB
MAX_MARKETPLACES = 50  # distinct marketplaces in one report
_NOT_METRICS = {"marketplaceId", "orderDefectRate", "accountHealthRating", "warningStates"}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _bad(where: str, what: str, **params: Any) -> InvalidInput:
    """The problem ``what`` (``error.report.<what>``; the fix is the family's) at ``where``."""
    return InvalidInput.of(f"report.{what}", field=where, **params)


def read_json(text: str | bytes, *, where: str = "file") -> Any:
    """The report's JSON, checked whole first (core/input_guard.py): at most
    :data:`MAX_REPORT_BYTES`, UTF-8, :data:`~sellerdesk.core.input_guard.MAX_DEPTH` levels
    deep, no lone surrogate or NUL in any string."""
    try:
        return load_json(text, where, max_bytes=MAX_REPORT_BYTES)
    except json.JSONDecodeError as exc:
        raise _bad(where, "not_json", reason=str(exc)) from None


def parse_report_text(text: str | bytes, *, where: str = "file") -> dict[str, Any]:
    """The report in ``text`` (JSON), parsed; InvalidInput naming what is wrong."""
    return parse_report(read_json(text, where=where), where=where)


def parse_report(document: Any, *, where: str = "file") -> dict[str, Any]:
    if not isinstance(document, Mapping):
        raise _bad(where, "not_object_report", kind=type(document).__name__)
    items = document.get("performanceMetrics")
    if not isinstance(items, list):
        raise _bad(where, "no_metrics" if items is None else "metrics_not_list")
    statuses = _account_statuses(document.get("accountStatuses", []), where)
    scaled: list[str] = []
    marketplaces: dict[str, dict[str, Any]] = {}
    count = len(
        {*(str(m.get("marketplaceId")) for m in items if isinstance(m, Mapping)), *statuses}
    )
    if count > MAX_MARKETPLACES:  # Amazon has ~20 marketplaces; thousands only slow every page
        raise _bad(where, "too_many_marketplaces", count=count, limit=MAX_MARKETPLACES)
    for i, item in enumerate(items):
        at = f"{where}: performanceMetrics[{i}]"
        if not isinstance(item, Mapping):
            raise _bad(at, "not_object")
        entry = _marketplace(item, at, scaled)
        if entry["marketplace_id"] in marketplaces:
            raise _bad(at, "marketplace_twice", marketplace=entry["marketplace_id"])
        marketplaces[entry["marketplace_id"]] = entry
    for marketplace_id, status in statuses.items():
        entry = marketplaces.setdefault(marketplace_id, _empty(marketplace_id))
        entry["account_status"] = status
    if not marketplaces:
        raise _bad(where, "no_marketplace")
    return {"marketplaces": list(marketplaces.values()), "scaled_from_percent": scaled}


def _empty(marketplace_id: str) -> dict[str, Any]:
    return {
        "marketplace_id": marketplace_id,
        "account_status": None,
        "metrics": [],
        "ahr": None,
        "warnings": [],
    }


def _account_statuses(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, list):
        raise _bad(f"{where}: accountStatuses", "not_list")
    out = {}
    for i, item in enumerate(value):
        at = f"{where}: accountStatuses[{i}]"
        if not isinstance(item, Mapping):
            raise _bad(at, "not_object")
        marketplace_id = _string(item, "marketplaceId", at, required=True)
        # kept as Amazon writes it: the schema lists NORMAL, AT_RISK, DEACTIVATED and its own
        # example shows SUSPENDED, so the list is not closed
        out[str(marketplace_id)] = str(_string(item, "status", at, required=True))
    return out


def _string(item: Mapping[str, Any], name: str, at: str, *, required: bool = False) -> str | None:
    value = item.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(f"{at}.{name}", "missing" if value is None else "not_text")
    return value.strip()


def _number(item: Mapping[str, Any], name: str, at: str) -> float | None:
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(f"{at}.{name}", "not_number", value=value)
    if value < 0:
        raise _bad(f"{at}.{name}", "negative", value=value)
    return float(value)


def _unified(item: Mapping[str, Any]) -> dict[str, Any]:
    """The item with the examples' spellings renamed; the property name wins if both appear."""
    out = dict(item)
    for other, name in SPELLINGS.items():
        if other in out:
            value = out.pop(other)
            out.setdefault(name, value)
    return out


def _marketplace(raw: Mapping[str, Any], at: str, scaled: list[str]) -> dict[str, Any]:
    item = _unified(raw)
    marketplace_id = str(_string(item, "marketplaceId", at, required=True))
    entry = _empty(marketplace_id)
    metrics: list[dict[str, Any]] = entry["metrics"]
    odr = item.get("orderDefectRate")
    if odr is not None:
        if not isinstance(odr, Mapping):
            raise _bad(f"{at}.orderDefectRate", "not_object")
        for channel in ("mfn", "afn"):
            if odr.get(channel) is not None:
                where = f"{at}.orderDefectRate.{channel}"
                metrics.extend(_rate("odr", odr[channel], where, scaled, fulfilment=channel))
    for name, metric in RATE_METRICS.items():
        if name in item:  # the examples' spelling was renamed by _unified
            metrics.extend(_rate(metric, item[name], f"{at}.{name}", scaled))
    for name, value in item.items():
        if name in _NOT_METRICS or name in RATE_METRICS or not isinstance(value, Mapping):
            continue
        if "defectsCount" in value:
            metrics.append(_count(name, value, f"{at}.{name}"))
    entry["ahr"] = _ahr(item.get("accountHealthRating"), f"{at}.accountHealthRating")
    entry["warnings"] = _warnings(item.get("warningStates"), f"{at}.warningStates")
    return entry


def _target(item: Mapping[str, Any], at: str) -> tuple[float | None, str | None]:
    value = _number(item, "targetValue", at)
    condition = item.get("targetCondition")
    if condition is not None and condition not in CONDITIONS:
        raise _bad(
            f"{at}.targetCondition", "bad_condition", value=condition, allowed=", ".join(CONDITIONS)
        )
    return value, condition


def _dates(item: Mapping[str, Any]) -> tuple[str | None, str | None]:
    span = item.get("reportingDateRange")
    if not isinstance(span, Mapping):
        return None, None
    start, end = span.get("reportingDateFrom"), span.get("reportingDateTo")
    return (start if isinstance(start, str) else None), (end if isinstance(end, str) else None)


def _counts(item: Mapping[str, Any]) -> dict[str, int]:
    """Whole-number fields (orderCount, lateShipmentCount …) and ``{count}`` sub-objects."""
    out = {}
    for name, value in item.items():
        if isinstance(value, int) and not isinstance(value, bool):
            out[name] = value
        elif isinstance(value, Mapping) and isinstance(value.get("count"), int):
            out[name] = int(value["count"])
    return out


def _rate(
    metric: str,
    raw: Any,
    at: str,
    scaled: list[str],
    *,
    fulfilment: str | None = None,
) -> list[dict[str, Any]]:
    if not isinstance(raw, Mapping):
        raise _bad(at, "not_object")
    rate = _number(raw, "rate", at)
    if rate is None:  # no orders in the window: Amazon leaves the rate out
        return []
    target, condition = _target(raw, at)
    if rate > 1 or (target is not None and target > 1):
        if rate > 100 or (target is not None and target > 100):
            raise _bad(at, "bad_rate", rate=rate)
        rate, target = rate / 100, (None if target is None else target / 100)
        scaled.append(at.rsplit(": ", 1)[-1])
    start, end = _dates(raw)
    return [
        {
            "metric": metric,
            "fulfilment": fulfilment,
            "kind": "rate",
            "value": rate,
            "target": None if target is None or condition is None else [target, condition],
            "amazon_status": raw.get("status") if isinstance(raw.get("status"), str) else None,
            "from": start,
            "to": end,
            "counts": _counts(raw),
        }
    ]


def _count(name: str, raw: Mapping[str, Any], at: str) -> dict[str, Any]:
    value = _number(raw, "defectsCount", at)
    target, condition = _target(raw, at)
    start, end = _dates(raw)
    return {
        "metric": _CAMEL.sub("-", name).lower(),  # listingPolicyViolations -> listing-policy-…
        "fulfilment": None,
        "kind": "count",
        "value": value or 0.0,
        "target": None if target is None or condition is None else [target, condition],
        "amazon_status": raw.get("status") if isinstance(raw.get("status"), str) else None,
        "from": start,
        "to": end,
        "counts": {},
    }


def _ahr(raw: Any, at: str) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise _bad(at, "not_object")
    status = raw.get("ahrStatus", raw.get("accountHealthRatingStatus"))
    score = _number(raw, "ahrScore", at)
    start, end = _dates(raw)
    if status is None and score is None:
        return None
    return {
        "score": None if score is None else int(score),
        "status": str(status) if status is not None else None,
        "from": start,
        "to": end,
    }


def _warnings(raw: Any, at: str) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _bad(at, "not_list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise _bad(f"{at}[{i}]", "not_object")
        kind = _string(item, "warningType", f"{at}[{i}]", required=True)
        out.append({"type": str(kind), "status": str(item.get("status") or "")})
    return out
