"""Load sourced rules about Amazon Seller Support (``[rule.KEY]`` tables in TOML files).

A rule is data, never a constant in code: its values (``before = "10:00"``) travel with
the :class:`~sellerdesk.core.hours.model.Fact` that says where they come from.

Merging: the first file is the shipped ``data/rules.toml``; a later file's ``[rule.KEY]``
changes only the values it names. Provenance is all or nothing per table: a table states
``source``, ``as_of`` and ``confidence`` together, or (in a user file only) none of them,
and then the rule is recorded as the user's own, dated by the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.model import CONFIDENCES, Fact
from sellerdesk.core.input_guard import load_toml
from sellerdesk.core.toml_values import as_date

SCHEMA = 1
_PROVENANCE_KEYS = ("source", "as_of", "confidence")
_FACT_KEYS = {*_PROVENANCE_KEYS, "note"}
_RULE_KEY = re.compile(r"[a-z][a-z0-9_-]{0,63}")


@dataclass(frozen=True)
class Rule:
    """One sourced rule: its values (read-only) and where they come from."""

    key: str
    values: Mapping[str, Any]
    fact: Fact
    # which file each value was last set in, and every file with a table for the rule (in
    # order), so that a value refused later is refused naming the file that holds it
    origins: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class _RulesFile:
    path: str
    data: Mapping[str, Any]
    builtin: bool
    modified: date


def builtin_rules_path() -> Path:
    """The shipped ``rules.toml`` (a real file: the package is installed unzipped)."""
    ref = resources.files("sellerdesk") / "data" / "rules.toml"
    with resources.as_file(ref) as path:
        return Path(path)


def load_rules(paths: Sequence[Path]) -> dict[str, Rule]:
    """The rules of ``paths[0]`` (the shipped file) with each later file's overrides applied."""
    files = [_read(path, builtin=i == 0) for i, path in enumerate(paths)]
    values: dict[str, dict[str, Any]] = {}
    facts: dict[str, Fact] = {}
    origins: dict[str, dict[str, str]] = {}
    tables: dict[str, tuple[str, ...]] = {}
    for file in files:
        for key, table in _rule_tables(file).items():
            where = f"rule.{key}"
            facts[key] = _fact(file, where, table)
            own = {k: v for k, v in table.items() if k not in _FACT_KEYS}
            for name, value in own.items():
                if isinstance(value, Mapping):
                    raise _err(file, f"{where}.{name}", "not_value", name=name, where=where)
            values[key] = {**values.get(key, {}), **own}
            origins[key] = {**origins.get(key, {}), **dict.fromkeys(own, file.path)}
            tables[key] = (*tables.get(key, ()), file.path)
    return {
        key: Rule(
            key,
            MappingProxyType(values[key]),
            facts[key],
            MappingProxyType(origins[key]),
            tables[key],
        )
        for key in values
    }


def _read(path: Path, *, builtin: bool) -> _RulesFile:
    where = str(path)
    try:
        raw = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    except OSError as exc:
        raise InvalidInput.of("rules.file_unreadable", field=where, reason=exc.strerror) from None
    try:
        data = load_toml(raw, where)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("rules.file_not_toml", field=where, reason=str(exc)) from None
    return _RulesFile(where, data, builtin, modified)


def _err(file: _RulesFile, key: str, what: str, **params: Any) -> InvalidInput:
    """The problem ``what`` (``error.rules.<what>`` in the catalogs) at ``key`` of ``file``."""
    return InvalidInput.of(f"rules.{what}", field=f"{file.path}: {key}", **params)


def _rule_tables(file: _RulesFile) -> Mapping[str, Mapping[str, Any]]:
    unknown = set(file.data) - {"rule", "schema"}
    if unknown:
        raise _err(file, sorted(unknown)[0], "unknown_top")
    schema = file.data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise InvalidInput.of(
            "file.bad_schema", field=f"{file.path}: schema", value=schema, schema=SCHEMA
        )
    rules = file.data.get("rule", {})
    if not isinstance(rules, Mapping):
        raise _err(file, "rule", "not_rules")
    for key, table in rules.items():
        if not _RULE_KEY.fullmatch(key):
            raise _err(file, f"rule.{key}", "bad_rule_key")
        if not isinstance(table, Mapping):
            raise _err(file, f"rule.{key}", "not_table", rule=key)
    return rules


def _fact(file: _RulesFile, where: str, table: Mapping[str, Any]) -> Fact:
    note = table.get("note", "")
    if not isinstance(note, str):
        raise _err(file, f"{where}.note", "bad_note")
    if not any(k in table for k in _PROVENANCE_KEYS) and not file.builtin:
        # the user's own table says nothing of a source: the rule is now theirs, dated by
        # the file, so that nobody mistakes it for the shipped, sourced value
        return Fact(f"user file {file.path}", file.modified, "user", note)
    source = table.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _err(file, f"{where}.source", "no_source")
    if "as_of" not in table:
        raise _err(file, f"{where}.as_of", "no_as_of")
    confidence = table.get("confidence")
    if confidence not in CONFIDENCES:
        allowed = ", ".join(CONFIDENCES)
        if confidence is None:
            raise _err(file, f"{where}.confidence", "no_confidence", allowed=allowed)
        field = f"{file.path}: {where}.confidence"
        raise InvalidInput.of("file.bad_confidence", field=field, value=confidence, allowed=allowed)
    return Fact(source.strip(), _date(file, f"{where}.as_of", table["as_of"]), confidence, note)


def _date(file: _RulesFile, key: str, value: Any) -> date:
    parsed = as_date(value)
    if parsed is None:
        raise InvalidInput.of("file.bad_date", field=f"{file.path}: {key}", value=value)
    return parsed
