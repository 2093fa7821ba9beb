"""Each vendor's limits as data (``data/alert_channels.toml``, overridable in the data folder).

Sizes are UTF-8 bytes; rates are messages per window per robot. ``throttle_seconds`` is how
long the vendor refuses after its limit is hit, and how long a rate-limited reply waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sellerdesk.core.alerts.delivery import ChannelKind
from sellerdesk.core.hours.model import Fact
from sellerdesk.core.rules import Rule, load_rules


@dataclass(frozen=True, slots=True)
class VendorLimits:
    kind: ChannelKind
    per_minute: int | None
    per_second: int | None
    throttle_seconds: float
    text_bytes: int  # the text a message may carry (text type)
    rich_bytes: int  # markdown / post / blocks
    body_bytes: int | None  # the whole request body (Feishu: 20 KB)
    fact: Fact


def builtin_path() -> Path:
    ref = resources.files("sellerdesk") / "data" / "alert_channels.toml"
    with resources.as_file(ref) as path:
        return Path(path)


def load_limits(paths: Sequence[Path] = ()) -> dict[ChannelKind, VendorLimits]:
    """The shipped limits, with a data folder's file (if given) changing the values it names."""
    rules = load_rules([builtin_path(), *paths])
    return {kind: _limits(kind, rules[kind.value]) for kind in ChannelKind if kind.value in rules}


def _limits(kind: ChannelKind, rule: Rule) -> VendorLimits:
    values = rule.values

    def _int(name: str) -> int | None:
        value = values.get(name)
        return int(value) if value is not None else None

    return VendorLimits(
        kind=kind,
        per_minute=_int("per_minute"),
        per_second=_int("per_second"),
        throttle_seconds=float(values.get("throttle_seconds", 60)),
        text_bytes=int(values.get("text_bytes", 4096)),
        rich_bytes=int(values.get("rich_bytes", 4096)),
        body_bytes=_int("body_bytes"),
        fact=rule.fact,
    )
