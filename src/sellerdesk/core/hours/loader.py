"""Load desks from TOML files: the shipped data first, then the user's overrides.

Merging: a later file's ``[desk.KEY]`` changes only the keys it names; a channel table
``[desk.KEY.channels.NAME]`` replaces that channel whole; ``enabled = false`` removes a desk.
A malformed file is refused with the file, the key and what is wrong (docs/desks.md).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.hours.calendars import is_known_calendar
from sellerdesk.core.hours.model import CHANNELS, CONFIDENCES, ChannelRule, DayRules, Desk, Fact
from sellerdesk.core.hours.ranges import (
    DAY_GROUPS,
    WEEKDAY_KEYS,
    MinuteRange,
    normalise_day,
    parse_day_name,
    parse_range,
)
from sellerdesk.core.input_guard import load_toml
from sellerdesk.core.toml_values import as_date

_FACT_KEYS = {"source", "as_of", "confidence", "note"}
_DAY_RULE_KEYS = {"holidays", "closed", "open", "closed_yearly", "open_hours"}
DESK_KEYS = (
    {"name", "name_zh", "timezone", "language", "marketplaces", "channels", "enabled"}
    | _FACT_KEYS
    | _DAY_RULE_KEYS
)
CHANNEL_KEYS = set(WEEKDAY_KEYS) | set(DAY_GROUPS) | {"requires_plan"} | _FACT_KEYS | _DAY_RULE_KEYS


@dataclass(frozen=True)
class DeskFile:
    """One parsed TOML document and where it came from (for messages and provenance)."""

    path: str
    data: Mapping[str, Any]
    builtin: bool = False
    modified: date | None = None


def read_desk_file(path: Path, *, builtin: bool = False) -> DeskFile:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput.of("desk.file_unreadable", field=where, reason=exc.strerror) from None
    try:
        data = load_toml(raw, where)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput.of("desk.file_not_toml", field=where, reason=str(exc)) from None
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    return DeskFile(where, data, builtin, modified)


def _err(file: DeskFile, key: str, what: str, **params: Any) -> InvalidInput:
    """The problem ``what`` (``error.desks.<what>`` in the catalogs) at ``key`` of ``file``."""
    return InvalidInput.of(f"desks.{what}", field=f"{file.path}: {key}", **params)


def _check_keys(file: DeskFile, key: str, table: Mapping[str, Any], allowed: set[str]) -> None:
    if not isinstance(table, Mapping):
        raise _err(file, key, "not_table", table=key)
    for name in table:
        if name not in allowed:
            raise _err(file, f"{key}.{name}", "unknown_key", allowed=", ".join(sorted(allowed)))


def merge_files(files: Iterable[DeskFile]) -> dict[str, tuple[dict[str, Any], DeskFile]]:
    """Fold the files into one raw table per desk, remembering the last file that touched it."""
    merged: dict[str, tuple[dict[str, Any], DeskFile]] = {}
    for file in files:
        unknown = set(file.data) - {"desk", "schema"}
        if unknown:
            raise _err(file, sorted(unknown)[0], "unknown_top")
        if file.data.get("schema", 1) != 1:
            raise InvalidInput.of(
                "file.bad_schema", field=f"{file.path}: schema", value=file.data["schema"], schema=1
            )
        desks = file.data.get("desk", {})
        _check_keys(file, "desk", desks, set(desks) if isinstance(desks, Mapping) else set())
        for key, table in desks.items():
            if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", key):
                raise _err(file, f"desk.{key}", "bad_desk_key")
            _check_keys(file, f"desk.{key}", table, DESK_KEYS)
            base, _ = merged.get(key, ({}, file))
            combined = {**base, **{k: v for k, v in table.items() if k != "channels"}}
            channels = dict(base.get("channels", {}))
            raw_channels = table.get("channels", {})
            _check_keys(file, f"desk.{key}.channels", raw_channels, set(CHANNELS))
            for name, chan in raw_channels.items():
                _check_keys(file, f"desk.{key}.channels.{name}", chan, CHANNEL_KEYS)
                channels[name] = (dict(chan), file)
            combined["channels"] = channels
            combined.setdefault("_files", {})
            combined["_files"] = {**base.get("_files", {}), **{k: file for k in table}}
            merged[key] = (combined, file)
    return merged


def build_desks(files: Iterable[DeskFile]) -> dict[str, Desk]:
    desks: dict[str, Desk] = {}
    for key, (raw, file) in merge_files(files).items():
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):
            raise _err(raw["_files"]["enabled"], f"desk.{key}.enabled", "bad_enabled")
        if not enabled:
            continue
        desks[key] = _build_desk(key, raw, file)
    return desks


def _str(file: DeskFile, key: str, value: Any, *, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _err(file, key, what)
    return value.strip()


def _date(file: DeskFile, key: str, value: Any) -> date:
    parsed = as_date(value)
    if parsed is None:
        raise InvalidInput.of("file.bad_date", field=f"{file.path}: {key}", value=value)
    return parsed


def _dates(file: DeskFile, key: str, value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        raise _err(file, key, "not_dates")
    return frozenset(_date(file, f"{key}[{i}]", v) for i, v in enumerate(value))


FileOf = Callable[[str], DeskFile]


def _fact(
    table: DeskFile,
    file_of: FileOf,
    key: str,
    raw: Mapping[str, Any],
    parent: Fact | None,
    parent_file: DeskFile | None = None,
) -> Fact:
    """Provenance of a table. ``file_of(name)`` is the file that last set ``name``."""
    if not any(k in raw for k in ("source", "as_of", "confidence")):
        if parent is not None and (table.builtin or parent_file is table):
            return parent  # a channel written beside its desk's own provenance shares it
        if not table.builtin:
            # a table from the user's own file with no provenance: the rule is the user's,
            # dated by the file
            modified = table.modified or date.today()  # noqa: DTZ011
            return Fact(f"user file {table.path}", modified, "user", str(raw.get("note", "")))
    src_file = file_of("source")
    source = _str(
        src_file,
        f"{key}.source",
        raw.get("source", parent.source if parent else None),
        what="no_source",
    )
    # A user's source with no date or confidence of its own is the user's claim, dated by
    # the file: it must never borrow the shipped rule's confidence.
    users = not src_file.builtin

    def own(name: str) -> bool:
        return name in raw and (not users or file_of(name) is src_file)

    if own("as_of"):
        as_of = _date(file_of("as_of"), f"{key}.as_of", raw["as_of"])
    elif users:
        as_of = src_file.modified or date.today()  # noqa: DTZ011
    elif parent is not None:
        as_of = parent.as_of
    else:
        raise _err(src_file, f"{key}.as_of", "no_as_of")
    confidence = (
        raw["confidence"]
        if own("confidence")
        else ("user" if users or parent is None else parent.confidence)
    )
    if confidence not in CONFIDENCES:
        raise InvalidInput.of(
            "file.bad_confidence",
            field=f"{file_of('confidence').path}: {key}.confidence",
            value=confidence,
            allowed=", ".join(CONFIDENCES),
        )
    note = str(raw["note"]) if own("note") else ("" if users or parent is None else parent.note)
    return Fact(source, as_of, confidence, note)


def _day_rules(file_of: FileOf, key: str, raw: Mapping[str, Any], parent: DayRules) -> DayRules:
    holidays = parent.holidays
    if "holidays" in raw:
        value, file = raw["holidays"], file_of("holidays")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _err(file, f"{key}.holidays", "not_calendars")
        for i, name in enumerate(value):
            if not is_known_calendar(name):
                raise _err(file, f"{key}.holidays[{i}]", "bad_calendar", value=name)
        holidays = tuple(value)
    closed = (
        _dates(file_of("closed"), f"{key}.closed", raw["closed"])
        if "closed" in raw
        else parent.closed
    )
    opened = _dates(file_of("open"), f"{key}.open", raw["open"]) if "open" in raw else parent.open
    both = closed & opened
    if both:
        raise _err(file_of("open"), f"{key}.open", "closed_and_open", day=min(both))
    yearly = parent.closed_yearly
    if "closed_yearly" in raw:
        file = file_of("closed_yearly")
        yearly = frozenset(
            _month_day(file, f"{key}.closed_yearly[{i}]", v)
            for i, v in enumerate(_list(file, f"{key}.closed_yearly", raw))
        )
    open_from = parent.open_hours_from
    if "open_hours" in raw:
        field = f"{file_of('open_hours').path}: {key}.open_hours"
        open_from = parse_day_name(str(raw["open_hours"]), field=field)
    return DayRules(holidays, closed, opened, yearly, open_from)


def day_rules_of(file: DeskFile, key: str, raw: Mapping[str, Any], parent: DayRules) -> DayRules:
    """The day rules the keys of one table make over ``parent`` (the desk form reads a
    merged desk table's own, and a channel's over them)."""
    return _day_rules(_always_file(file), key, raw, parent)


def _list(file: DeskFile, key: str, raw: Mapping[str, Any]) -> list[Any]:
    value = raw[key.rsplit(".", 1)[-1]]
    if not isinstance(value, list):
        raise _err(file, key, "not_month_days")
    return value


def _month_day(file: DeskFile, key: str, value: Any) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{2})-(\d{2})", value) if isinstance(value, str) else None
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2024, month, day)  # a leap year, so 02-29 is allowed
            return month, day
        except ValueError:
            pass
    raise _err(file, key, "bad_month_day", value=value)


def _week(file: DeskFile, key: str, raw: Mapping[str, Any]) -> tuple[tuple[MinuteRange, ...], ...]:
    days: list[list[MinuteRange] | None] = [None] * 7
    # groups first, so that a named day overrides its group
    for group in ("daily", "weekdays", "weekends", *WEEKDAY_KEYS):
        if group not in raw:
            continue
        value = raw[group]
        if not isinstance(value, list):
            raise _err(file, f"{key}.{group}", "not_ranges")
        ranges = [
            parse_range(v, field=f"{file.path}: {key}.{group}[{i}]") for i, v in enumerate(value)
        ]
        targets = DAY_GROUPS.get(group, (group,))
        for name in targets:
            days[WEEKDAY_KEYS.index(name)] = list(ranges)
    return tuple(normalise_day(d or [], field=f"{file.path}: {key}") for d in days)


def _always_file(file: DeskFile) -> FileOf:
    """A channel table comes whole from one file: every key's file is that file."""
    return lambda _name: file


def _build_desk(key: str, raw: dict[str, Any], file: DeskFile) -> Desk:
    where = f"desk.{key}"
    files = raw.get("_files", {})
    zone_file = files.get("timezone", file)
    zone_name = _str(
        zone_file,
        f"{where}.timezone",
        raw.get("timezone"),
        what="no_timezone",
    )
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        field = f"{zone_file.path}: {where}.timezone"
        raise InvalidInput.of("time.bad_zone", field=field, value=zone_name) from None
    language = raw.get("language", "en")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}(-[A-Za-z]{2,4})?", language):
        raise _err(files.get("language", file), f"{where}.language", "bad_language", value=language)
    markets = raw.get("marketplaces", [])
    if not isinstance(markets, list) or not all(
        isinstance(m, str) and re.fullmatch(r"[A-Z]{2}", m) for m in markets
    ):
        raise _err(files.get("marketplaces", file), f"{where}.marketplaces", "bad_marketplaces")

    def desk_file_of(name: str) -> DeskFile:
        found: DeskFile = files.get(name, file)
        return found

    desk_fact = _fact(file, desk_file_of, where, raw, None)
    desk_days = _day_rules(desk_file_of, where, raw, DayRules())
    channels: dict[str, ChannelRule] = {}
    for name, (chan, chan_file) in raw.get("channels", {}).items():
        ckey = f"{where}.channels.{name}"
        plan = chan.get("requires_plan")
        if plan is not None and not isinstance(plan, str):
            raise _err(chan_file, f"{ckey}.requires_plan", "bad_plan")
        channels[name] = ChannelRule(
            name=name,
            week=_week(chan_file, ckey, chan),
            days=_day_rules(_always_file(chan_file), ckey, chan, desk_days),
            fact=_fact(
                chan_file,
                _always_file(chan_file),
                ckey,
                chan,
                desk_fact,
                desk_file_of("source"),
            ),
            requires_plan=plan,
        )
    if not channels:
        raise _err(file, f"{where}.channels", "no_channels", where=where)
    return Desk(
        key=key,
        name=_str(files.get("name", file), f"{where}.name", raw.get("name", key), what="no_name"),
        name_zh=str(raw.get("name_zh", raw.get("name", key))),
        timezone=zone,
        language=language,
        marketplaces=tuple(markets),
        channels=channels,
        fact=desk_fact,
        origin=file.path,
    )
