"""The rules of ``data/rules.toml``, validated into typed, frozen values at load.

raw (:func:`~sellerdesk.core.rules.load_rules`: TOML tables merged, provenance checked) →
validated (here: every rule present, every value of the right type, in range, one of the
allowed words, no unknown rule or setting) → frozen (:class:`SupportRules`). A value that
cannot be used is refused when the rules are loaded, naming the file that holds it, the
rule and the fix; nothing downstream holds a default of its own, because the shipped
``rules.toml`` states every value. ``docs/rules.md`` lists the rules and who reads them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import CHANNELS, Fact
from sellerdesk.core.hours.ranges import WeekRanges, parse_week_spec
from sellerdesk.core.rules import Rule, load_rules

SELLING_PLANS = ("professional", "individual")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


@dataclass(frozen=True)
class HighPrioritySubmission:
    """Seed S8: file a high-priority case before ``before`` (desk-local) on ``days``."""

    before: str  # "HH:MM", desk-local wall clock, as written
    days: str  # desk-local weekdays, as written ("Mon-Fri")
    week: WeekRanges  # ``days 00:00-before`` as weekly wall-clock ranges
    fact: Fact
    key: str = "high-priority-submission"


@dataclass(frozen=True)
class FirstReplyExpected:
    """Seed S7: Amazon's first reply is expected within ``business_hours`` of ``channel``."""

    channel: str  # the desk channel whose hours Amazon's clock counts
    business_hours: float
    fact: Fact
    key: str = "first-reply-expected"

    @property
    def budget(self) -> timedelta:
        return timedelta(hours=self.business_hours)


@dataclass(frozen=True)
class ResolvedAutoClose:
    """Assumption: Amazon closes a resolved case by itself ``days`` calendar days later."""

    days: float
    fact: Fact
    key: str = "resolved-auto-close"

    @property
    def after(self) -> timedelta:
        return timedelta(days=self.days)


@dataclass(frozen=True)
class OfficialChannels:
    """The channels of a Seller Central case, and where a seller opens one."""

    channels: tuple[str, ...]
    entry: str
    fact: Fact
    key: str = "official-channels"


@dataclass(frozen=True)
class PersonalMailDomains:
    """Free-mail domains: an outgoing record sent from one of them is flagged."""

    domains: frozenset[str]  # lower-case
    fact: Fact
    key: str = "personal-mail-domains"


@dataclass(frozen=True)
class SupportAccess:
    """Who may contact Seller Support: selling plans, and Account Health statuses that bar it."""

    plans: tuple[str, ...]
    bad_account_statuses: tuple[str, ...]
    fact: Fact
    key: str = "support-access"


@dataclass(frozen=True)
class SupportRules:
    """Every rule of ``rules.toml``, each validated; built only by :func:`support_rules`."""

    high_priority_submission: HighPrioritySubmission
    first_reply_expected: FirstReplyExpected
    resolved_auto_close: ResolvedAutoClose
    official_channels: OfficialChannels
    personal_mail_domains: PersonalMailDomains
    support_access: SupportAccess

    def all(self) -> tuple[Any, ...]:
        """Every rule, in the order of the shipped file (each has ``key`` and ``fact``)."""
        return (
            self.high_priority_submission,
            self.first_reply_expected,
            self.resolved_auto_close,
            self.official_channels,
            self.personal_mail_domains,
            self.support_access,
        )


class _Values:
    """One raw rule's values, read once each; refusals name the file that holds the value."""

    def __init__(self, rule: Rule, fallback: str) -> None:
        self.rule, self.fallback, self.read = rule, fallback, set[str]()

    def where(self, name: str) -> str:
        path = self.rule.origins.get(name) or (self.rule.files or (self.fallback,))[-1]
        return f"{path}: rule.{self.rule.key}.{name}"

    def get(self, name: str) -> Any:
        self.read.add(name)
        if name not in self.rule.values:
            raise InvalidInput.of("rules.no_value", field=self.where(name), name=name)
        return self.rule.values[name]

    def number(self, name: str, *, low: float, high: float) -> float:
        value = self.get(name)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low < value <= high
        ):
            raise InvalidInput.of(
                "rules.bad_number", field=self.where(name), value=value, low=low, high=high
            )
        return float(value)

    def text(self, name: str) -> str:
        value = self.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput.of("rules.bad_text", field=self.where(name), name=name)
        return value.strip()

    def choice(self, name: str, allowed: Sequence[str]) -> str:
        value = self.text(name)
        if value not in allowed:
            raise InvalidInput.of(
                "rules.bad_choice", field=self.where(name), value=value, allowed=", ".join(allowed)
            )
        return value

    def words(self, name: str, *, allowed: Sequence[str] = (), empty: bool = True) -> list[str]:
        value = self.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InvalidInput.of("rules.bad_list", field=self.where(name), name=name)
        if not value and not empty:
            raise InvalidInput.of("rules.empty_list", field=self.where(name), name=name)
        words = [v.strip() for v in value]
        for word in words:
            if allowed and word not in allowed:
                raise InvalidInput.of(
                    "rules.bad_choice",
                    field=self.where(name),
                    value=word,
                    allowed=", ".join(allowed),
                )
        return words

    def done(self) -> None:
        """Refuse a setting no reader knows (a typo would otherwise be silently ignored)."""
        unknown = sorted(set(self.rule.values) - self.read)
        if unknown:
            raise InvalidInput.of(
                "rules.unknown_value",
                field=self.where(unknown[0]),
                rule=self.rule.key,
                known=", ".join(sorted(self.read)),
            )


def _submission(v: _Values) -> HighPrioritySubmission:
    before, days = v.text("before"), v.text("days")
    if before in ("0:00", "00:00"):
        raise InvalidInput.of("rules.before_midnight", field=v.where("before"))
    where = v.where("before").removesuffix(".before")
    week = parse_week_spec(f"{days} 00:00-{before}", field=where)
    return HighPrioritySubmission(before, days, week, v.rule.fact)


def _first_reply(v: _Values) -> FirstReplyExpected:
    hours = v.number("business_hours", low=0, high=24 * 366)
    return FirstReplyExpected(v.choice("channel", CHANNELS), hours, v.rule.fact)


def _auto_close(v: _Values) -> ResolvedAutoClose:
    return ResolvedAutoClose(v.number("days", low=0, high=366), v.rule.fact)


def _official(v: _Values) -> OfficialChannels:
    channels = tuple(v.words("channels", empty=False))
    return OfficialChannels(channels, v.text("entry"), v.rule.fact)


def _domains(v: _Values) -> PersonalMailDomains:
    domains = [d.lower() for d in v.words("domains")]
    for domain in domains:
        if not _DOMAIN.fullmatch(domain):
            raise InvalidInput.of("rules.bad_domain", field=v.where("domains"), value=domain)
    return PersonalMailDomains(frozenset(domains), v.rule.fact)


def _access(v: _Values) -> SupportAccess:
    plans = tuple(v.words("plans", allowed=SELLING_PLANS, empty=False))
    return SupportAccess(plans, tuple(v.words("bad_account_statuses")), v.rule.fact)


_READERS: dict[str, Callable[[_Values], Any]] = {
    "high-priority-submission": _submission,
    "first-reply-expected": _first_reply,
    "resolved-auto-close": _auto_close,
    "official-channels": _official,
    "personal-mail-domains": _domains,
    "support-access": _access,
}
KEYS = tuple(_READERS)


def support_rules(rules: Mapping[str, Rule], *, where: str) -> SupportRules:
    """Validate merged raw rules; ``where`` names the file to blame for a missing rule."""
    for key, rule in rules.items():
        if key not in _READERS:
            path = (rule.files or (where,))[-1]
            raise InvalidInput.of(
                "rules.unknown_rule", field=f"{path}: rule.{key}", known=", ".join(KEYS)
            )
    typed: dict[str, Any] = {}
    for key, read in _READERS.items():
        if key not in rules:
            raise InvalidInput.of("rules.missing", field=f"{where}: rule.{key}", rule=key)
        values = _Values(rules[key], where)
        typed[key.replace("-", "_")] = read(values)
        values.done()
    return SupportRules(**typed)


def load_support_rules(paths: Sequence[Path]) -> SupportRules:
    """The shipped ``rules.toml`` (``paths[0]``) with each later file's overrides, validated."""
    return support_rules(load_rules(paths), where=str(paths[-1]) if paths else "rules.toml")
