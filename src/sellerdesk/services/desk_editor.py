"""The admin's desk form: what each desk is and where its rules come from (the overview), a
desk's rules as a form, and a filled form turned into the desks override file.

A form is written as the ``[desk.KEY]`` table of ``desks.toml`` in the data folder, the file
``sellerdesk desks`` and ``windows`` read and the TOML editor writes, and is checked by the
same loader over the shipped desks and any ``SELLERDESK_DESKS`` file before a byte is written
(:func:`desk_overrides.save`). Only what differs from the desk without the user's table is
written: a channel the form leaves as shipped keeps the shipped rule and its provenance; a
channel that changes is recorded as the user's own (``confidence = "user"``), dated today in
the team's zone and naming who edited it, as a user file's table without provenance is.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sellerdesk.core.errors import InvalidInput, NotFound
from sellerdesk.core.hours.days import DayRules
from sellerdesk.core.hours.desk_form import (
    DeskEdit,
    DeskForm,
    channel_table,
    desk_values,
    form_of,
    parse_form,
)
from sellerdesk.core.hours.loader import (
    DeskFile,
    build_desks,
    day_rules_of,
    merge_files,
    read_desk_file,
)
from sellerdesk.core.hours.model import HUMAN_CHANNELS, Confidence, Desk, Fact
from sellerdesk.core.hours.override_text import replace_desk
from sellerdesk.services import desk_overrides
from sellerdesk.services.desk_hours import channel_status
from sellerdesk.settings import Settings
from sellerdesk.storage.session import Session, sessionmaker

_DAY_KEYS = ("holidays", "closed", "open", "closed_yearly", "open_hours")
WEB_SOURCE = "Seller Desk web app, edited by {actor}"


@dataclass(frozen=True, slots=True)
class FactView:
    """Where the rules of some channels come from (channels with the same provenance share
    one), for people: ``source`` is empty when it is only "the user's own file" (whose path
    is the server's business, not the page's)."""

    channels: tuple[str, ...]
    source: str
    as_of: date
    confidence: Confidence
    note: str
    edited_by: str  # who saved it in the desk form ("" when it was not the form)


@dataclass(frozen=True, slots=True)
class DeskRow:
    """One desk on the overview."""

    key: str
    name: str
    name_zh: str
    timezone: str
    marketplaces: tuple[str, ...]
    open_now: bool
    next_change: datetime | None
    facts: tuple[tuple[Confidence, date], ...]  # each confidence once, with its latest date
    overridden: bool


@dataclass(frozen=True, slots=True)
class DeskPage:
    """One desk's form as it stands, with its provenance."""

    key: str
    name: str
    name_zh: str
    timezone: str
    marketplaces: tuple[str, ...]
    channels: tuple[str, ...]
    form: DeskForm
    facts: tuple[FactView, ...]
    overridden: bool
    shipped: bool  # reset goes back to a shipped desk (else it removes the user's desk)
    # channels that keep day rules of their own (the 24/7 ones: no yearly closures), as
    # (channels, the keys they set), channels with the same keys together
    own_days: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class PlannedEdit:
    """A checked form: the desk it makes, what changes and the file text to save."""

    desk: Desk
    changed: tuple[str, ...]  # "timezone", "holidays", … and channel names
    text: str


def fact_views(desk: Desk) -> tuple[FactView, ...]:
    """The desk's facts, channels with the same one together, in the desk's channel order."""
    by_fact: dict[Fact, list[str]] = {}
    for name, rule in desk.channels.items():
        by_fact.setdefault(rule.fact, []).append(name)
    prefix = WEB_SOURCE.format(actor="")
    views = []
    for fact, names in by_fact.items():
        source = "" if fact.source.startswith("user file ") else fact.source
        editor = source[len(prefix) :] if source.startswith(prefix) else ""
        views.append(FactView(tuple(names), source, fact.as_of, fact.confidence, fact.note, editor))
    return tuple(views)


def _user_file(settings: Settings) -> DeskFile | None:
    path = settings.user_desks_path
    return read_desk_file(path) if path.exists() else None


def _others(settings: Settings) -> list[DeskFile]:
    return [read_desk_file(settings.desks_file)] if settings.desks_file else []


def _user_desks(user: DeskFile | None) -> Mapping[str, Any]:
    desks = user.data.get("desk", {}) if user else {}
    return desks if isinstance(desks, Mapping) else {}


def overview(settings: Settings, desks: Mapping[str, Desk], now: datetime) -> tuple[DeskRow, ...]:
    """Every desk in effect: open now (its case channel), provenance, the user's override."""
    mine = _user_desks(_user_file(settings))
    rows = []
    for desk in desks.values():
        main = "case" if "case" in desk.channels else next(iter(desk.channels))
        status = channel_status(desk, main, now)
        latest: dict[Confidence, date] = {}
        for name, rule in desk.channels.items():
            if name in HUMAN_CHANNELS or len(desk.channels) == 1:
                seen = latest.get(rule.fact.confidence)
                latest[rule.fact.confidence] = max(seen or rule.fact.as_of, rule.fact.as_of)
        rows.append(
            DeskRow(
                key=desk.key,
                name=desk.name,
                name_zh=desk.name_zh,
                timezone=desk.timezone.key,
                marketplaces=desk.marketplaces,
                open_now=status.open_now,
                next_change=status.next_change,
                facts=tuple(latest.items()),
                overridden=desk.key in mine,
            )
        )
    return tuple(rows)


def _desk_days(files: list[DeskFile], key: str) -> tuple[DayRules, dict[str, Any]]:
    """The desk's own day rules (before any channel's) and its merged raw table."""
    raw, file = merge_files(files)[key]
    return day_rules_of(file, f"desk.{key}", raw, DayRules()), raw


def _all_files(settings: Settings) -> tuple[DeskFile, DeskFile | None, list[DeskFile]]:
    return desk_overrides.shipped_file(), _user_file(settings), _others(settings)


def desk_page(settings: Settings, desks: Mapping[str, Desk], key: str) -> DeskPage:
    desk = _desk(desks, key)
    shipped, user, others = _all_files(settings)
    files = [shipped, *([user] if user else []), *others]
    days, raw = _desk_days(files, key)
    channels = tuple(desk.channels)
    own: dict[tuple[str, ...], list[str]] = {}
    for name in channels:
        keys = tuple(k for k in _DAY_KEYS if k in raw["channels"][name][0])
        if keys:
            own.setdefault(keys, []).append(name)
    form = form_of(desk.timezone.key, days, {n: desk.channels[n].week for n in channels})
    return DeskPage(
        key=desk.key,
        name=desk.name,
        name_zh=desk.name_zh,
        timezone=desk.timezone.key,
        marketplaces=desk.marketplaces,
        channels=channels,
        form=form,
        facts=fact_views(desk),
        overridden=key in _user_desks(user),
        shipped=key in build_desks([shipped]),
        own_days=tuple((tuple(names), keys) for keys, names in own.items()),
    )


def _desk(desks: Mapping[str, Desk], key: str) -> Desk:
    if key not in desks:
        raise NotFound.of("desk.not_found", field="desk", value=key, known=", ".join(desks))
    return desks[key]


def _same_days(a: DayRules, b: DayRules) -> bool:
    return (set(a.holidays), a.closed, a.open, a.closed_yearly, a.open_hours_from) == (
        set(b.holidays),
        b.closed,
        b.open,
        b.closed_yearly,
        b.open_hours_from,
    )


def _same_channel(desk: Desk | None, name: str, zone: str, week: Any, days: DayRules) -> bool:
    if desk is None or name not in desk.channels or desk.timezone.key != zone:
        return False
    rule = desk.channels[name]
    return rule.week == week and _same_days(rule.days, days)


def plan_edit(
    settings: Settings,
    desks: Mapping[str, Desk],
    key: str,
    form: DeskForm,
    *,
    today: date,
    actor: str,
) -> PlannedEdit:
    """Check a filled form and work out the file that says it; nothing is written."""
    current = _desk(desks, key)
    edit = parse_form(form, current.channels)
    shipped, user, others = _all_files(settings)
    user_data: dict[str, Any] = dict(user.data) if user else {}
    mine = dict(_user_desks(user))
    old = mine.pop(key, None)
    old_table: Mapping[str, Any] = old if isinstance(old, Mapping) else {}
    path = str(settings.user_desks_path)
    base_user = DeskFile(
        path, {**user_data, "desk": mine}, modified=user.modified if user else None
    )
    base_files = [shipped, base_user, *others]
    base = build_desks(base_files).get(key)
    cur_files = [shipped, *([user] if user else []), *others]
    _, cur_raw = _desk_days(cur_files, key)
    table = _desk_table(edit, base, base_files, old_table)
    changed = [k for k, v in desk_values(edit).items() if _differs(k, v, current, cur_files)]
    channels: dict[str, Any] = {}
    for name, rule in current.channels.items():
        raw_chan = cur_raw["channels"][name][0]
        own = {k: raw_chan[k] for k in _DAY_KEYS if k in raw_chan}
        days = day_rules_of(shipped, name, own, edit.days)
        week = edit.weeks[name]
        if not _same_channel(current, name, edit.timezone, week, days):
            changed.append(name)
        if _same_channel(base, name, edit.timezone, week, days):
            continue  # as the desk is without the user's table: the shipped rule stays
        old_chan = old_table.get("channels", {}).get(name)
        if old_chan is not None and name not in changed:
            channels[name] = old_chan  # unchanged: the user's earlier rule and its date stay
            continue
        plan = {"requires_plan": rule.requires_plan} if rule.requires_plan else {}
        channels[name] = {
            **channel_table(week),
            **own,
            **plan,
            "source": WEB_SOURCE.format(actor=actor),
            "as_of": today.isoformat(),
            "confidence": "user",
        }
    if channels:
        table["channels"] = channels
    old_text = desk_overrides.current_text(settings)
    text = replace_desk(old_text, key, table)
    candidate = DeskFile(path, tomllib.loads(text), modified=today)
    made = build_desks([shipped, candidate, *others])  # the loader's own check
    return PlannedEdit(made[key], tuple(dict.fromkeys(changed)), text)


def _differs(name: str, value: Any, current: Desk, files: list[DeskFile]) -> bool:
    if name == "timezone":
        return bool(value != current.timezone.key)
    days, _ = _desk_days(files, current.key)
    now = desk_values(DeskEdit(current.timezone.key, days, {}))[name]
    return bool(set(value) != set(now)) if isinstance(value, list) else bool(value != now)


def _desk_table(
    edit: DeskEdit, base: Desk | None, base_files: list[DeskFile], old: Mapping[str, Any]
) -> dict[str, Any]:
    """The desk-level keys: the user's other keys as they were (name, marketplaces …), and
    each form value that differs from the desk without the user's table."""
    table = {k: v for k, v in old.items() if k not in (*_DAY_KEYS, "timezone", "channels")}
    wanted = desk_values(edit)
    if base is None:  # the user's own desk: every value is the user's
        return {**table, **{k: v for k, v in wanted.items() if v or k == "timezone"}}
    base_values = desk_values(DeskEdit(base.timezone.key, _desk_days(base_files, base.key)[0], {}))
    for name, value in wanted.items():
        same = (
            set(value) == set(base_values[name])
            if isinstance(value, list)
            else value == base_values[name]
        )
        if not same:
            table[name] = value
    return table


def save_edit(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    now: datetime,
    team_zone: str,
    actor: str,
    desks: Mapping[str, Desk],
    key: str,
    form: DeskForm,
) -> dict[str, Desk]:
    """Save a filled form (checked again, as the loader reads it); the desks now in effect."""
    today = now.astimezone(ZoneInfo(team_zone)).date()
    planned = plan_edit(settings, desks, key, form, today=today, actor=actor)
    detail = {"desk": key, "changed": list(planned.changed)}
    return desk_overrides.save(
        sessions=sessions,
        settings=settings,
        now=now,
        actor=actor,
        data=planned.text.encode("utf-8"),
        action="desk-edit",
        detail=detail,
    )


def reset_desk(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    now: datetime,
    actor: str,
    desks: Mapping[str, Desk],
    key: str,
) -> dict[str, Desk]:
    """Drop the user's table of one desk (a shipped desk is as shipped again, the user's
    own desk is gone); the desks now in effect."""
    _desk(desks, key)
    text = replace_desk(desk_overrides.current_text(settings), key, None)
    if not text.strip():
        return desk_overrides.reset(sessions=sessions, settings=settings, now=now, actor=actor)
    return desk_overrides.save(
        sessions=sessions,
        settings=settings,
        now=now,
        actor=actor,
        data=text.encode("utf-8"),
        action="desk-reset",
        detail={"desk": key},
    )


def form_error(exc: InvalidInput, settings: Settings) -> InvalidInput:
    """A loader refusal with the server's path of the file replaced by its name."""
    field = exc.field or ""
    where = str(settings.user_desks_path)
    if field.startswith(where):
        return exc.recast(InvalidInput, field=settings.user_desks_path.name + field[len(where) :])
    return exc
