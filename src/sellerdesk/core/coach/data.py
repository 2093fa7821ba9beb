"""The coach's sourced data: categories, routes, marketplace languages and score weights.

Five shipped files in ``data/coach/`` (``categories.toml``, ``routes.toml``,
``marketplaces.toml``, ``scoring.toml``, ``paste.toml``), each a set of ``[KIND.KEY]``
tables carrying ``source``, ``as_of`` and ``confidence``; ``categories.toml`` also holds how
a declared category is weighed (``[decision.*]``) and which request language outranks which
category (``[precedence.*]``), ``scoring.toml`` the thresholds of checks (``[check.*]``),
``paste.toml`` Seller Central's field limits (``[limit.*]``) and the paste checks
(``[paste_check.*]``). A file of the same name in the user's ``coach/`` folder overrides
them the way ``rules.toml`` does: a table changes only the values it names, and a user table
without provenance becomes the user's own (``user``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import CONFIDENCES, Fact
from sellerdesk.core.input_guard import load_toml
from sellerdesk.core.toml_values import as_date

SCHEMA = 1
FILES = {
    "categories": "category",
    "routes": "route",
    "marketplaces": "marketplace",
    "scoring": "finding",
    "paste": "limit",
}
# further kinds a file holds besides its main one
EXTRA_KINDS = {
    "categories": ("decision", "precedence"),
    "scoring": ("check",),
    "paste": ("paste_check",),
}
_PROVENANCE = ("source", "as_of", "confidence")
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_PARTS = re.compile(r"[()（）\[\]【】/|｜]")


@dataclass(frozen=True)
class Entry:
    """One table: its values and where they come from."""

    key: str
    values: Mapping[str, Any]
    fact: Fact

    def words(self, name: str) -> tuple[str, ...]:
        value = self.values.get(name, ())
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


@dataclass(frozen=True)
class CoachData:
    categories: dict[str, Entry]
    routes: dict[str, Entry]
    marketplaces: dict[str, Entry]
    findings: dict[str, Entry]
    checks: dict[str, Entry]
    decisions: dict[str, Entry] = field(default_factory=dict)
    precedences: dict[str, Entry] = field(default_factory=dict)
    limits: dict[str, Entry] = field(default_factory=dict)  # Seller Central's field limits
    paste_checks: dict[str, Entry] = field(default_factory=dict)

    def category_key(self, named: str) -> str | None:
        """The category a draft names by key, English or Chinese name, or alias; else None.

        A value with a bracketed or slashed part ("亚马逊物流赔偿（fba-reimbursement）") names
        a category when its parts name exactly one. Anything else (a product category such as
        "类目：厨房用品") names no case category."""
        found = self._exact_key(named)
        if found is not None:
            return found
        parts = {self._exact_key(p) for p in _PARTS.split(named) if p.strip()}
        parts.discard(None)
        return parts.pop() if len(parts) == 1 else None

    def _exact_key(self, named: str) -> str | None:
        wanted = " ".join(named.split()).casefold().replace("_", "-")
        if not wanted:
            return None
        for key, entry in self.categories.items():
            names = [
                key,
                str(entry.values.get("name_en", "")),
                str(entry.values.get("name_zh", "")),
            ]
            names += entry.words("aliases")
            if wanted in {n.casefold() for n in names if n}:
                return key
        return None


def builtin_folder() -> Path:
    ref = resources.files("sellerdesk") / "data" / "coach"
    with resources.as_file(ref) as path:
        return Path(path)


def load_coach_data(user_folder: Path | None = None) -> CoachData:
    """The shipped coach data with the files of ``user_folder`` (if any) applied."""
    return _load(builtin_folder(), user_folder)


@cache
def _load(builtin: Path, user_folder: Path | None) -> CoachData:
    merged: dict[str, dict[str, Entry]] = {}
    for name, kind in FILES.items():
        paths = [builtin / f"{name}.toml"]
        if user_folder is not None and (user_folder / f"{name}.toml").exists():
            paths.append(user_folder / f"{name}.toml")
        for each in (kind, *EXTRA_KINDS.get(name, ())):
            merged[each] = _merge(paths, each)
    return CoachData(
        categories=merged["category"],
        routes=merged["route"],
        marketplaces={k.upper(): v for k, v in merged["marketplace"].items()},
        findings=merged["finding"],
        checks=merged["check"],
        decisions=merged["decision"],
        precedences=merged["precedence"],
        limits=merged["limit"],
        paste_checks=merged["paste_check"],
    )


def _merge(paths: Sequence[Path], kind: str) -> dict[str, Entry]:
    values: dict[str, dict[str, Any]] = {}
    facts: dict[str, Fact] = {}
    for i, path in enumerate(paths):
        data, modified = _read(path)
        schema = data.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise InvalidInput.of(
                "file.bad_schema", field=f"{path}: schema", value=schema, schema=SCHEMA
            )
        tables = data.get(kind, {})
        if not isinstance(tables, Mapping):
            raise InvalidInput.of("coach_data.not_tables", field=f"{path}: {kind}", kind=kind)
        for key, table in tables.items():
            where = f"{path}: {kind}.{key}"
            if not _KEY.fullmatch(key) or not isinstance(table, Mapping):
                raise InvalidInput.of("coach_data.bad_table", field=where, kind=kind)
            facts[key] = _fact(table, where, builtin=i == 0, modified=modified)
            own = {k: v for k, v in table.items() if k not in (*_PROVENANCE, "note")}
            values[key] = {**values.get(key, {}), **own}
    return {key: Entry(key, values[key], facts[key]) for key in values}


def _read(path: Path) -> tuple[dict[str, Any], date]:
    try:
        raw = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
        return load_toml(raw, str(path)), modified
    except OSError as exc:
        raise InvalidInput.of(
            "coach_data.unreadable", field=str(path), reason=exc.strerror
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("coach_data.not_toml", field=str(path), reason=str(exc)) from None


def _fact(table: Mapping[str, Any], where: str, *, builtin: bool, modified: date) -> Fact:
    note = str(table.get("note", ""))
    if not builtin and not any(k in table for k in _PROVENANCE):
        return Fact(f"user file {where.split(': ')[0]}", modified, "user", note)
    source = table.get("source")
    confidence = table.get("confidence")
    when = as_date(table.get("as_of"))
    if not isinstance(source, str) or not source.strip() or when is None:
        raise InvalidInput.of("coach_data.no_provenance", field=where)
    if confidence not in CONFIDENCES:
        raise InvalidInput.of(
            "file.bad_confidence",
            field=f"{where}.confidence",
            value=confidence,
            allowed=", ".join(CONFIDENCES),
        )
    return Fact(source.strip(), when, confidence, note)
