"""Amazon identifier formats, read from ``data/identifiers.toml`` (sourced data, not code)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sellerdesk.core.errors import InvalidInput


@dataclass(frozen=True)
class IdentifierFormat:
    kind: str
    label: str
    label_zh: str
    pattern: re.Pattern[str]
    strict: re.Pattern[str] | None
    example: str
    source: str
    confidence: str


@cache
def formats() -> dict[str, IdentifierFormat]:
    ref = resources.files("sellerdesk") / "data" / "identifiers.toml"
    data = tomllib.loads(ref.read_text(encoding="utf-8"))
    out = {}
    for kind, spec in data["identifier"].items():
        strict = spec.get("strict")
        out[kind] = IdentifierFormat(
            kind=kind,
            label=spec["label"],
            label_zh=spec["label_zh"],
            pattern=re.compile(spec["pattern"]),
            strict=re.compile(strict) if strict else None,
            example=spec["example"],
            source=spec["source"],
            confidence=spec["confidence"],
        )
    return out


def normalise(kind: str, value: str) -> str:
    text = value.strip()
    return text.upper() if kind in ("asin", "fnsku", "shipment") else text


def is_valid(kind: str, value: str) -> bool:
    return formats()[kind].pattern.fullmatch(normalise(kind, value)) is not None


def check(kind: str, value: str, *, field: str) -> str:
    """The normalised identifier, or InvalidInput naming the field, the format and an example."""
    fmt = formats()[kind]
    text = normalise(kind, value)
    if fmt.pattern.fullmatch(text) is None:
        raise InvalidInput.of(
            "case.bad_identifier",
            field=field,
            value=value,
            label=fmt.label,
            example=fmt.example,
            pattern=fmt.pattern.pattern,
        )
    return text


def find_all(kind: str, text: str) -> list[str]:
    """Every identifier of ``kind`` that stands alone in free text (for search and drafts)."""
    pattern = formats()[kind].pattern.pattern
    found = re.findall(rf"(?<![0-9A-Za-z-])(?:{pattern})(?![0-9A-Za-z-])", text)
    return list(dict.fromkeys(normalise(kind, f) for f in found))
