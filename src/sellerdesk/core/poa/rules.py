"""The Plan of Action rules of ``data/poa.toml``, validated into typed, frozen values.

raw (:func:`~sellerdesk.core.rules.load_rules`: tables merged, provenance checked) →
validated here (every rule present, every value of the right type, no unknown rule or
setting) → frozen (:class:`PoaRules`). Nothing downstream holds a default of its own: the
shipped file states every value, each with its source, as-of date and confidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import Fact
from sellerdesk.core.rules import Rule, load_rules

PARTS = ("root_causes", "corrective_actions", "preventive_measures")
_KIND_PREFIX = "kind-"
_BLAME_LISTS = ("actors", "wrongs", "breaks", "ours")
_CHECKS = (
    "three-parts",
    "specific",
    "dated-actions",
    "evidence",
    "no-blame",
    "dated-promises",
    "length",
    "english-only",
)


@dataclass(frozen=True)
class PoaKind:
    """One kind of appeal: its names, coach category and the writer's prompts per language."""

    key: str
    name_en: str
    name_zh: str
    category: str
    root_cause_hint: Mapping[str, str]  # lang -> prompt
    corrective_hints: Mapping[str, tuple[str, ...]]
    preventive_hints: Mapping[str, tuple[str, ...]]
    evidence_hints: Mapping[str, tuple[str, ...]]
    fact: Fact
    source_zh: str = ""  # the source in Chinese (a page title may stay English), if given

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def source(self, lang: str) -> str:
        """Where the kind's guidance comes from, in ``lang`` (a user's own keeps its words)."""
        if lang == "zh" and self.source_zh and self.fact.confidence != "user":
            return self.source_zh
        return self.fact.source


@dataclass(frozen=True)
class Check:
    """One lint rule: its values (phrases, limits) and where it comes from."""

    key: str
    fact: Fact
    phrases_en: tuple[str, ...] = ()
    phrases_zh: tuple[str, ...] = ()
    number: int = 0  # min_words, min_items or max_chars, as the rule says
    parts: tuple[str, ...] = ()
    # no-blame only: who may be blamed, the wrong-doing words, and the words that make a
    # wrong not theirs (breaks) or an actor the seller's own (ours); see core/poa/blame.py
    actors: tuple[str, ...] = ()
    wrongs: tuple[str, ...] = ()
    breaks: tuple[str, ...] = ()
    ours: tuple[str, ...] = ()
    source_zh: str = ""  # the source in Chinese (a page title may stay English), if given

    def phrases(self) -> tuple[str, ...]:
        return self.phrases_en + self.phrases_zh

    def source(self, lang: str) -> str:
        """Where the rule comes from, in ``lang``: a user's own rule keeps its own words."""
        if lang == "zh" and self.source_zh and self.fact.confidence != "user":
            return self.source_zh
        return self.fact.source


@dataclass(frozen=True)
class PoaRules:
    kinds: Mapping[str, PoaKind]  # in the order of the file
    checks: Mapping[str, Check]

    def kind(self, key: str) -> PoaKind:
        try:
            return self.kinds[key]
        except KeyError:
            raise InvalidInput.of(
                "poa.unknown_kind", field="kind", value=key, known=", ".join(self.kinds)
            ) from None

    def check(self, key: str) -> Check:
        return self.checks[key]

    def kinds_for(self, category: str | None) -> tuple[str, ...]:
        """The kinds of appeal a case of ``category`` may need (none: not an appeal)."""
        return tuple(k for k, v in self.kinds.items() if category and v.category == category)


class _Values:
    def __init__(self, rule: Rule, where: str) -> None:
        self.rule, self.fallback, self.read = rule, where, set[str]()

    def where(self, name: str) -> str:
        path = self.rule.origins.get(name) or (self.rule.files or (self.fallback,))[-1]
        return f"{path}: rule.{self.rule.key}.{name}"

    def get(self, name: str) -> Any:
        self.read.add(name)
        if name not in self.rule.values:
            raise InvalidInput.of("rules.no_value", field=self.where(name), name=name)
        return self.rule.values[name]

    def text(self, name: str) -> str:
        value = self.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput.of("rules.bad_text", field=self.where(name), name=name)
        return value.strip()

    def words(self, name: str) -> tuple[str, ...]:
        value = self.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InvalidInput.of("rules.bad_list", field=self.where(name), name=name)
        if not value:
            raise InvalidInput.of("rules.empty_list", field=self.where(name), name=name)
        return tuple(v.strip() for v in value)

    def optional_text(self, name: str) -> str:
        return self.text(name) if name in self.rule.values else ""

    def whole(self, name: str, *, low: int, high: int) -> int:
        value = self.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low < value <= high:
            raise InvalidInput.of(
                "rules.bad_number", field=self.where(name), value=value, low=low, high=high
            )
        return value

    def done(self) -> None:
        unknown = sorted(set(self.rule.values) - self.read)
        if unknown:
            raise InvalidInput.of(
                "rules.unknown_value",
                field=self.where(unknown[0]),
                rule=self.rule.key,
                known=", ".join(sorted(self.read)) or "-",
            )


def _kind(v: _Values) -> PoaKind:
    key = v.rule.key.removeprefix(_KIND_PREFIX)
    both = ("en", "zh")
    return PoaKind(
        key=key,
        name_en=v.text("name_en"),
        name_zh=v.text("name_zh"),
        category=v.text("category"),
        root_cause_hint={lang: v.text(f"root_cause_hint_{lang}") for lang in both},
        corrective_hints={lang: v.words(f"corrective_hints_{lang}") for lang in both},
        preventive_hints={lang: v.words(f"preventive_hints_{lang}") for lang in both},
        evidence_hints={lang: v.words(f"evidence_hints_{lang}") for lang in both},
        fact=v.rule.fact,
        source_zh=v.optional_text("source_zh"),
    )


def _check(v: _Values) -> Check:
    key, fact = v.rule.key, v.rule.fact
    if key == "three-parts":
        parts = v.words("parts")
        for part in parts:
            if part not in PARTS:
                raise InvalidInput.of(
                    "rules.bad_choice", field=v.where("parts"), value=part, allowed=", ".join(PARTS)
                )
        return Check(key, fact, parts=parts)
    if key == "no-blame":
        lists = {name: v.words(f"{name}_en") + v.words(f"{name}_zh") for name in _BLAME_LISTS}
        return Check(
            key,
            fact,
            v.words("phrases_en"),
            v.words("phrases_zh"),
            actors=lists["actors"],
            wrongs=lists["wrongs"],
            breaks=lists["breaks"],
            ours=lists["ours"],
        )
    if key in ("specific", "dated-promises"):
        number = v.whole("min_words", low=0, high=100) if key == "specific" else 0
        return Check(key, fact, v.words("phrases_en"), v.words("phrases_zh"), number)
    if key == "evidence":
        return Check(key, fact, number=v.whole("min_items", low=0, high=100))
    if key == "length":
        return Check(key, fact, number=v.whole("max_chars", low=0, high=1_000_000))
    return Check(key, fact)  # dated-actions, english-only: a rule with no setting


def poa_rules(rules: Mapping[str, Rule], *, where: str) -> PoaRules:
    """Validate merged raw rules; ``where`` names the file to blame for a missing rule."""
    kinds: dict[str, PoaKind] = {}
    checks: dict[str, Check] = {}
    for key, rule in rules.items():
        values = _Values(rule, where)
        if key.startswith(_KIND_PREFIX):
            kinds[key.removeprefix(_KIND_PREFIX)] = _kind(values)
        elif key in _CHECKS:
            checks[key] = replace(_check(values), source_zh=values.optional_text("source_zh"))
        else:
            path = (rule.files or (where,))[-1]
            known = ", ".join((*_CHECKS, "kind-…"))
            raise InvalidInput.of("rules.unknown_rule", field=f"{path}: rule.{key}", known=known)
        values.done()
    for key in _CHECKS:
        if key not in checks:
            raise InvalidInput.of("rules.missing", field=f"{where}: rule.{key}", rule=key)
    if not kinds:
        raise InvalidInput.of("rules.missing", field=f"{where}: rule.kind-…", rule="kind-…")
    return PoaRules(kinds, checks)


def builtin_poa_path() -> Path:
    ref = resources.files("sellerdesk") / "data" / "poa.toml"
    with resources.as_file(ref) as path:
        return Path(path)


def load_poa_rules(home: Path | None = None, extra: Sequence[Path] = ()) -> PoaRules:
    """The shipped ``poa.toml`` with a ``poa.toml`` in the data folder ``home`` (if any)."""
    paths = [builtin_poa_path()]
    if home is not None and (home / "poa.toml").is_file():
        paths.append(home / "poa.toml")
    paths += list(extra)
    return poa_rules(load_rules(paths), where=str(paths[-1]))
