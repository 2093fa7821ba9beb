"""The account readiness rules of ``data/health.toml``, read into typed values.

The file has the format of ``rules.toml`` (``[rule.KEY]`` tables with source, as_of and
confidence), so the same loader merges the shipped file with a ``health.toml`` in the data
folder. This module turns the loaded rules into targets, bands and the documents check-list,
refusing values it cannot use with the rule's name in the error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import Fact
from sellerdesk.core.rules import Rule, load_rules

CONDITIONS = ("LESS_THAN", "GREATER_THAN", "EQUALS")
VERDICTS = ("pass", "at-risk", "fail")


@dataclass(frozen=True)
class Target:
    value: float
    condition: str  # LESS_THAN | GREATER_THAN | EQUALS
    fact: Fact | None = None  # None: the report's own target


@dataclass(frozen=True)
class AhrBands:
    min: int
    max: int
    healthy_from: int
    at_risk_from: int
    new_seller_start: int
    by_status: Mapping[str, str]  # GREAT -> pass, WARNED -> at-risk
    fact: Fact


@dataclass(frozen=True)
class Document:
    key: str
    name_en: str
    name_zh: str
    applies_to: str
    fact: Fact

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Expectation:
    expected: Any
    fact: Fact


@dataclass(frozen=True)
class HealthRules:
    targets: Mapping[str, Target]  # metric key -> default target
    at_risk_share: float
    at_risk_fact: Fact
    ahr: AhrBands
    documents: Sequence[Document]
    plan: Expectation
    verification: Expectation
    marketplace_ids: Mapping[str, str]  # code -> SP-API marketplace id

    def document(self, key: str) -> Document | None:
        return next((d for d in self.documents if d.key == key), None)

    def code_for(self, marketplace_id: str) -> str | None:
        return next((c for c, i in self.marketplace_ids.items() if i == marketplace_id), None)


def builtin_health_path() -> Path:
    ref = resources.files("sellerdesk") / "data" / "health.toml"
    with resources.as_file(ref) as path:
        return Path(path)


def load_health_rules(paths: Sequence[Path]) -> HealthRules:
    """The shipped ``health.toml`` (``paths[0]``) with each later file's overrides applied."""
    return health_rules(load_rules(paths))


def _bad(key: str, name: str, what: str, **params: Any) -> InvalidInput:
    """The problem ``what`` (``error.health_rules.<what>``) at ``rule.key.name``."""
    return InvalidInput.of(
        f"health_rules.{what}", field=f"health.toml: rule.{key}.{name}", **params
    )


def _number(rule: Rule, name: str, *, low: float, high: float) -> float:
    value = rule.values.get(name)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise _bad(rule.key, name, "bad_number", value=value, low=low, high=high)
    return float(value)


def _text(rule: Rule, name: str, default: str | None = None) -> str:
    value = rule.values.get(name, default)
    if not isinstance(value, str) or not value.strip():
        raise _bad(rule.key, name, "no_text", setting=name)
    return value.strip()


def _required(rules: Mapping[str, Rule], key: str) -> Rule:
    rule = rules.get(key)
    if rule is None:
        raise InvalidInput.of("health_rules.missing", field=f"health.toml: rule.{key}")
    return rule


def _target(rule: Rule) -> tuple[str, Target]:
    condition = _text(rule, "condition")
    if condition not in CONDITIONS:
        allowed = ", ".join(CONDITIONS)
        raise _bad(rule.key, "condition", "bad_condition", value=condition, allowed=allowed)
    value = _number(rule, "value", low=0, high=1)  # a fraction, like the report's rates
    return _text(rule, "metric"), Target(value, condition, rule.fact)


def _ahr(rule: Rule) -> AhrBands:
    numbers = {
        name: int(_number(rule, name, low=0, high=100_000))
        for name in ("min", "max", "healthy_from", "at_risk_from", "new_seller_start")
    }
    if not numbers["min"] <= numbers["at_risk_from"] <= numbers["healthy_from"] <= numbers["max"]:
        raise _bad(rule.key, "healthy_from", "bands_out_of_order")
    by_status = {}
    for word in ("great", "warned"):
        verdict = _text(rule, word)
        if verdict not in VERDICTS:
            raise _bad(rule.key, word, "bad_verdict", value=verdict)
        by_status[word.upper()] = verdict
    return AhrBands(**numbers, by_status=by_status, fact=rule.fact)


def _document(rule: Rule) -> tuple[float, Document]:
    key = rule.key.removeprefix("document-")
    order = _number(rule, "order", low=0, high=1000) if "order" in rule.values else 1000.0
    name_en = _text(rule, "name_en", key)
    document = Document(
        key=key,
        name_en=name_en,
        name_zh=_text(rule, "name_zh", name_en),
        applies_to=str(rule.values.get("applies_to", "")),
        fact=rule.fact,
    )
    return order, document


def health_rules(rules: Mapping[str, Rule]) -> HealthRules:
    targets = dict(_target(r) for k, r in rules.items() if k.startswith("target-"))
    margin = _required(rules, "at-risk-margin")
    documents = sorted(
        (_document(r) for k, r in rules.items() if k.startswith("document-")),
        key=lambda pair: (pair[0], pair[1].key),
    )
    ids = _required(rules, "marketplace-ids")
    plan, verification = (
        _required(rules, "readiness-plan"),
        _required(rules, "readiness-verification"),
    )
    return HealthRules(
        targets=targets,
        at_risk_share=_number(margin, "share_of_allowance", low=0, high=1),
        at_risk_fact=margin.fact,
        ahr=_ahr(_required(rules, "ahr-bands")),
        documents=[d for _, d in documents],
        plan=Expectation(_text(plan, "expected"), plan.fact),
        verification=Expectation(
            bool(verification.values.get("expected", True)), verification.fact
        ),
        marketplace_ids={
            str(code).upper(): str(value) for code, value in ids.values.items() if value
        },
    )
